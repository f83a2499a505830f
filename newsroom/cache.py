"""Django's Redis cache, except that Redis being away is a cache miss, not an error page.

`FailSoftRedisCache` is `django.core.cache.backends.redis.RedisCache` whose
operations, when Redis cannot be reached (refused, timed out, loading), behave
as on an empty cache that stores nothing: `get` returns the default, `add` and
`delete` return False, `set` does nothing, `incr` raises ValueError as for a
missing key. The outage is logged once per process when it starts and once
when Redis answers again. For `RETRY_SECONDS` after a failure Redis is not
tried at all, so a dead cache costs a request nothing, not a timeout per call.
Other Redis errors (a wrong command, out of memory) still raise.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("newsroom.cache")

RETRY_SECONDS = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class _Outage:
    """Process-wide: is Redis known to be down, and until when do we leave it alone."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0

    def skip(self) -> bool:
        return self.down and time.monotonic() < self.retry_at

    def failed(self, exc: Exception, servers) -> None:
        with self.lock:
            self.retry_at = time.monotonic() + RETRY_SECONDS
            if self.down:
                return
            self.down = True
        logger.error(
            "Redis cache unreachable (%s: %s); serving without the cache until it returns.",
            type(exc).__name__,
            exc,
            extra={"redis_servers": servers},
        )

    def succeeded(self) -> None:
        if not self.down:
            return
        with self.lock:
            if not self.down:
                return
            self.down = False
        logger.warning("Redis cache reachable again.")


outage = _Outage()


def _fail_soft(method_name: str, on_outage):
    method = getattr(RedisCacheClient, method_name)

    def wrapped(self, *args, **kwargs):
        if outage.skip():
            return on_outage(*args)
        try:
            result = method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            outage.failed(exc, self._servers)
            return on_outage(*args)
        outage.succeeded()
        return result

    wrapped.__name__ = method_name
    return wrapped


def _missing_key(key, *args):
    raise ValueError(f"Key '{key}' not found (cache unavailable).")


class FailSoftRedisCacheClient(RedisCacheClient):
    add = _fail_soft("add", lambda *a: False)
    get = _fail_soft("get", lambda key, default: default)
    set = _fail_soft("set", lambda *a: None)
    touch = _fail_soft("touch", lambda *a: False)
    delete = _fail_soft("delete", lambda *a: False)
    get_many = _fail_soft("get_many", lambda *a: {})
    has_key = _fail_soft("has_key", lambda *a: False)
    incr = _fail_soft("incr", _missing_key)
    set_many = _fail_soft("set_many", lambda *a: None)
    delete_many = _fail_soft("delete_many", lambda *a: None)
    clear = _fail_soft("clear", lambda *a: False)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient
