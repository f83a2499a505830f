"""Uploaded media served by the app itself, for a site with no proxy in front (`make serve`).

Behind nginx (deploy/nginx.conf) or with media in a bucket (MEDIA_STORAGE=s3)
this view is not reached or not routed (SERVE_MEDIA). What it guarantees:

- only regular files under MEDIA_ROOT, by GET or HEAD; anything else is a 404;
- the content type comes from an allowlist of image types, never from the
  file: anything else (an SVG, an HTML file someone managed to store) is sent
  as `application/octet-stream` with `Content-Disposition: attachment`, so an
  upload can never run as a page on the site's origin;
- `X-Content-Type-Options: nosniff` and a `Content-Security-Policy` that
  allows nothing, in case a browser is tempted anyway;
- `Cache-Control: public, max-age=MEDIA_CACHE_SECONDS` with `Last-Modified` and
  an `ETag`; 304 for a conditional request that matches.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

# Extension → content type. Images only: what the site's upload fields accept.
SAFE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


def _media_file(path: str) -> Path:
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except (SuspiciousFileOperation, ValueError):
        raise Http404("No such file") from None
    if not full.is_file():
        raise Http404("No such file")
    return full


@require_safe
def serve_media(request, path: str):
    full = _media_file(path)
    stat = full.stat()
    etag = quote_etag(f"{stat.st_mtime_ns:x}-{stat.st_size:x}")
    response = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if response is None:
        content_type = SAFE_TYPES.get(full.suffix.lower())
        response = FileResponse(
            full.open("rb"),
            content_type=content_type or "application/octet-stream",
            as_attachment=content_type is None,
            filename=full.name,
        )
        if content_type is not None:
            # FileResponse names the file inline; an image needs no disposition at all.
            del response["Content-Disposition"]
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, public=True, max_age=settings.MEDIA_CACHE_SECONDS)
    return response
