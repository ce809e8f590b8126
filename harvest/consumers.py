"""ckanext-harvest's gather and fetch consumers, kept alive.

ckanext-harvest 1.6.3 waits for work with a blocking ``BLPOP`` on a Redis connection made
with redis-py's defaults; redis-py 8 (pinned with CKAN 2.12) gives every connection a 5 s
socket timeout, so an idle consumer dies after 5 seconds ("Timeout reading from socket").
Here the consumer gets a connection without a read timeout (a blocking wait is the point),
and a consumer that loses Redis or meets an unexpected error in a callback logs it and
listens again: what it took from the queue stays marked in Redis and ``harvester run``
sends it back after 3 minutes. The callbacks are ckanext-harvest's own.
"""

from __future__ import annotations

import logging
import time

import redis
from redis.connection import parse_url

import ckan.plugins.toolkit as tk
from ckan import model

log = logging.getLogger(__name__)
RETRY_SECONDS = 5


def blocking_connection() -> redis.Redis:
    """Like ckanext-harvest's connection, without a read timeout."""
    options = {"decode_responses": True, "encoding": "utf-8", "socket_timeout": None, "socket_keepalive": True}
    if not tk.config.get("ckan.harvest.mq.hostname") and tk.config.get("ckan.redis.url"):
        # Not from_url: options in the URL win over its arguments, and the web site's URL
        # carries a short read timeout (scripts/env.sh, REDIS_TIMEOUTS).
        url_options = {**parse_url(tk.config["ckan.redis.url"]), **options}
        return redis.Redis(connection_pool=redis.ConnectionPool(**url_options))
    return redis.Redis(
        host=tk.config.get("ckan.harvest.mq.hostname") or "localhost",
        port=int(tk.config.get("ckan.harvest.mq.port") or 6379),
        password=tk.config.get("ckan.harvest.mq.password") or None,
        db=int(tk.config.get("ckan.harvest.mq.redis_db") or 0),
        **options,
    )


def run(queue: str) -> None:
    """Consume the ``gather`` or ``fetch`` queue until the process is stopped."""
    from ckanext.harvest import queue as harvest_queue

    get_consumer, callback, queue_name = {
        "gather": (harvest_queue.get_gather_consumer, harvest_queue.gather_callback, harvest_queue.get_gather_queue_name),
        "fetch": (harvest_queue.get_fetch_consumer, harvest_queue.fetch_callback, harvest_queue.get_fetch_queue_name),
    }[queue]
    while True:
        consumer = get_consumer()
        consumer.redis = blocking_connection()
        try:
            for method, header, body in consumer.consume(queue=queue_name()):
                callback(consumer, method, header, body)
        except redis.exceptions.ConnectionError as error:
            log.warning("%s consumer lost Redis (%s); listening again in %d s", queue, error, RETRY_SECONDS)
            time.sleep(RETRY_SECONDS)
        except Exception:
            log.exception("%s consumer: a message failed; listening again", queue)
            model.Session.remove()
