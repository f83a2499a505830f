"""The locks a new comment's arrival checks run under (see `moderation.receive`).

The flood limit per IP and the duplicate check read, then insert: without a
lock, a burst of simultaneous posts all read "nothing yet" and all insert.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import connection

from .models import Comment


class Refused(Exception):
    """An arrival refused under the arrival locks; `kind` says which rule (FLOOD, DUPLICATE)."""

    FLOOD = "flood"
    DUPLICATE = "duplicate"

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _advisory_key(*parts: object) -> int:
    """A signed 64-bit key for pg_advisory_xact_lock, namespaced to comment arrivals."""
    text = "\x1f".join(["newsroom.comment-arrival", *map(str, parts)])
    return int.from_bytes(
        hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
    )


def lock_arrival(comment: Comment) -> None:
    """Serialise arrivals from one IP (while the flood limit is on), and of one text on
    one article, until commit.

    These transaction-scoped advisory locks (released at commit or rollback) make
    the second arrival wait for the first to commit, and its check then sees it.
    Keys are taken in sorted order so two arrivals never wait on each other.
    SQLite needs none: it runs one write transaction at a time.
    """
    if connection.vendor != "postgresql":
        return
    body_hash = hashlib.sha256(comment.body.encode()).hexdigest()
    keys = {_advisory_key("text", comment.article_id, body_hash)}
    if comment.ip_address and settings.COMMENTS_FLOOD_SECONDS > 0:
        # Only while there is a flood limit to hold: without one, posts from one address
        # (many readers behind one proxy) need not wait for each other.
        keys.add(_advisory_key("ip", comment.ip_address))
    ordered = sorted(keys)
    # One statement; PostgreSQL takes the locks left to right, in this order.
    locks = ", ".join(["pg_advisory_xact_lock(%s)"] * len(ordered))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {locks}", ordered)
