"""The reader page cache: whole public pages kept in Django's cache, served before
sessions, messages, the database and the template engine run.

Contract:

- Only an anonymous reader's GET or HEAD can be answered from the cache or fill
  it: a request carrying any cookie named in PAGE_CACHE_BYPASS_COOKIES (the
  session, one-shot messages, the reader's own-comments cookie) goes through
  the site as if there were no cache.
- A response is stored only when `public_page` marked it public, nothing marked
  the request or the response private, its status is 200, 301 or 404, it sets
  no cookie and it varies on nothing.
- Every entry carries the site-wide *generation* it was rendered under. Any
  change that can alter a public page calls `changed()` (through
  `changed_on_commit()`, after the transaction commits), which starts a new
  generation: every older entry is a miss from then on. The generation is read
  before the page is rendered, so a page rendered from data older than a change
  is always stored under the older generation.
- Time changes pages too: an entry never outlives the next moment something is
  due to change by itself (a scheduled article going live). Apps register a
  function that says when that is with `register_next_change()`; the answer is
  cached per generation.
- Public responses (cached or not) get an `ETag` and `Last-Modified` and
  conditional requests are answered with `304 Not Modified`.
- The cache failing (Redis down) is a miss, never an error page.
- Each process keeps copies of the entries it served lately in its own memory
  (`core/page_copies.py`, PAGE_CACHE_LOCAL_BYTES): a copy is used only while it is of the
  generation just read from the shared store and before the moment its shared entry
  expires, so it is exactly as fresh as the shared entry. A hit then reads one small
  key (the generation) from the shared store instead of the whole page.
- Tracking parameters no page reads (PAGE_CACHE_IGNORED_PARAMS: `utm_*`, `fbclid`,
  …) are left out of the key (`core/page_keys.py`), so a story shared with a new
  click id per reader is still one entry.

Two doors read the same entries. `PageCacheApplication` wraps the WSGI
application (newsroom/wsgi.py) and answers a hit before Django builds a request
at all: that is the path readers take under gunicorn. `PageCacheMiddleware`
(first after liveness and the request log in MIDDLEWARE) answers hits for
whatever reaches Django without the wrapper (runserver, the test client) and is
the only place that fills the cache. Because it runs outside the security,
CSP and other middleware, an entry holds the headers they set, so both doors
answer with the same headers. The key is the scheme, host, path and query
string (less tracking parameters), so a redirect to HTTPS or a refused Host header
is never skipped by a hit.

The cache is the PAGE_CACHE_ALIAS entry of CACHES ("pages"): Redis when
REDIS_URL is set, otherwise a directory shared by every process on the machine,
so a change made by one worker process is seen by all the others.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from .cache_control import is_private
from .page_copies import copies as _copies
from .page_keys import page_key

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
NEXT_CHANGE_KEY = "pagecache:next-change"
CACHEABLE_STATUSES = (200, 301, 404)
# Headers a stored page keeps; everything else is recomputed or does not apply.
_SKIP_HEADERS = {
    "content-length",
    "set-cookie",
    "date",
    "x-page-cache",
    "x-request-id",
    "etag",  # the validators are the entry's own fields
    "last-modified",
}
# Headers a 304 keeps (as django.utils.cache does).
_NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "etag", "expires", "last-modified"}
# The key the wrapper leaves in the environ after a miss, so the middleware does not
# read the cache a second time for the same request.
_LOOKUP_ENVIRON_KEY = "newsroom.page_cache.lookup"

_next_change_sources: list[Callable[[datetime.datetime], datetime.datetime | None]] = []


def register_next_change(source: Callable[[datetime.datetime], datetime.datetime | None]) -> None:
    """Register `source(now)`: the next moment after `now` when public pages change by
    themselves (None if no such moment is known). Called by apps in `ready()`."""
    if source not in _next_change_sources:
        _next_change_sources.append(source)


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def enabled() -> bool:
    return settings.PAGE_CACHE_ENABLED and settings.PAGE_CACHE_SECONDS > 0


def changed() -> None:
    """Start a new generation: every page stored so far is stale from now on."""
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # a cache outage must not break the write that called us
        logger.exception("Page cache: could not start a new generation")
    # What this request renders after its own change reads the new generation.
    from .fragments import forget_request_generation  # fragments imports this module

    forget_request_generation()


def changed_on_commit(using: str | None = None) -> None:
    """Call `changed()` once the current transaction commits (at once outside one)."""
    transaction.on_commit(changed, using=using)


def _current_generation(cache) -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # First use (or the cache was emptied): start one. add() so that
        # concurrent first requests agree on a single value.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _next_change(cache, generation: str, now: datetime.datetime) -> datetime.datetime | None:
    """The soonest moment registered sources say pages change by themselves."""
    stored = cache.get(NEXT_CHANGE_KEY)
    if stored is not None and stored[0] == generation and (stored[1] is None or stored[1] > now):
        return stored[1]
    moments = [m for m in (source(now) for source in _next_change_sources) if m is not None]
    soonest = min(moments) if moments else None
    cache.set(NEXT_CHANGE_KEY, (generation, soonest), None)
    return soonest


def current_generation(cache=None) -> str:
    """The site's current generation (raises if the cache is unreachable)."""
    return _current_generation(cache if cache is not None else _cache())


def lifetime(cache, generation: str) -> int:
    """Seconds an entry stored now under `generation` may live: PAGE_CACHE_SECONDS, or
    less when something is due to change by itself sooner. 0: do not store."""
    now = timezone.now()
    ttl = settings.PAGE_CACHE_SECONDS
    try:
        upcoming = _next_change(cache, generation, now)
    except Exception:
        logger.exception("Page cache: could not find the next scheduled change")
        return 0
    if upcoming is not None:
        ttl = min(ttl, int((upcoming - now).total_seconds()))
    return max(ttl, 0)


def _is_asset(path: str) -> bool:
    """Static files and uploads: served by WhiteNoise or the media view, never pages."""
    return any(
        prefix.startswith("/") and path.startswith(prefix)
        for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
    )


def may_use_cache(environ) -> bool:
    """Anonymous GET/HEAD of a page, without any of the cookies that make a page one
    reader's own. Takes the WSGI environ (a Django request's META)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if _is_asset(environ.get("PATH_INFO", "")):
        return False
    cookies = environ.get("HTTP_COOKIE")
    if cookies:
        names = parse_cookie(cookies)
        return not any(name in names for name in settings.PAGE_CACHE_BYPASS_COOKIES)
    return True


def request_may_use_cache(request) -> bool:
    return may_use_cache(request.META)


def response_is_public(request, response) -> bool:
    """Marked public by `public_page`, not private, and the same for every reader."""
    return (
        getattr(response, "_newsroom_public", False)
        and not is_private(request, response)
        and response.status_code in CACHEABLE_STATUSES
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")
    )


def _add_validators(response, *, etag: str, last_modified: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)


def _etag(content: bytes) -> str:
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


def _conditional(request, response, *, etag: str, last_modified: float):
    """304 when the reader's validators match, else `response` (GET/HEAD only)."""
    if response.status_code != 200:
        return response
    return get_conditional_response(
        request, etag=etag, last_modified=int(last_modified), response=response
    )


def _not_modified(environ, entry) -> bool:
    """Would Django answer this conditional GET/HEAD of a stored 200 with a 304?"""
    if entry["status"] != 200:
        return False
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = parse_etags(if_none_match)
        ours = entry["etag"].removeprefix("W/")
        return "*" in tags or any(tag.removeprefix("W/") == ours for tag in tags)
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        moment = parse_http_date_safe(since)
        return moment is not None and int(entry["stored_at"]) <= moment
    return False


def _has_preconditions(environ) -> bool:
    """If-Match / If-Unmodified-Since (a 412 is possible): left to Django's own handling."""
    return "HTTP_IF_MATCH" in environ or "HTTP_IF_UNMODIFIED_SINCE" in environ


def _entry(cache, key: str, generation: str) -> dict | None:
    """The entry stored under `key` for `generation` (this process's copy, or the
    shared store's), or None. Raises if the shared store is unreachable."""
    entry = _copies.get(key, generation)
    if entry is not None:
        return entry
    entry = cache.get(key)
    if entry is None or entry["generation"] != generation:
        return None
    _copies.put(key, entry)
    return entry


def lookup(environ):
    """The current entry for this request, or None (a miss, or the cache unavailable)."""
    cache = _cache()
    key = page_key(environ)
    try:
        generation = _current_generation(cache)
        entry = _entry(cache, key, generation)
    except Exception:
        logger.exception("Page cache unavailable; serving uncached")
        return None
    if entry is not None:
        return entry
    environ[_LOOKUP_ENVIRON_KEY] = (key, generation)
    return None


class PageCacheApplication:
    """WSGI wrapper: answer hits before Django runs (see the module docstring).

    `request_id(environ)` gives the X-Request-ID a hit is answered with (the
    request-log middleware sets it on everything else).
    """

    def __init__(self, application, *, request_id: Callable[[dict], str] | None = None):
        self.application = application
        self.request_id = request_id

    def __call__(self, environ, start_response):
        if enabled() and may_use_cache(environ) and not _has_preconditions(environ):
            entry = lookup(environ)
            if entry is not None:
                return self._hit(environ, start_response, entry)
        return self.application(environ, start_response)

    def _hit(self, environ, start_response, entry):
        last_modified = entry.get("last_modified") or http_date(entry["stored_at"])
        validators = [("ETag", entry["etag"]), ("Last-Modified", last_modified)]
        if _not_modified(environ, entry):
            headers = [h for h in entry["headers"] if h[0].lower() in _NOT_MODIFIED_HEADERS]
            status, body, length = "304 Not Modified", b"", None
        else:
            headers = list(entry["headers"])
            status = "{} {}".format(entry["status"], _REASONS[entry["status"]])
            content = entry["content"]
            body, length = (b"" if environ["REQUEST_METHOD"] == "HEAD" else content), len(content)
        headers += validators
        if length is not None:
            headers.append(("Content-Length", str(length)))
        headers.append(("X-Page-Cache", "hit"))
        if self.request_id is not None:
            headers.append(("X-Request-ID", self.request_id(environ)))
        start_response(status, headers)
        return [body]


_REASONS = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}


class PageCacheMiddleware:
    """Answer anonymous readers' public pages from the page cache (see module docstring).

    Placed first in MIDDLEWARE after liveness and the request log, so that a hit
    runs none of the rest and a stored page keeps the headers the rest set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_may_use_cache(request):
            return self.get_response(request)
        if not enabled():
            return self._uncached(request)
        cache = _cache()
        looked_up = request.META.pop(_LOOKUP_ENVIRON_KEY, None)
        if looked_up is not None:  # the WSGI wrapper found nothing a moment ago
            key, generation = looked_up
        else:
            key = page_key(request.META)
            try:
                generation = _current_generation(cache)
                entry = _entry(cache, key, generation)
            except Exception:
                logger.exception("Page cache unavailable; serving uncached")
                return self._uncached(request)
            if entry is not None:
                return self._hit(request, entry)
        response = self.get_response(request)
        if not response_is_public(request, response):
            return response
        now = time.time()
        _add_validators(response, etag=_etag(response.content), last_modified=now)
        if request.method == "GET":
            self._store(cache, key, generation, response, stored_at=now)
        response["X-Page-Cache"] = "miss"
        return _conditional(request, response, etag=response["ETag"], last_modified=now)

    def _uncached(self, request):
        """No cache (switched off or unreachable): still answer conditional requests."""
        response = self.get_response(request)
        if response_is_public(request, response) and response.status_code == 200:
            now = time.time()
            _add_validators(response, etag=_etag(response.content), last_modified=now)
            return _conditional(request, response, etag=response["ETag"], last_modified=now)
        return response

    def _store(self, cache, key, generation, response, *, stored_at: float) -> None:
        ttl = lifetime(cache, generation)
        if ttl < 1:
            return
        entry = {
            "generation": generation,
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _SKIP_HEADERS
            ],
            "content": response.content,
            "etag": response["ETag"],
            "stored_at": stored_at,
            "last_modified": response["Last-Modified"],
            "expires_at": stored_at + ttl,
        }
        try:
            cache.set(key, entry, ttl)
        except Exception:
            logger.exception("Page cache: could not store a page")
            return
        _copies.put(key, entry)

    def _hit(self, request, entry) -> HttpResponse:
        response = HttpResponse(
            b"" if request.method == "HEAD" else entry["content"],
            status=entry["status"],
            headers=dict(entry["headers"]),
        )
        if request.method == "HEAD":
            response["Content-Length"] = str(len(entry["content"]))
        _add_validators(response, etag=entry["etag"], last_modified=entry["stored_at"])
        response["X-Page-Cache"] = "hit"
        return _conditional(request, response, etag=entry["etag"], last_modified=entry["stored_at"])
