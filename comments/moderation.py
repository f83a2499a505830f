"""Where a comment's status changes: on arrival, on Akismet's verdict, by a moderator.

Each function records `CommentEvent`s as it changes a comment and schedules
follow-up work (spam checks, reports to Akismet) with `transaction.on_commit`,
so nothing is sent for a change that was rolled back. This module is the only
code that writes `Comment.status` (tests/test_architecture.py checks it).

Beside it, by concern: the arrival locks (`arrival`), why a comment is held
(`holds`), and what a decision tells Akismet (`reports`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from core import page_cache

from . import privacy, tasks
from .arrival import Refused, lock_arrival
from .holds import Hold, hold_reason, set_hold
from .models import Comment, CommentEvent, DiscussionSettings
from .reports import REPORT_FOR_STATUS, queue_report
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


def receive(comment: Comment, *, honeypot_filled: bool = False, policy=None) -> Comment:
    """Save a reader's new comment as pending/unchecked and decide what happens next.

    Must run inside a transaction (the caller's ``atomic()``): the flood limit
    per IP and the duplicate check are made again here under arrival locks
    held until commit, so they hold under a burst; a refusal raises `Refused`
    and saves nothing. A filled honeypot is spam at once and a blocked
    keyword sends it to Trash, neither asking Akismet; anything else is
    checked after the transaction commits.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("moderation.receive() must run inside transaction.atomic().")
    lock_arrival(comment)
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
        # The comment's row only (nothing here reads its article), and without its key:
        # every new comment on the article checks its own foreign keys at commit (FOR
        # KEY SHARE), which a lock on the article's row would make wait for this verdict.
        comment = Comment.objects.select_for_update(no_key=True).filter(pk=comment_id).first()
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
                set_hold(comment, Hold(HoldKind.AKISMET_UNAVAILABLE, result.error or kind.label))
        elif result.verdict == Verdict.HAM:
            events.append(_event(comment, Kind.AKISMET_HAM, now=now))
            if undecided:
                held = hold_reason(comment)
                if held:
                    kind = Kind.KEYWORD_HELD if held.kind == HoldKind.KEYWORD else Kind.POLICY_HELD
                    events.append(_event(comment, kind, note=held.note, now=now))
                    set_hold(comment, held)
                else:
                    comment.status = Status.APPROVED
                    set_hold(comment, None)
                    events.append(_event(comment, Kind.AUTO_APPROVED, now=now))
        else:
            spam_kind = (
                Kind.AKISMET_DISCARD if result.verdict == Verdict.DISCARD else Kind.AKISMET_SPAM
            )
            events.append(_event(comment, spam_kind, now=now))
            if undecided:
                comment.status = Status.SPAM
                set_hold(comment, None)
        fields = [
            "check_attempts",
            "spam_verdict",
            "next_check_at",
            "status",
            "hold_kind",
            "hold_note",
        ]
        if (
            result.params
            and not comment.akismet_params
            and privacy.payload_still_matches(comment, result.params)
        ):
            # The payload this check sent, kept for re-checks and reports (one UPDATE
            # with the verdict's). Not when an erasure or an edit came in between.
            comment.akismet_params = result.params
            fields.append("akismet_params")
        comment.save(update_fields=fields)
        CommentEvent.objects.bulk_create(events)
    if comment.status == Status.PENDING and undecided:
        # Run here, after the commit, in whatever runs the check (the worker): a task of
        # its own per held comment cost a task row, two commits and a claim, only for
        # the rate limit to send nothing almost every time. Robust: an unsent notice
        # goes out with comments_maintenance's next run.
        transaction.on_commit(tasks.notify_moderators.call, robust=True)
    return retry_at


# Moderators' decisions -----------------------------------------------------------------


def _decide(
    comments: Iterable[Comment] | Iterable[int],
    *,
    actor,
    status: str,
    kind: str,
) -> int:
    """Give the comments `status` as a moderator's decision, under row locks taken in
    primary-key order, and queue the report to Akismet it implies (comments/reports.py)."""
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
                set_hold(comment, Hold(HoldKind.STAFF, f"Sent back to the queue by {actor}."))
            event = _event(comment, kind, actor=actor, now=now)
            if report:
                sent = queue_report(comment, report)
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
