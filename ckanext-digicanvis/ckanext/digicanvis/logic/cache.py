"""Small caches shared by the pages, correct across worker processes.

Values live in each web process's memory; what makes them safe is a version number per
namespace kept in Redis: a change bumps the version (projects saved or deleted, a body
edited) and every process then stops using the values made under the old one. Reading
the version is one Redis GET per namespace and request. When Redis does not answer (within
``VERSION_TIMEOUT``) nothing is cached for a while: pages are computed as if there were no
cache, never served stale.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Hashable

import redis

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)
PROJECTS = "projects"  # anything a search shows: bumped on every project save and body edit
BODIES = "bodies"  # a local body's own facts: bumped on every body edit
MAX_ENTRIES = 5000
# A safety net: no value is used longer than this, whatever the versions say.
MAX_AGE = 300.0
VERSION_TIMEOUT = 0.25
# After Redis failed to answer, this many seconds without caching before asking it again.
PAUSE_AFTER_FAILURE = 10.0

_values: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_lock = threading.Lock()
_client: redis.Redis | None = None
_paused_until = 0.0
# Bumps that Redis did not take; sent as soon as it answers again.
_pending: set[str] = set()


def _redis() -> redis.Redis:
    global _client
    if _client is None:
        url = tk.config["ckan.redis.url"].split("?")[0]
        _client = redis.Redis.from_url(url, socket_timeout=VERSION_TIMEOUT, socket_connect_timeout=VERSION_TIMEOUT)
    return _client


def _key(namespace: str) -> str:
    return f"{tk.config['ckan.site_id']}:digicanvis:cache-version:{namespace}"


def version(namespace: str) -> int | None:
    """The namespace's current version, once per request; None while Redis is unavailable."""
    global _paused_until
    seen = tk.g.setdefault("digicanvis_cache_versions", {}) if tk.request else {}
    if namespace in seen:
        return seen[namespace]
    current: int | None = None
    if time.monotonic() >= _paused_until:
        try:
            _send_pending()
            current = int(_redis().get(_key(namespace)) or 0)
        except redis.RedisError as error:
            log.warning("cache off for %.0f s: Redis did not answer (%s)", PAUSE_AFTER_FAILURE, error)
            _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
    seen[namespace] = current
    return current


def bump(*namespaces: str) -> None:
    """Something changed: values of these namespaces are stale in every process."""
    with _lock:
        for key in [key for key in _values if key[0] in namespaces]:
            del _values[key]
    _pending.update(namespaces)
    try:
        _send_pending()
    except redis.RedisError as error:
        log.warning("page caches not invalidated yet (%s): will be when Redis answers", error)


def _send_pending() -> None:
    while _pending:
        namespace = next(iter(_pending))
        _redis().incr(_key(namespace))
        _pending.discard(namespace)


def cached(namespace: str, key: Hashable, compute: Callable[[], Any]) -> Any:
    """The value of ``compute()`` made under the namespace's current version (and at most
    ``MAX_AGE`` ago), else a fresh one."""
    current = version(namespace)
    if current is None:
        return compute()
    full_key = (namespace, current, key)
    now = time.monotonic()
    with _lock:
        if full_key in _values and now - _values[full_key][0] < MAX_AGE:
            _values.move_to_end(full_key)
            return _values[full_key][1]
    value = compute()
    with _lock:
        _values[full_key] = (now, value)
        while len(_values) > MAX_ENTRIES:
            _values.popitem(last=False)
    return value
