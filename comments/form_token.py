"""The comment form's own forgery check, for a form on a page shared by caches.

The article page is public: a CDN may hand the same HTML to every reader, so it
cannot carry Django's per-reader CSRF token, and without JavaScript nothing can
fetch one before the reader presses "Post comment". Instead the form carries a
token that is the same for every reader: the article's id signed with
SECRET_KEY and a timestamp (`TimestampSigner`), valid for FORM_TOKEN_MAX_AGE.

A post is accepted without the CSRF cookie only when both hold:

- the form token is genuine, unexpired and names the article posted to, and
- the browser says the post comes from this site: its `Origin` header (sent by
  every current browser with a form POST) is this site's origin or one of
  CSRF_TRUSTED_ORIGINS; without an `Origin`, its `Referer` is on this site.

A forged cross-site post carries another site's `Origin` (or `null`), which a
page cannot change, so it is refused whatever token it copied. A post with
neither header falls back to Django's full CSRF check. See docs/decisions.md.
"""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.http import is_same_domain

FIELD = "form_token"
SALT = "comments.form-token"
# Longer than any shared cache keeps an article page, so a cached form still posts;
# an expired token is not lost input: the reader gets the form back to post again.
FORM_TOKEN_MAX_AGE = timedelta(days=7)


# The token's timestamp is rounded down to this step, so a page rendered twice within
# it is byte-for-byte the same: uncached renders share one ETag (a repeat view gets a
# 304) and a render does not differ from the cached copy by a second's tick.
TIMESTAMP_STEP_SECONDS = 3600


class _SteppedSigner(signing.TimestampSigner):
    def timestamp(self):
        now = int(time.time())
        return signing.b62_encode(now - now % TIMESTAMP_STEP_SECONDS)


def make_token(article) -> str:
    """The token for `article`'s comment form (the same for every reader)."""
    return _SteppedSigner(salt=SALT).sign(str(article.pk))


def token_valid(token: str, article) -> bool:
    if not token or len(token) > 200:
        return False
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return value == str(article.pk)


def _site_origin(request: HttpRequest) -> str:
    return f"{'https' if request.is_secure() else 'http'}://{request.get_host()}"


def _trusted(scheme: str, netloc: str) -> bool:
    """Is scheme://netloc in CSRF_TRUSTED_ORIGINS (exactly, or under a `*.` wildcard)?"""
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        parts = urlsplit(trusted)
        if parts.scheme != scheme:
            continue
        if "*" in parts.netloc:
            if is_same_domain(netloc, parts.netloc.replace("*", "", 1)):
                return True
        elif parts.netloc == netloc:
            return True
    return False


def same_site(request: HttpRequest) -> bool:
    """True when Origin (or, without it, Referer) names this site or a trusted origin."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        if origin == _site_origin(request):
            return True
        parts = urlsplit(origin)
        return bool(parts.scheme and parts.netloc) and _trusted(parts.scheme, parts.netloc)
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return False
    parts = urlsplit(referer)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    if request.is_secure() and parts.scheme != "https":
        return False
    if parts.netloc == request.get_host():
        return True
    return _trusted(parts.scheme, parts.netloc)


def accepted(request: HttpRequest, article) -> bool:
    """The post carries a valid form token for `article` and comes from this site."""
    return token_valid(request.POST.get(FIELD, ""), article) and same_site(request)
