"""Fragment cache: pieces many pages share (the navigation, the footer's pages, latest
news, must read), kept in the page cache's store under the same rules.

A fragment is stored under the page cache's current generation, so every change that
empties the page cache (`core.page_cache.changed()`) makes every fragment a miss as
well, and it never outlives the next scheduled change (`page_cache.lifetime`). It
serves the pages the page cache does not: the first render of each page after a
change, and every page when the page cache is off (PAGE_CACHE_ENABLED=false) or
bypassed (staff, a reader with their own pending comment). Switch it off with
FRAGMENT_CACHE_ENABLED=false. A cache outage is a miss: the fragment is computed.

HTML fragments are also kept in each process's memory (core/page_copies.py, under the
page cache's PAGE_CACHE_LOCAL_BYTES bound), used only while their generation is the one
read from the shared store and their shared entry has not expired: exactly as fresh,
without reading the store.

Within one request the generation is read once (the first fragment reads it; the
others use it), so a page's fragments all come from one generation and a page with
ten fragments reads the generation once, not ten times; a change the request makes
itself is seen by what it reads next. Outside a request (the worker, management
commands) it is read on every use.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started

from . import page_cache
from .page_copies import copies

logger = logging.getLogger(__name__)

T = TypeVar("T")
KEY_PREFIX = "fragment:"


# {} during a request (then {"generation": …} once read), None outside one.
_request_memo: ContextVar[dict | None] = ContextVar("fragments_request_memo", default=None)


def _request_began(**kwargs) -> None:
    _request_memo.set({})


def _request_ended(**kwargs) -> None:
    _request_memo.set(None)


request_started.connect(_request_began, dispatch_uid="core.fragments.request_began")
request_finished.connect(_request_ended, dispatch_uid="core.fragments.request_ended")


def forget_request_generation() -> None:
    """This process changed the site (`page_cache.changed()`): the request's next
    fragment reads the new generation."""
    memo = _request_memo.get()
    if memo:
        memo.clear()


def _generation(cache) -> str:
    """The current generation: once per request (see the module docstring)."""
    memo = _request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    generation = page_cache.current_generation(cache)
    if memo is not None:
        memo["generation"] = generation
    return generation


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_ENABLED and settings.PAGE_CACHE_SECONDS > 0


def get_or_make[T](
    name: str, make: Callable[[], T], *, keep: Callable[[T], bool] | None = None
) -> T:
    """The fragment `name` of the current generation, made (and stored) on a miss.

    `name` must say everything the value depends on besides the site's content (an
    excluded article's id, a count). The value must pickle: rendered HTML, model
    instances, lists of them. A made value for which `keep(value)` is false is
    returned but not stored (a lookup that found nothing, say, so that made-up
    addresses do not fill the cache).
    """
    if not enabled():
        return make()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    try:
        generation = _generation(cache)
        key = f"{KEY_PREFIX}{generation}:{name}"
        copy = copies.get(key, generation)
        if copy is not None:
            return copy["content"]
        stored = cache.get(key)
    except Exception:
        logger.exception("Fragment cache unavailable; computing %s", name)
        return make()
    if stored is not None:
        if len(stored) == 2:
            _keep_copy(key, generation, *stored)
        return stored[0]
    value = make()
    if keep is not None and not keep(value):
        return value
    ttl = page_cache.lifetime(cache, generation)
    if ttl >= 1:
        expires_at = time.time() + ttl
        try:
            # Wrapped: a stored None or [] is a hit too.
            cache.set(key, (value, expires_at), ttl)
        except Exception:
            logger.exception("Fragment cache: could not store %s", name)
        else:
            _keep_copy(key, generation, value, expires_at)
    return value


def _keep_copy(key: str, generation: str, value, expires_at: float) -> None:
    """Keep HTML in this process's memory (core/page_copies.py) until its shared entry
    expires, for as long as its generation is current. Only strings: they cannot be
    changed by the request that uses them, where a model instance could."""
    if isinstance(value, str):
        copies.put(key, {"generation": generation, "expires_at": expires_at, "content": value})
