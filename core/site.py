"""Absolute URLs on SITE_URL: the one place that turns a site path into a full URL.

Feeds, sitemaps, JSON-LD, Akismet's permalink and emails all link to the site
as configured in SITE_URL, never to whatever host a request happened to use.
"""

from django.conf import settings


def absolute_url(path) -> str:
    """A site path ("/2026/...", "/media/...") as an absolute URL on SITE_URL.

    Already absolute URLs (an image on a CDN) and empty values are returned unchanged.
    """
    path = str(path or "")
    if not path or "://" in path:
        return path
    if not path.startswith("/"):
        path = "/" + path
    return f"{settings.SITE_URL}{path}"
