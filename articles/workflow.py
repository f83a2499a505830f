"""The article workflow: the only code that changes `Article.status`.

    draft ──submit──▶ in_review ──publish(at)──▶ published
      ▲                  │                          │
      ├─request_changes──┤                          │
      └────withdraw──────┘                          │
      └──────────────────unpublish──────────────────┘

Each transition is one keyword-only function. It checks that the actor may
make it and that the article is ready, changes the status, bumps the
optimistic-locking `version`, records an `ArticleEvent`, queues the emails
(after commit, as tasks: articles/tasks.py) and returns the event. Anything
refused raises `WorkflowError` with a message fit to show the user; callers
never see a half-made change.

"Scheduled" is not a status: `publish(at=<future>)` stores the time and the
article becomes live by itself when `published_at <= now()`.

Who may do what to which article (`can_edit`, `is_editor`, …) is decided in
articles/permissions.py; the transitions ask it. Each transition's button
label and success message live in `TRANSITIONS` below, beside the functions,
so adding a transition touches this module and nothing else.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.sanitize import body_text

from . import permissions, tasks
from .models import Article, ArticleEvent, ArticleRedirect, Byline
from .permissions import User, can_edit, is_editor, is_journalist

Status = Article.Status


# Sanity bounds for publish(at=...): typos like year 9999 are refused with a message.
MAX_SCHEDULE_AHEAD = datetime.timedelta(days=5 * 366)
MAX_BACKDATE = datetime.timedelta(days=100 * 366)


class WorkflowError(Exception):
    """A transition was refused; `str(error)` says why, in words for the user."""

    def __init__(self, message: str, *, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


# --- Readiness ------------------------------------------------------------------------------


def problems(article: Article, *, at: datetime.datetime | None = None) -> list[str]:
    """What stops `article` from going to review or publication; empty when it is ready.

    `at` is the intended publication time, used for the slug-per-date check.
    """
    found = []
    if not article.title.strip():
        found.append("It needs a headline.")
    if not body_text(article.body):
        found.append("It needs a body.")
    if article.section_id is None:
        found.append("Choose a section.")
    if not Byline.objects.filter(article=article, role=Byline.Role.AUTHOR).exists():
        found.append("Add at least one author byline.")
    if not article.slug:
        found.append("It needs a slug.")
    else:
        when = timezone.localtime(at or article.published_at or timezone.now())
        clash = (
            Article.objects.published_on(when.date())
            .filter(slug=article.slug)
            .exclude(pk=article.pk)
            .exclude(status=Status.DRAFT)
        )
        if clash.exists():
            found.append(
                f"Another article published on {when:%d %B %Y} already uses the slug "
                f"“{article.slug}”; change the slug."
            )
    return found


def _require_ready(article: Article, *, at=None) -> None:
    found = problems(article, at=at)
    if found:
        raise WorkflowError("Not ready: " + " ".join(found), problems=found)


def _require_status(article: Article, *allowed: str, action: str) -> None:
    if article.status not in allowed:
        raise WorkflowError(
            f"Cannot {action}: the article is {article.get_status_display().lower()}."
        )


# --- Transitions ----------------------------------------------------------------------------


def _transition(
    article: Article, *, actor, to_status: str, note: str = "", **changes
) -> ArticleEvent:
    """Apply the change under a row lock and record it; the only writer of `status`.

    Only the workflow fields are written, so a stale in-memory `article` cannot
    overwrite someone else's edits; and if the status changed since the caller
    checked it, the transition is refused.
    """
    with transaction.atomic():
        # NO KEY: other editors wait; comments posted on the article meanwhile do not.
        locked = Article.objects.select_for_update(no_key=True).get(pk=article.pk)
        if locked.status != article.status:
            raise WorkflowError(
                f"Someone changed this article meanwhile: it is now "
                f"{locked.get_status_display().lower()}. Reload the page."
            )
        from_status = locked.status
        old_slug, old_published_at = locked.slug, locked.published_at
        article.status = to_status
        for name, value in changes.items():
            setattr(article, name, value)
        article.version = locked.version + 1
        article.save(update_fields=["status", "version", "updated_at", *changes])
        if "published_at" in changes and from_status == Status.PUBLISHED:
            ArticleRedirect.remember(article, old_slug=old_slug, old_published_at=old_published_at)
        return ArticleEvent.objects.create(
            article=article,
            actor=actor if actor.is_authenticated else None,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )


def submit(*, article: Article, actor: User, note: str = "") -> ArticleEvent:
    """Draft → In review. The author (or an editor) asks for review; editors are emailed."""
    if not can_edit(actor, article):
        raise WorkflowError("You can only submit your own drafts.")
    _require_status(article, Status.DRAFT, action="submit for review")
    _require_ready(article)
    event = _transition(article, actor=actor, to_status=Status.IN_REVIEW, note=note)
    transaction.on_commit(lambda: tasks.enqueue_email(event, "submitted"))
    return event


def request_changes(*, article: Article, actor: User, note: str) -> ArticleEvent:
    """In review → Draft, with a note saying what to change. Editors only."""
    if not is_editor(actor):
        raise WorkflowError("Only editors can request changes.")
    _require_status(article, Status.IN_REVIEW, action="request changes")
    note = (note or "").strip()
    if not note:
        raise WorkflowError("Say what needs to change: the note is required.")
    event = _transition(article, actor=actor, to_status=Status.DRAFT, note=note)
    transaction.on_commit(lambda: tasks.enqueue_email(event, "changes_requested"))
    return event


def publish(
    *, article: Article, actor: User, at: datetime.datetime | None = None, note: str = ""
) -> ArticleEvent:
    """Draft/In review → Published, now or at `at`. Editors only.

    A future `at` schedules: the article is stored as published with that
    time and becomes live when it comes. Without `at`, an article that had
    already been published keeps its original date (and address); otherwise
    it is published now. Publishing an already published article reschedules
    it, which is only allowed while it is not yet live.
    """
    if not is_editor(actor):
        raise WorkflowError("Only editors can publish.")
    now = timezone.now()
    if at is not None and timezone.is_naive(at):
        raise WorkflowError("The publication time needs a time zone.")
    if at is not None and not (now - MAX_BACKDATE <= at <= now + MAX_SCHEDULE_AHEAD):
        raise WorkflowError("Choose a publication time within the next five years.")
    if article.status == Status.PUBLISHED and article.is_live(now):
        raise WorkflowError("Cannot publish: the article is already live.")
    if at is None:
        keep = article.published_at is not None and article.published_at <= now
        when = article.published_at if keep else now
    else:
        when = at
    _require_ready(article, at=when)
    if not note and when > now:
        note = f"Scheduled for {timezone.localtime(when):%d %B %Y %H:%M}"
    event = _transition(
        article,
        actor=actor,
        to_status=Status.PUBLISHED,
        note=note,
        published_at=when,
        # Readers first see it now, or when a schedule comes, whatever date it carries.
        went_live_at=max(when, now),
    )
    transaction.on_commit(lambda: tasks.enqueue_email(event, "published"))
    return event


def withdraw(*, article: Article, actor: User, note: str = "") -> ArticleEvent:
    """In review → Draft, taken back by its author (or an editor) before anyone decides.

    For the journalist who spots a mistake after submitting: the article is
    theirs to edit again and leaves the editors' queue.
    """
    if not permissions.owns(actor, article) and not is_editor(actor):
        raise WorkflowError("You can only withdraw your own articles.")
    _require_status(article, Status.IN_REVIEW, action="withdraw")
    return _transition(
        article, actor=actor, to_status=Status.DRAFT, note=note or "Withdrawn to draft."
    )


def unpublish(*, article: Article, actor: User, note: str = "") -> ArticleEvent:
    """Published (live or scheduled) → Draft. Editors only; the article leaves the site."""
    if not is_editor(actor):
        raise WorkflowError("Only editors can unpublish.")
    _require_status(article, Status.PUBLISHED, action="unpublish")
    return _transition(article, actor=actor, to_status=Status.DRAFT, note=note)


@dataclass(frozen=True)
class Transition:
    """A workflow button: the function it calls, its label, and what it says when done."""

    function: Callable[..., ArticleEvent]
    label: str
    done: str  # "“{title}” was …"; a schedule says when instead (see `success_message`)


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(submit, "Submit for review", "submitted for review"),
    "request_changes": Transition(
        request_changes, "Request changes", "sent back to the author with your note"
    ),
    "withdraw": Transition(withdraw, "Withdraw to draft", "withdrawn; it is your draft again"),
    "publish": Transition(publish, "Publish now", "published"),
    "schedule": Transition(publish, "Schedule", "scheduled"),
    # An archive piece moved from another site, or a date put right: live at once,
    # under the earlier date (and the address that date gives).
    "backdate": Transition(publish, "Publish with this earlier date", "published with its date"),
    "unpublish": Transition(unpublish, "Unpublish", "unpublished; it is a draft again"),
}


def success_message(action: str, article: Article) -> str:
    """What the admin tells the user after `action` succeeded on `article`."""
    if action == "schedule":
        when = timezone.localtime(article.published_at)
        return f"Scheduled: “{article}” goes live at {when:%H:%M on %d %B %Y}."
    return f"“{article}” was {TRANSITIONS[action].done}."


def available_actions(user: User, article: Article, now=None) -> list[str]:
    """The transitions `user` may try on `article` now: what the admin shows as buttons."""
    if article.pk is None:
        return ["submit"] if (is_editor(user) or is_journalist(user)) else []
    actions = []
    status = article.status
    if status == Status.DRAFT and can_edit(user, article):
        actions.append("submit")
    if status == Status.IN_REVIEW and not is_editor(user) and permissions.owns(user, article):
        actions.append("withdraw")
    if is_editor(user):
        if status == Status.IN_REVIEW:
            actions.append("request_changes")
        if status in (Status.DRAFT, Status.IN_REVIEW):
            actions += ["publish", "schedule", "backdate"]
        if status == Status.PUBLISHED:
            if not article.is_live(now):
                actions.append("schedule")
            actions.append("unpublish")
    return actions


# --- Import from another system -------------------------------------------------------------


class _AsGiven(QuerySet):
    """`bulk_create` storing each field as it is set on the instance, as Django's raw
    save (fixture loading) does: imported `created_at`/`updated_at` are written in the
    INSERT instead of being stamped with now (auto_now) and then updated again, which
    would write every row twice. Nothing else of `Article` is derived when it is inserted
    (no file is saved: imports attach images afterwards)."""

    def _insert(self, objs, fields, *args, **kwargs):
        return super()._insert(objs, fields, *args, **{**kwargs, "raw": True})


def import_articles(
    entries: list[tuple[Article, str]], *, note: str, now: datetime.datetime | None = None
) -> int:
    """Give imported articles their status, save them, and record an "imported" event.

    `entries` pairs each article with the status it had at the source. Unsaved articles
    are inserted in bulk (their body must already be clean, as `Article.save` would make
    it; their `created_at`/`updated_at` are kept as given, so the import does not make
    them look updated). Saved ones whose status differs are moved to the new status.
    Permission is the importer's business (only editors may run an import); the
    readiness checks of `publish` do not apply: the source site already published them.
    Returns the number of events written.
    """
    now = now or timezone.now()
    new = [(a, s) for a, s in entries if a.pk is None]
    changed = [(a, s, a.status) for a, s in entries if a.pk is not None and a.status != s]
    for article, status in new:
        article.status = status
        if status == Status.PUBLISHED and article.published_at is not None:
            # Readers here first see it now: comments count from the import, not 2011.
            article.went_live_at = max(article.published_at, now)
    if new:
        _AsGiven(model=Article).bulk_create([a for a, _ in new])
    for article, status, _ in changed:
        article.status = status
        article.version += 1
    if changed:
        Article.objects.bulk_update([a for a, _, _ in changed], ["status", "version"])
    events = [
        ArticleEvent(article=a, from_status="", to_status=a.status, note=note, created_at=now)
        for a, _ in new
    ] + [
        ArticleEvent(article=a, from_status=old, to_status=s, note=note, created_at=now)
        for a, s, old in changed
    ]
    ArticleEvent.objects.bulk_create(events)
    return len(events)
