"""Where a comment's status changes: on arrival, on Akismet's verdict, by a moderator.

Each function records `CommentEvent`s as it changes a comment and schedules
follow-up work (spam checks, reports to Akismet) with `transaction.on_commit`,
so nothing is sent for a change that was rolled back.

Reports to Akismet follow one rule: a human decision is reported only when it
contradicts what Akismet currently believes about the comment (its verdict, or
our last report), and a queued report that a later decision undoes is
cancelled instead of being followed by its opposite. Re-checks and automatic
routing never report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from core import page_cache

from .models import Comment, CommentEvent, DiscussionSettings
from .spam import CheckResult

Status = Comment.Status
Verdict = Comment.Verdict
Kind = CommentEvent.Kind
HoldKind = Comment.HoldKind

# Back-off between failed checks: 1, 5, 15, 60 minutes, then daily.
BACKOFF_MINUTES = [1, 5, 15, 60]


def backoff(attempts: int) -> timedelta:
    """Delay before check number `attempts + 1`, given `attempts` have failed."""
    if attempts <= 0:
        return timedelta(minutes=BACKOFF_MINUTES[0])
    if attempts <= len(BACKOFF_MINUTES):
        return timedelta(minutes=BACKOFF_MINUTES[attempts - 1])
    return timedelta(days=1)


def _event(comment: Comment, kind: str, *, actor=None, note: str = "", now=None):
    return CommentEvent(
        comment=comment, kind=kind, actor=actor, note=note, created_at=now or timezone.now()
    )


# Arrival ---------------------------------------------------------------------------


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


def _lock_arrival(comment: Comment) -> None:
    """Serialise arrivals from one IP, and of one text on one article, until commit.

    The flood limit and the duplicate check read, then insert: without a lock, a
    burst of simultaneous posts all read "nothing yet" and all insert. These
    transaction-scoped advisory locks (released at commit or rollback) make the
    second arrival wait for the first to commit, and its check then sees it.
    Keys are taken in sorted order so two arrivals never wait on each other.
    SQLite needs none: it runs one write transaction at a time.
    """
    if connection.vendor != "postgresql":
        return
    body_hash = hashlib.sha256(comment.body.encode()).hexdigest()
    keys = {_advisory_key("text", comment.article_id, body_hash)}
    if comment.ip_address:
        keys.add(_advisory_key("ip", comment.ip_address))
    with connection.cursor() as cursor:
        for key in sorted(keys):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def receive(comment: Comment, *, honeypot_filled: bool = False, policy=None) -> Comment:
    """Save a reader's new comment as pending/unchecked and decide what happens next.

    Must run inside a transaction (the caller's ``atomic()``): the flood limit
    per IP and the duplicate check are made again here under arrival locks
    held until commit, so they hold under a burst; a refusal raises `Refused`
    and saves nothing. A filled honeypot is spam at once and a blocked
    keyword sends it to Trash, neither asking Akismet; anything else is
    checked after the transaction commits.
    """
    from . import tasks

    if not connection.in_atomic_block:
        raise RuntimeError("moderation.receive() must run inside transaction.atomic().")
    _lock_arrival(comment)
    if Comment.objects.is_flooding_from(comment.ip_address):
        raise Refused(Refused.FLOOD)
    if Comment.objects.is_duplicate(
        article=comment.article_id, email=comment.author_email, body=comment.body
    ):
        raise Refused(Refused.DUPLICATE)
    policy = policy or DiscussionSettings.load()
    comment.status = Status.PENDING
    comment.spam_verdict = Verdict.UNCHECKED
    comment.depth = comment.parent.depth + 1 if comment.parent_id else 0
    events = [Kind.SUBMITTED]
    blocked = policy.blocked_key_in(comment)
    if honeypot_filled:
        comment.status = Status.SPAM
        comment.spam_verdict = Verdict.HONEYPOT
        events.append(Kind.HONEYPOT)
    elif blocked:
        comment.status = Status.TRASH
        events.append(Kind.KEYWORD_BLOCKED)
    comment.save()
    CommentEvent.objects.bulk_create(
        [
            _event(
                comment, kind, note=f"Keyword: {blocked}" if kind == Kind.KEYWORD_BLOCKED else ""
            )
            for kind in events
        ]
    )
    if comment.status == Status.PENDING:
        tasks.enqueue_check(comment.pk)
    return comment


# Akismet's verdict ------------------------------------------------------------------


def apply_verdict(comment_id: int, result: CheckResult, *, now=None) -> datetime | None:
    """Record Akismet's answer and route the comment; return when to check again, if ever.

    Routing happens only while the comment is still pending and no moderator
    has decided on it; otherwise the verdict is recorded and nothing moves.
    """
    now = now or timezone.now()
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update()
            .select_related("article")
            .filter(pk=comment_id)
            .first()
        )
        if comment is None:
            return None
        comment.check_attempts += 1
        comment.spam_verdict = result.verdict
        comment.next_check_at = None
        retry_at = None
        undecided = comment.status == Status.PENDING and comment.moderated_at is None
        events = []
        if result.verdict in (Verdict.ERROR, Verdict.UNCHECKED):
            kind = Kind.AKISMET_ERROR if result.verdict == Verdict.ERROR else Kind.NOT_CHECKED
            if (
                comment.check_attempts < Comment.MAX_CHECK_ATTEMPTS
                and comment.created_at > now - timedelta(days=Comment.RECHECK_MAX_AGE_DAYS)
                and undecided
            ):
                retry_at = now + backoff(comment.check_attempts)
                comment.next_check_at = retry_at
            events.append(_event(comment, kind, note=result.error, now=now))
            if undecided:
                _hold(comment, Hold(HoldKind.AKISMET_UNAVAILABLE, result.error or kind.label))
        elif result.verdict == Verdict.HAM:
            events.append(_event(comment, Kind.AKISMET_HAM, now=now))
            if undecided:
                held = hold_reason(comment)
                if held:
                    kind = Kind.KEYWORD_HELD if held.kind == HoldKind.KEYWORD else Kind.POLICY_HELD
                    events.append(_event(comment, kind, note=held.note, now=now))
                    _hold(comment, held)
                else:
                    comment.status = Status.APPROVED
                    _hold(comment, None)
                    events.append(_event(comment, Kind.AUTO_APPROVED, now=now))
        else:
            spam_kind = (
                Kind.AKISMET_DISCARD if result.verdict == Verdict.DISCARD else Kind.AKISMET_SPAM
            )
            events.append(_event(comment, spam_kind, now=now))
            if undecided:
                comment.status = Status.SPAM
                _hold(comment, None)
        comment.save(
            update_fields=[
                "check_attempts",
                "spam_verdict",
                "next_check_at",
                "status",
                "hold_kind",
                "hold_note",
            ]
        )
        CommentEvent.objects.bulk_create(events)
    if comment.status == Status.PENDING and undecided:
        from . import tasks

        # Robust: an unsent notice goes out with comments_maintenance's next run.
        transaction.on_commit(tasks.enqueue_notify, robust=True)
    return retry_at


class Hold(NamedTuple):
    """Why a comment waits for a moderator: a kind to filter on and a note to read."""

    kind: str
    note: str


def _hold(comment: Comment, hold: Hold | None) -> None:
    max_length = Comment._meta.get_field("hold_note").max_length
    comment.hold_kind = hold.kind if hold else ""
    comment.hold_note = hold.note[:max_length] if hold else ""


def hold_reason(comment: Comment, policy=None) -> Hold | None:
    """Why a comment Akismet passed must still wait for a moderator (None if it need not).

    Published at once only when the commenter's email already has an approved
    comment, the text has fewer than `max_links` links, no moderation keyword
    matches and the policy does not hold everything.
    """
    policy = policy or DiscussionSettings.load()
    if policy.hold_all:
        return Hold(HoldKind.HOLD_ALL, "Every comment is held for a moderator.")
    key = policy.moderation_key_in(comment)
    if key:
        return Hold(HoldKind.KEYWORD, f"Keyword: {key}")
    links = comment.link_count()
    if policy.max_links and links >= policy.max_links:
        return Hold(HoldKind.LINKS, f"{links} links (the limit is fewer than {policy.max_links}).")
    returning = (
        Comment.objects.approved()
        .filter(author_email__iexact=comment.author_email)
        .exclude(pk=comment.pk)
        .exists()
    )
    if not returning:
        return Hold(HoldKind.FIRST_COMMENT, "First comment from this email address.")
    return None


# Moderators' decisions -----------------------------------------------------------------


def _belief(comment: Comment) -> str:
    """What Akismet currently thinks: 'spam', 'ham' or '' (it never saw the comment)."""
    if comment.reported_as:
        return comment.reported_as
    return {Verdict.HAM: "ham", Verdict.SPAM: "spam", Verdict.DISCARD: "spam"}.get(
        comment.spam_verdict, ""
    )


def _queue_report(comment: Comment, decision: str) -> str | None:
    """Update the report fields for a human decision; return the report kind to send."""
    belief = _belief(comment)
    if not belief or belief == decision:
        return None
    if comment.pending_report and comment.pending_report != decision:
        # The earlier report has not gone yet and this decision undoes it.
        comment.pending_report = ""
        comment.reported_as = ""
        return None
    comment.pending_report = decision
    comment.reported_as = decision
    return decision


# The one rule for reports: what a human decision tells Akismet, whatever the entry
# point (bulk action, the comment's page, a row button, a one-click email link).
# Approving is a verdict of "ham" as much as "Not spam" is; Trash says nothing
# about spam; sending back to Pending is no verdict at all.
REPORT_FOR_STATUS = {Status.APPROVED: "ham", Status.SPAM: "spam"}


def _decide(
    comments: Iterable[Comment] | Iterable[int],
    *,
    actor,
    status: str,
    kind: str,
) -> int:
    from . import tasks

    report = REPORT_FOR_STATUS.get(status)

    ids = [c.pk if isinstance(c, Comment) else c for c in comments]
    now = timezone.now()
    to_report: list[tuple[int, str]] = []
    with transaction.atomic():
        locked = list(Comment.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        events = []
        for comment in locked:
            comment.status = status
            comment.moderated_by = actor
            comment.moderated_at = now
            comment.next_check_at = None
            if status == Status.PENDING:
                _hold(comment, Hold(HoldKind.STAFF, f"Sent back to the queue by {actor}."))
            event = _event(comment, kind, actor=actor, now=now)
            if report:
                sent = _queue_report(comment, report)
                if sent:
                    event.contradicts_akismet = True
                    to_report.append((comment.pk, sent))
            events.append(event)
        Comment.objects.bulk_update(
            locked,
            [
                "status",
                "moderated_by",
                "moderated_at",
                "next_check_at",
                "pending_report",
                "reported_as",
                "hold_kind",
                "hold_note",
            ],
            batch_size=500,
        )
        CommentEvent.objects.bulk_create(events, batch_size=500)
        for pk, sent in to_report:
            tasks.enqueue_report(pk, sent)
        # A bulk update sends no signal: tell the page cache here (the comment may
        # have appeared on or left its article's page).
        page_cache.changed_on_commit()
    return len(locked)


def approve(comments, *, actor) -> int:
    """Publish the comments; reports submit-ham for comments Akismet had caught."""
    return _decide(comments, actor=actor, status=Status.APPROVED, kind=Kind.APPROVED)


def mark_spam(comments, *, actor) -> int:
    """Move to Spam; reports submit-spam for comments Akismet had passed."""
    return _decide(comments, actor=actor, status=Status.SPAM, kind=Kind.SPAMMED)


def mark_not_spam(comments, *, actor) -> int:
    """Approve; reports submit-ham for comments Akismet had caught."""
    return _decide(comments, actor=actor, status=Status.APPROVED, kind=Kind.NOT_SPAM)


def unapprove(comments, *, actor) -> int:
    """Send back to the queue (held as a staff decision); Akismet is told nothing."""
    return _decide(comments, actor=actor, status=Status.PENDING, kind=Kind.UNAPPROVED)


def trash(comments, *, actor) -> int:
    return _decide(comments, actor=actor, status=Status.TRASH, kind=Kind.TRASHED)


def recheck(comments, *, actor) -> int:
    """Ask Akismet again about pending comments (no report is ever sent for a re-check)."""
    from . import tasks

    ids = [c.pk if isinstance(c, Comment) else c for c in comments]
    with transaction.atomic():
        pending = list(Comment.objects.pending().filter(pk__in=ids).values_list("pk", flat=True))
        CommentEvent.objects.bulk_create(
            [
                CommentEvent(comment_id=pk, kind=Kind.RECHECK, actor=actor, note="By a moderator")
                for pk in pending
            ]
        )
        for pk in pending:
            tasks.enqueue_check(pk, recheck_reason="recheck_queue", force=True)
    return len(pending)


def empty_spam() -> int:
    """Delete every comment in the spam queue. Returns how many comments were deleted."""
    _, per_model = Comment.objects.spam().delete()
    return per_model.get(Comment._meta.label, 0)


class CannotReply(Exception):
    """A staff reply was refused; the message says why, for the moderator."""


REPLY_MAX_LENGTH = 20000


def staff_reply(parent: Comment, *, actor, body: str) -> Comment:
    """Publish a moderator's reply at once (not sent to Akismet); approves a pending parent.

    Raises CannotReply for an empty reply or a parent in Spam or Trash (checked
    under a row lock, so a parent spammed meanwhile is not replied to).
    """
    name = (actor.get_full_name() or actor.get_username())[:100]
    body = body.replace("\x00", "").strip()[:REPLY_MAX_LENGTH]
    if not body:
        raise CannotReply("Write a reply before sending it.")
    with transaction.atomic():
        parent = Comment.objects.select_for_update().get(pk=parent.pk)
        if parent.status not in (Status.PENDING, Status.APPROVED):
            raise CannotReply("Spam and trashed comments cannot be replied to.")
        if parent.status == Status.PENDING:
            approve([parent], actor=actor)
        reply = Comment.objects.create(
            article_id=parent.article_id,
            parent=parent,
            depth=parent.depth + 1,
            author_name=name,
            author_email=actor.email or "",
            body=body,
            user=actor,
            is_staff_reply=True,
            status=Status.APPROVED,
            spam_verdict=Verdict.SKIPPED,
            moderated_by=actor,
            moderated_at=timezone.now(),
        )
        CommentEvent.objects.create(comment=reply, kind=Kind.STAFF_REPLY, actor=actor)
    return reply


# Imports ---------------------------------------------------------------------------


def import_comments(
    entries: list[tuple[Comment, str]], *, note: str, now: datetime | None = None
) -> list[Comment]:
    """Save comments imported from another system with the status they had there.

    `entries` pairs each comment (unsaved, or saved with a changed status) with its
    status. Imported comments are never sent to Akismet (verdict "imported", which is
    not due for a check and never reported) and announce nothing to moderators: they
    are marked as already notified. New ones are inserted in bulk, parents before their
    replies (callers order them so), with an "imported" event each. Returns the
    comments written.
    """
    now = now or timezone.now()
    new = [(c, s) for c, s in entries if c.pk is None]
    changed = [(c, s) for c, s in entries if c.pk is not None and c.status != s]
    for comment, status in new:
        comment.status = status
        comment.spam_verdict = Verdict.IMPORTED
        comment.moderators_notified_at = now
        comment.unchecked_notified_at = now
    # Replies need their parent's primary key: insert depth by depth.
    for depth in sorted({c.depth for c, _ in new}):
        level = [c for c, _ in new if c.depth == depth]
        for comment in level:
            if comment.parent is not None:
                comment.parent_id = comment.parent.pk
        Comment.objects.bulk_create(level)
    for comment, status in changed:
        comment.status = status
    Comment.objects.bulk_update([c for c, _ in changed], ["status"])
    written = [c for c, _ in new] + [c for c, _ in changed]
    CommentEvent.objects.bulk_create(
        [_event(c, Kind.IMPORTED, note=note, now=now) for c in written]
    )
    return written
