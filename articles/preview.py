"""Signed, expiring preview links for unpublished articles.

A token is the article's primary key signed with the SECRET_KEY (salted for
this purpose) and a timestamp; it is valid for PREVIEW_MAX_AGE_HOURS. The link
itself is the permission: staff can send it to a lawyer or a source without an
account. Previews are never cached and never indexed (see views.preview).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "articles.preview"


class PreviewTokenError(Exception):
    """The token was tampered with, or is for another purpose."""


class PreviewTokenExpired(PreviewTokenError):
    """The token was genuine but is older than PREVIEW_MAX_AGE_HOURS."""


def make_token(article) -> str:
    """Return a URL-safe token that opens `article`'s preview until it expires."""
    return signing.dumps({"article": article.pk}, salt=SALT, compress=False)


def preview_url(article) -> str:
    """The path of `article`'s preview page (a fresh token each call)."""
    return reverse("articles:preview", kwargs={"token": make_token(article)})


def max_age_seconds() -> int:
    return int(settings.PREVIEW_MAX_AGE_HOURS) * 3600


def article_pk_from_token(token: str) -> int:
    """Return the article pk the token was made for.

    Raises PreviewTokenExpired for an old token and PreviewTokenError for
    anything else that is not a token we signed.
    """
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age_seconds())
    except signing.SignatureExpired as exc:
        raise PreviewTokenExpired("This preview link has expired.") from exc
    except signing.BadSignature as exc:
        raise PreviewTokenError("This preview link is not valid.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("article"), int):
        raise PreviewTokenError("This preview link is not valid.")
    return data["article"]
