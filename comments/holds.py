"""Why a comment waits for a moderator: the policy for comments Akismet passed, and the
kind and note the queue shows and filters on."""

from __future__ import annotations

from typing import NamedTuple

from .discussion import discussion_policy
from .models import Comment

HoldKind = Comment.HoldKind


class Hold(NamedTuple):
    """Why a comment waits for a moderator: a kind to filter on and a note to read."""

    kind: str
    note: str


def set_hold(comment: Comment, hold: Hold | None) -> None:
    """Record `hold` on the comment (None clears it); the caller saves."""
    max_length = Comment._meta.get_field("hold_note").max_length
    comment.hold_kind = hold.kind if hold else ""
    comment.hold_note = hold.note[:max_length] if hold else ""


def hold_reason(comment: Comment, policy=None) -> Hold | None:
    """Why a comment Akismet passed must still wait for a moderator (None if it need not).

    Published at once only when the commenter's email already has an approved
    comment, the text has fewer than `max_links` links, no moderation keyword
    matches and the policy does not hold everything.
    """
    policy = policy or discussion_policy()  # kept per page-cache generation: no query
    if policy.hold_all:
        return Hold(HoldKind.HOLD_ALL, "Every comment is held for a moderator.")
    key = policy.moderation_key_in(comment)
    if key:
        return Hold(HoldKind.KEYWORD, f"Keyword: {key}")
    links = comment.link_count()
    if policy.max_links and links >= policy.max_links:
        return Hold(HoldKind.LINKS, f"{links} links (the limit is fewer than {policy.max_links}).")
    # A count, not exists(): with LIMIT 1, an address PostgreSQL's statistics know as
    # frequent (a spam run posting thousands of comments from one address, none
    # approved) was planned as a sequential scan expected to stop early, and read all
    # 1,000,000 comments on every check (0.4 s). Counted, the index is read: as many
    # entries as the address has approved comments.
    returning = (
        Comment.objects.approved()
        .filter(author_email__iexact=comment.author_email)
        .exclude(pk=comment.pk)
        .count()
        > 0
    )
    if not returning:
        return Hold(HoldKind.FIRST_COMMENT, "First comment from this email address.")
    return None
