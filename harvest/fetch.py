"""Safe fetching of what a harvest source serves: every source is untrusted input.

One module that every harvester (and the RDF harvester's ``update_session``) uses, so the
same rules hold everywhere:

- only ``http``/``https`` URLs, never ``file://`` or a local path;
- only destinations whose addresses are public: loopback, private, link-local (cloud
  metadata), CG-NAT, unique-local, unspecified and multicast addresses are refused, checked
  before the request, again at connect time on the address actually used (requests-hardened
  pins it, so DNS cannot change between the check and the connection) and after every
  redirect; the setting ``ckanext.digicanvis.harvest.allow_private_addresses`` (tests, an
  intranet portal) lifts the rule except for cloud metadata, unspecified and multicast
  addresses, which are always refused;
- connect timeout 10 s, read timeout ``ckanext.digicanvis.harvest.read_timeout`` (60 s) and a
  deadline for the whole response ``ckanext.digicanvis.harvest.total_timeout`` (600 s), so a
  server that sends one byte a second cannot keep a consumer forever;
- bodies streamed and cut at ``ckanext.digicanvis.harvest.max_bytes`` (50 MB) of decoded
  content (gzip bombs included), at most ``ckanext.digicanvis.harvest.max_redirects`` hops,
  redirect bodies never read.

Errors are :class:`FetchError`, whose message names what happened in words a job report can
show; ``translated()`` renders it in the reader's language.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import ipaddress
import socket
import threading
import time
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

import requests
import requests_hardened
from requests.adapters import HTTPAdapter
from requests_hardened.ip_filter import EXTRA_BLOCKED_NET_RANGES, InvalidIPAddress
from requests_hardened.ip_filter_adapter import IPFilterAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

import ckan.plugins.toolkit as tk

CONNECT_TIMEOUT = 10
SCHEMES = ("http", "https")
SETTING = "ckanext.digicanvis.harvest."
# Fallbacks when the settings are not declared (the module used outside the plugin).
DEFAULTS = {
    "allow_private_addresses": False,
    "read_timeout": 60,
    "total_timeout": 600,
    "max_bytes": 50 * 1024 * 1024,
    "max_redirects": 5,
}
# Cloud instance metadata services: never a harvest source, whatever the settings say.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)
CHUNK = 64 * 1024
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def N_(message: str) -> str:
    """Marks a message for translation; it is translated when shown (``FetchError.translated``)."""
    return message


class FetchError(Exception):
    """A source could not be fetched safely; the message says why, for the job report.

    ``message`` is the English text with ``{placeholders}`` (a msgid of the catalogue),
    ``params`` fill them in.
    """

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message.format(**params))

    def translated(self) -> str:
        """The message in the language of the current request (English outside one)."""
        try:
            return tk._(self.message).format(**self.params)
        except (RuntimeError, TypeError):
            return str(self)


class AddressError(FetchError, requests.ConnectionError):
    """An address that may not or cannot be harvested (:func:`check_url`). A ``requests``
    connection error too: the session's adapters raise it, and code written for plain
    requests (ckanext-dcat's RDF harvester) reports it as one."""


@dataclasses.dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


# ---------------------------------------------------------------- settings


def setting(name: str) -> Any:
    """A harvest setting (``ckanext.digicanvis.harvest.<name>``), typed like its default."""
    default = DEFAULTS[name]
    value = tk.config.get(SETTING + name)
    if value is None or value == "":
        return default
    if isinstance(default, bool):
        return tk.asbool(value)
    return tk.asint(value)


def private_addresses_allowed() -> bool:
    return setting("allow_private_addresses")


def user_agent() -> str:
    site = tk.config.get("ckan.site_url") or ""
    return f"DigiCanvis-Observatory-Harvester/1.0 (+{site})"


# ---------------------------------------------------------------- address rule


def refusal_reason(ip: IpAddress, allow_private: bool) -> str | None:
    """Why harvesting from ``ip`` is refused (a msgid), or None when it may be used."""
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return N_("a cloud metadata address")
    if ip.is_unspecified:
        return N_("an unspecified address")
    if ip.is_multicast:
        return N_("a multicast address")
    if allow_private:
        return None
    if ip.is_loopback:
        return N_("a loopback address")
    if ip.is_link_local:
        return N_("a link-local address")
    if ip in ipaddress.ip_network("100.64.0.0/10"):
        return N_("a shared (CG-NAT) address")
    if ip.version == 6 and ip in ipaddress.ip_network("fc00::/7"):
        return N_("a unique-local address")
    if ip.is_private:
        return N_("a private address")
    if not ip.is_global or ip.is_reserved or any(ip in net for net in EXTRA_BLOCKED_NET_RANGES):
        return N_("a reserved address")
    return None


def _resolve(host: str, port: int) -> list[IpAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise AddressError(N_("The host {host} could not be resolved ({error})."), host=host, error=error) from error
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def _refuse_unless_allowed(host: str, ip: IpAddress) -> None:
    reason = refusal_reason(ip, private_addresses_allowed())
    if reason is not None:
        raise AddressError(
            N_("Refused: {host} is {reason} ({address}); only public addresses may be harvested."),
            host=host,
            reason=_Lazy(reason),
            address=str(ip),
        )


def check_url(url: str) -> None:
    """Raises :class:`FetchError` unless ``url`` is http(s) and its host resolves only to
    addresses that may be harvested (see :func:`refusal_reason`)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise AddressError(N_("{url} is not a valid address ({error})."), url=url, error=error) from error
    if parts.scheme.lower() not in SCHEMES:
        raise AddressError(
            N_("Only http and https addresses can be harvested, not {scheme}."), scheme=parts.scheme or url
        )
    host = parts.hostname
    if not host:
        raise AddressError(N_("{url} names no host."), url=url)
    for ip in _resolve(host, port or (443 if parts.scheme.lower() == "https" else 80)):
        _refuse_unless_allowed(host, ip)


class _Lazy:
    """A msgid inside another message's parameters, translated when that one is."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __format__(self, spec: str) -> str:
        try:
            return format(tk._(self.message), spec)
        except (RuntimeError, TypeError):
            return format(self.message, spec)


# ---------------------------------------------------------------- the hardened session


class _DeadlineMixin:
    """Connection that shuts its socket once a response took longer than the deadline.

    A read timeout only bounds the silence between two packets; a source that sends one byte
    a second (headers or body) would never hit it. The timer is re-armed for every response
    on the connection; when it fires on an idle pooled connection, the pool just reconnects.
    """

    _deadline_timer: threading.Timer | None = None

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        self._arm_deadline()
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]

    def _arm_deadline(self) -> None:
        if self._deadline_timer is not None:
            self._deadline_timer.cancel()
        sock = self.sock  # type: ignore[attr-defined]
        timer = threading.Timer(setting("total_timeout"), _shut, args=(sock,))
        timer.daemon = True
        timer.start()
        self._deadline_timer = timer

    def close(self) -> None:
        if self._deadline_timer is not None:
            self._deadline_timer.cancel()
        super().close()  # type: ignore[misc]


def _shut(sock: socket.socket | None) -> None:
    # The plain socket's shutdown also ends a read on a TLS socket from another thread.
    with contextlib.suppress(OSError, TypeError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # type: ignore[arg-type]


class _DeadlineHTTPConnection(_DeadlineMixin, HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_DeadlineMixin, HTTPSConnection):
    pass


class _DeadlineHTTPPool(HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection


class _DeadlineHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection


class _DeadlineAdapterMixin:
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[misc]
        self.poolmanager.pool_classes_by_scheme = {"http": _DeadlineHTTPPool, "https": _DeadlineHTTPSPool}  # type: ignore[attr-defined]


class _PublicOnlyAdapter(_DeadlineAdapterMixin, IPFilterAdapter):
    """requests-hardened's adapter (resolves once, refuses private addresses, connects to the
    address it checked), with our rule on that same address: one rule for check_url and here."""

    def build_connection_pool_key_attributes(self, request, verify, cert=None):  # type: ignore[no-untyped-def]
        host = urlsplit(request.url).hostname or ""
        try:
            host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        except InvalidIPAddress as refused:
            _refuse_unless_allowed(host, refused.args[0])  # the same words as check_url
            raise
        _refuse_unless_allowed(host, ipaddress.ip_address(host_params["host"].strip("[]")))
        return host_params, pool_kwargs


class _AllowPrivateAdapter(_DeadlineAdapterMixin, HTTPAdapter):
    """When private addresses are allowed: the always-refused ones are still checked."""

    def build_connection_pool_key_attributes(self, request, verify, cert=None):  # type: ignore[no-untyped-def]
        check_url(request.url)
        return super().build_connection_pool_key_attributes(request, verify, cert)


def _drop_redirect_body(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
    """requests reads a redirect's whole body before following it: an endless one would
    never end. Close the connection unread instead."""
    if response.is_redirect:
        response._content = b""  # noqa: SLF001 (what requests checks before reading)
        response.raw.close()
    return response


def session() -> requests.Session:
    """A requests session for untrusted sources: addresses checked at connect time (every
    redirect and DNS answer included), default timeouts (connect 10 s, read
    ``read_timeout``), a deadline per response (``total_timeout``), at most
    ``max_redirects`` redirects, no proxy or .netrc from the environment.

    Callers still cap what they read (:func:`fetch` and :func:`open_stream` do)."""
    allow_private = private_addresses_allowed()
    sess = requests_hardened.HTTPSession(
        requests_hardened.Config(
            ip_filter_enable=False,  # mounted below with our own rule on top
            ip_filter_allow_loopback_ips=False,
            never_redirect=False,
            default_timeout=(CONNECT_TIMEOUT, setting("read_timeout")),
            user_agent_override=user_agent(),
        )
    )
    for prefix, https in (("http://", False), ("https://", True)):
        adapter = _AllowPrivateAdapter() if allow_private else _PublicOnlyAdapter(is_https_proto=https)
        sess.mount(prefix, adapter)
    sess.trust_env = False
    sess.max_redirects = setting("max_redirects")
    sess.hooks["response"].append(_drop_redirect_body)
    return sess


# ---------------------------------------------------------------- fetching


class _CappedBody(io.RawIOBase):
    """The decoded body of a streamed response as a binary file, cut past ``max_bytes``."""

    def __init__(self, response: requests.Response, max_bytes: int, started: float) -> None:
        self._response = response
        self._max_bytes = max_bytes
        self._started = started
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        wanted = min(len(buffer), CHUNK)
        try:
            data = self._response.raw.read1(wanted, decode_content=True)
        except Exception as error:  # urllib3, http.client and socket errors alike
            raise _transfer_error(self._response.url, error, self._started) from error
        if not data:
            _check_deadline(self._response.url, self._started)
            return 0
        self.count += len(data)
        if self.count > self._max_bytes:
            raise FetchError(
                N_("{url} sent more than {limit} bytes (the size cap); the download was cut."),
                url=self._response.url,
                limit=self._max_bytes,
            )
        buffer[: len(data)] = data
        return len(data)


def _check_deadline(url: str, started: float) -> None:
    """A shut socket looks like the end of the body: tell the two apart by the clock."""
    limit = setting("total_timeout")
    if time.monotonic() - started >= limit:
        raise FetchError(N_("{url} took longer than {seconds} seconds; the download was cut."), url=url, seconds=limit)


def _transfer_error(url: str, error: Exception, started: float) -> FetchError:
    if isinstance(error, FetchError):
        return error
    _check_deadline(url, started)
    if isinstance(error, InvalidIPAddress):
        return FetchError(
            N_("Refused: {url} leads to {address}, which is not a public address."), url=url, address=error
        )
    if isinstance(error, requests.ConnectTimeout):
        return FetchError(N_("Could not connect to {url} within {seconds} seconds."), url=url, seconds=CONNECT_TIMEOUT)
    if isinstance(error, (requests.ReadTimeout, socket.timeout)) or "timed out" in str(error):
        return FetchError(
            N_("{url} sent nothing for {seconds} seconds; the download was stopped."),
            url=url,
            seconds=setting("read_timeout"),
        )
    return FetchError(N_("Could not fetch {url}: {error}"), url=url, error=error)


def _get(sess: requests.Session, url: str, headers: dict[str, str], started: float) -> requests.Response:
    """GET ``url``, following redirects here so that each target is checked and named."""
    for _hop in range(setting("max_redirects") + 1):
        check_url(url)
        try:
            response = sess.get(url, headers=headers, stream=True, allow_redirects=False)
        except (requests.RequestException, OSError) as error:
            raise _transfer_error(url, error, started) from error
        if not response.is_redirect:
            return response
        target = urljoin(url, response.headers["location"])
        response.close()
        try:
            check_url(target)
        except FetchError as error:
            raise FetchError(
                N_("The redirect from {url} to {target} was refused: {reason}"),
                url=url,
                target=target,
                reason=_Nested(error),
            ) from error
        url = target
    raise FetchError(N_("{url} redirects more than {limit} times."), url=url, limit=setting("max_redirects"))


class _Nested:
    """Another FetchError inside a message's parameters, translated with it."""

    def __init__(self, error: FetchError) -> None:
        self.error = error

    def __format__(self, spec: str) -> str:
        return format(self.error.translated(), spec)


@contextlib.contextmanager
def open_stream(
    url: str, *, max_bytes: int | None = None, headers: dict[str, str] | None = None
) -> Iterator[io.BufferedReader]:
    """The body at ``url`` as a binary file, read as the caller goes (memory stays flat).

    Same rules and caps as :func:`fetch`; the file's ``response`` attribute is the
    ``requests.Response`` (final ``url``, ``status_code``, ``headers``).
    """
    limit = max_bytes if max_bytes is not None else setting("max_bytes")
    started = time.monotonic()
    with contextlib.closing(session()) as sess:
        response = _get(sess, url, headers or {}, started)
        with contextlib.closing(response):
            if not 200 <= response.status_code < 300:
                raise FetchError(
                    N_("{url} answered HTTP {status} {reason}."),
                    url=response.url,
                    status=response.status_code,
                    reason=response.reason or "",
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(
                    N_("{url} announces {size} bytes, more than the size cap of {limit} bytes."),
                    url=response.url,
                    size=int(declared),
                    limit=limit,
                )
            stream = io.BufferedReader(_CappedBody(response, limit, started), buffer_size=CHUNK)
            stream.response = response  # type: ignore[attr-defined]
            yield stream


def fetch(url: str, *, max_bytes: int | None = None, headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url`` under the rules of this module; the whole (capped) body in memory."""
    with open_stream(url, max_bytes=max_bytes, headers=headers) as stream:
        body = stream.read()
        response = stream.response  # type: ignore[attr-defined]
        return Fetched(
            url=response.url,
            status=response.status_code,
            content_type=response.headers.get("content-type", ""),
            body=body,
        )
