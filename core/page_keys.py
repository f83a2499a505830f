"""The page cache's key for a request: what makes two requests the same page.

Scheme (as Django decides it), host, script prefix, path and query string as the
client sent them, less the tracking parameters no page reads (PAGE_CACHE_IGNORED_PARAMS):
a redirect to HTTPS or a refused Host header is never skipped by a hit, and a story
shared with a new click id per reader is still one entry.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings

PAGE_KEY_PREFIX = "pagecache:page:"


def _scheme(environ) -> str:
    """The request's scheme as Django decides it (SECURE_PROXY_SSL_HEADER first)."""
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy:
        header, secure_value = proxy
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


@functools.lru_cache(maxsize=4)
def _ignored_param(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    exact = frozenset(p.lower() for p in patterns if not p.endswith("*"))
    prefixes = tuple(p[:-1].lower() for p in patterns if p.endswith("*"))

    def ignored(name: str) -> bool:
        name = name.lower()
        return name in exact or (bool(prefixes) and name.startswith(prefixes))

    return ignored


def keyed_query(query_string: str) -> str:
    """The query string as the page cache keys it: without the parameters named in
    PAGE_CACHE_IGNORED_PARAMS (campaign and click trackers, which no page reads).

    A shared story arrives with a new `fbclid` or `utm_*` on nearly every click; keyed
    as sent, each would be a miss that renders the page and stores one more copy of it.
    """
    if not query_string:
        return query_string
    ignored = _ignored_param(tuple(settings.PAGE_CACHE_IGNORED_PARAMS))
    return "&".join(pair for pair in query_string.split("&") if not ignored(pair.split("=", 1)[0]))


def page_key(environ) -> str:
    """The entry's key: scheme, host, path and query string, as the client sent them
    (less the tracking parameters no page reads: `keyed_query`)."""
    address = "{}://{}{}{}?{}".format(
        _scheme(environ),
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        keyed_query(environ.get("QUERY_STRING", "")),
    )
    return PAGE_KEY_PREFIX + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
