"""Fixed-window rate limits kept in Django's cache (shared by every worker with Redis).

A limit is `limit` hits per `period` seconds for one key (a scope and, say, a
reader's IP address). It fails open: a cache outage lets requests through
rather than turning readers away, and the cache is no place for a lock.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def hit(scope: str, key: str, *, limit: int, period: int, now: float | None = None) -> int:
    """Count one hit; return 0 if it is allowed, else the seconds until the window resets.

    `limit` ≤ 0 turns the limit off. The window is aligned to multiples of
    `period`, so Retry-After is exact and every worker agrees on it.
    """
    if limit <= 0 or period <= 0:
        return 0
    now = time.time() if now is None else now
    window = int(now // period)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"rate:{scope}:{window}:{digest}"
    try:
        # add() is a no-op when the key exists; incr() is atomic on Redis and locmem.
        cache.add(cache_key, 0, timeout=period + 1)
        count = cache.incr(cache_key)
    except ValueError:
        # Expired between add() and incr(): this is the first hit of a new window.
        return 0
    except Exception:  # a cache outage must not become an error page
        logger.warning("Rate limit %s not applied: the cache is unavailable.", scope, exc_info=True)
        return 0
    if count <= limit:
        return 0
    return max(1, int((window + 1) * period - now + 0.999))
