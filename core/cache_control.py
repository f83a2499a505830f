"""The one place that says how a page may be cached.

Public pages may be kept by shared caches (a CDN or reverse proxy) for
PAGE_CACHE_SECONDS and served stale while they revalidate. Anything that
shows unpublished content or one reader's own data is private and not stored.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe


def mark_private(response):
    """Make a response uncacheable by shared caches (drafts, previews, a reader's own data)."""
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(response, private=True, no_cache=True, no_store=True, max_age=0)
    response._newsroom_private = True
    return response


def mark_request_private(request):
    """Say, while rendering, that this response shows one reader's own data.

    For parts of a page built by another app's template tag (the discussion
    showing the reader's pending comment): `public_page` then makes the
    response private, as if the view had called `mark_private` itself.
    """
    request._newsroom_private = True


def is_private(request, response) -> bool:
    return getattr(response, "_newsroom_private", False) or getattr(
        request, "_newsroom_private", False
    )


def public_page(view):
    """Decorate a view whose successful responses are the same for every reader.

    Such a page is a read: GET and HEAD only, anything else is a 405.
    """
    safe_view = require_safe(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = safe_view(request, *args, **kwargs)
        if is_private(request, response):
            return mark_private(response)
        if response.status_code in (200, 301, 404):
            patch_cache_control(
                response,
                public=True,
                max_age=60,
                s_maxage=settings.PAGE_CACHE_SECONDS,
                stale_while_revalidate=60,
            )
            # The page cache (core/page_cache.py) stores only responses marked here.
            response._newsroom_public = True
        return response

    # Read by the replica router: a public page may be read from a replica.
    wrapped.public_page = True
    return wrapped


def private_page(view):
    """Decorate a view whose responses must never be stored by a shared cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return mark_private(view(request, *args, **kwargs))

    wrapped.public_page = False
    return wrapped
