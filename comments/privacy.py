"""Commenters' data-protection requests: a copy of their data, or its erasure.

Everything held about a commenter is found by the email address they
commented with (case-insensitively). :func:`export` gathers it as plain JSON
data: every comment with its text, name, website, IP address, user agent,
referrer, what was sent to Akismet, and its history. :func:`erase`
anonymises those comments: name becomes "Anonymous", email, website, IP
address, user agent and referrer are blanked (in the Akismet payload too),
and with ``delete_text`` the text is replaced by a notice. Neither changes a
comment's status (only comments/moderation.py does that), and each writes a
``CommentEvent`` in every comment's history, naming who did it and how,
never the address itself.

Used by ``manage.py commenter_data`` and the editors' page in the admin.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from core import page_cache

from .models import Comment, CommentEvent

ANONYMOUS_NAME = "Anonymous"
ERASED_TEXT = "[This comment was removed at its author’s request.]"
# The Akismet payload's fields taken from the comment's own: its author and its text.
_PAYLOAD_FROM_COMMENT = {
    "comment_author": "author_name",
    "comment_author_email": "author_email",
    "comment_author_url": "author_url",
    "user_ip": "ip_address",
    "user_agent": "user_agent",
    "referrer": "referrer",
    "comment_content": "body",
}
# What the payload holds about the person, blanked on erasure (the text only when asked).
_AKISMET_PERSONAL_KEYS = tuple(key for key in _PAYLOAD_FROM_COMMENT if key != "comment_content")


def payload_still_matches(comment: Comment, params: dict) -> bool:
    """Were these Akismet `params` built from what `comment` says now about its author
    and text? False once an erasure (`erase`) or an edit changed them since: storing
    the payload would put back what was erased, or describe another text."""
    return all(
        params.get(key, "") == (getattr(comment, attr) or "")
        for key, attr in _PAYLOAD_FROM_COMMENT.items()
    )


class InvalidEmail(ValueError):
    """The address given is not an email address."""


def normalise_email(email: str) -> str:
    """`email` stripped; raises InvalidEmail if it is not an email address."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidEmail(f"{email!r} is not an email address.") from exc
    return email


def comments_of(email: str):
    """Every comment posted with `email` (any letter case), oldest first."""
    return Comment.objects.filter(author_email__iexact=normalise_email(email)).order_by(
        "created_at", "pk"
    )


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export(email: str, *, actor=None, via: str) -> dict:
    """Everything held about the commenter with `email`, as JSON-ready data.

    Records an "exported" event on each comment (`via` says how: "command line",
    "admin"). An address with no comments gives an export with none.
    """
    email = normalise_email(email)
    comments = list(
        comments_of(email).select_related("article", "user").prefetch_related("events__actor")
    )
    data = {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "comment_count": len(comments),
        "names": sorted({c.author_name for c in comments}),
        "websites": sorted({c.author_url for c in comments if c.author_url}),
        "ip_addresses": sorted({c.ip_address for c in comments if c.ip_address}),
        "user_agents": sorted({c.user_agent for c in comments if c.user_agent}),
        "comments": [
            {
                "id": c.pk,
                "article": {"title": c.article.title, "url": c.article.get_absolute_url()},
                "in_reply_to": c.parent_id,
                "name": c.author_name,
                "email": c.author_email,
                "website": c.author_url,
                "text": c.body,
                "posted_at": _iso(c.created_at),
                "status": c.status,
                "spam_verdict": c.spam_verdict,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
                "referrer": c.referrer,
                "account": c.user.get_username() if c.user else None,
                "sent_to_akismet": c.akismet_params or None,
                "history": [
                    {
                        "event": e.get_kind_display(),
                        "at": _iso(e.created_at),
                        "by": e.actor.get_username() if e.actor else None,
                        "note": e.note,
                    }
                    for e in c.events.all()
                ],
            }
            for c in comments
        ],
    }
    _log(comments, CommentEvent.Kind.DATA_EXPORTED, actor=actor, via=via)
    return data


def erase(email: str, *, delete_text: bool = False, actor=None, via: str) -> int:
    """Anonymise every comment posted with `email`; return how many. Status is unchanged."""
    email = normalise_email(email)
    with transaction.atomic():
        comments = list(comments_of(email).select_for_update())
        for comment in comments:
            comment.author_name = ANONYMOUS_NAME
            comment.author_email = ""
            comment.author_url = ""
            comment.ip_address = None
            comment.user_agent = ""
            comment.referrer = ""
            params = dict(comment.akismet_params or {})
            for key in _AKISMET_PERSONAL_KEYS:
                if key in params:
                    params[key] = ""
            if delete_text:
                comment.body = ERASED_TEXT
                if "comment_content" in params:
                    params["comment_content"] = ""
            comment.akismet_params = params
        Comment.objects.bulk_update(
            comments,
            [
                "author_name",
                "author_email",
                "author_url",
                "ip_address",
                "user_agent",
                "referrer",
                "akismet_params",
                "body",
            ],
            batch_size=500,
        )
        what = "name, email, website, IP address and browser" + (
            ", and the text" if delete_text else ""
        )
        _log(comments, CommentEvent.Kind.DATA_ERASED, actor=actor, via=via, what=what)
        if comments:
            # bulk_update sends no save signals: the pages showing these names (and
            # the kept discussions) must not outlive the erasure.
            page_cache.changed_on_commit()
    return len(comments)


def _log(comments, kind, *, actor, via: str, what: str = "") -> None:
    note = f"On request, via {via}" + (f": {what} erased." if what else ".")
    now = timezone.now()
    CommentEvent.objects.bulk_create(
        [
            CommentEvent(comment=c, kind=kind, actor=actor, note=note, created_at=now)
            for c in comments
        ],
        batch_size=500,
    )
