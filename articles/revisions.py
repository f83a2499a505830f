"""Revisions of an article's words: snapshot on save, diff, restore, autosave.

Contract:
- `snapshot()` is called by every save path (the admin, restore). It stores an
  `ArticleRevision` only when title, standfirst or body differ from the last
  saved revision, so saving other fields adds no noise. `ensure_baseline()`
  first keeps the words of an article created outside the admin.
- `autosave()` keeps one autosave revision per user and article; it never
  touches the article itself (so never the live copy of a published one).
- `restore()` copies a revision's words back onto the article and is itself a
  new revision. Editors may restore anything; journalists only their own drafts.
- `diff()` compares two revisions word by word for a readable display.
"""

from __future__ import annotations

import dataclasses
import difflib
import re

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.sanitize import body_text, clean_body

from .models import Article, ArticleRevision
from .permissions import can_edit

WORD_FIELDS = ("title", "standfirst", "body")


def _words(obj) -> tuple[str, str, str]:
    return tuple(getattr(obj, name) or "" for name in WORD_FIELDS)


def latest(article: Article) -> ArticleRevision | None:
    return article.revisions.filter(is_autosave=False).order_by("-created_at", "-pk").first()


def snapshot(article: Article, *, user, force: bool = False) -> ArticleRevision | None:
    """Store the article's current words as a revision if they changed; return it or None."""
    previous = latest(article)
    if not force and previous is not None and _words(previous) == _words(article):
        return None
    revision = ArticleRevision.objects.create(
        article=article,
        title=article.title,
        standfirst=article.standfirst,
        body=article.body,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    # Saved work supersedes this user's autosave.
    if user is not None and user.is_authenticated:
        article.revisions.filter(is_autosave=True, created_by=user).delete()
    return revision


def ensure_baseline(article: Article) -> ArticleRevision | None:
    """Before the first admin save, keep the stored words as the first revision.

    Articles created outside the admin (demo content, the WordPress import,
    the shell) have no revision yet; without this, their original words
    would be lost from the history at the first edit. Attributed to the
    article's creator, dated when the row was last saved.
    """
    if article.pk is None or article.revisions.filter(is_autosave=False).exists():
        return None
    stored = Article.objects.filter(pk=article.pk).values(*WORD_FIELDS, "updated_at").first()
    if stored is None:
        return None
    return ArticleRevision.objects.create(
        article=article,
        title=stored["title"],
        standfirst=stored["standfirst"],
        body=stored["body"],
        created_by_id=article.created_by_id,
        # Never after now (demo or imported rows may carry a future date): the
        # baseline must sort before the revision this save is about to write.
        created_at=min(stored["updated_at"], timezone.now()),
    )


def autosave(article: Article, *, user, title: str, standfirst: str, body: str) -> ArticleRevision:
    """Keep `user`'s unsaved words for `article`; the article itself is not changed."""
    with transaction.atomic():
        article.revisions.filter(is_autosave=True, created_by=user).delete()
        return ArticleRevision.objects.create(
            article=article,
            title=title[:200],
            standfirst=standfirst,
            body=clean_body(body),
            created_by=user,
            is_autosave=True,
        )


def pending_autosave(article: Article, *, user) -> ArticleRevision | None:
    """`user`'s autosave for `article` if it is newer than the article and differs from it."""
    found = (
        article.revisions.filter(is_autosave=True, created_by=user)
        .order_by("-created_at", "-pk")
        .first()
    )
    if found is None or found.created_at < article.updated_at:
        return None
    if _words(found) == _words(article):
        return None
    return found


def restore(revision: ArticleRevision, *, user) -> ArticleRevision:
    """Copy `revision`'s words onto its article and record that as a new revision.

    Raises PermissionDenied unless `user` is an editor, or a journalist
    restoring onto their own draft.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update(no_key=True).get(pk=revision.article_id)
        if not can_edit(user, article):
            raise PermissionDenied("You cannot change this article.")
        article.title, article.standfirst, article.body = _words(revision)
        article.version += 1
        article.save()
        return snapshot(article, user=user, force=True)


def last_change(article: Article) -> tuple[str, object]:
    """Who last saved `article` and when, for the optimistic-locking message.

    Looks at the admin log, workflow events and revisions; returns
    (name, datetime), with "someone" when nothing says.
    """
    candidates = []
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id=str(article.pk)
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry:
        candidates.append((entry.action_time, entry.user))
    event = article.events.select_related("actor").order_by("-created_at").first()
    if event:
        candidates.append((event.created_at, event.actor))
    revision = (
        article.revisions.filter(is_autosave=False)
        .select_related("created_by")
        .order_by("-created_at")
        .first()
    )
    if revision:
        candidates.append((revision.created_at, revision.created_by))
    if not candidates:
        return "someone", article.updated_at
    when, who = max(candidates, key=lambda c: c[0])
    name = (who.get_full_name() or who.get_username()) if who is not None else "someone"
    return name, max(when, article.updated_at) if when else article.updated_at


# --- Diff -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Segment:
    """A run of words that is the same in both, only in the old, or only in the new."""

    op: str  # "equal" | "delete" | "insert"
    text: str


@dataclasses.dataclass(frozen=True)
class FieldDiff:
    name: str
    changed: bool
    segments: list[Segment]

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name.capitalize())


def _tokens(text: str) -> list[str]:
    # Words, punctuation and runs of space are separate tokens, so "met." → "met on Monday."
    # reads as one insertion rather than a replaced word.
    return re.findall(r"\w+|[^\w\s]|\s+", text)


def _body_as_text(html: str) -> str:
    # Paragraph breaks survive as blank lines so the diff keeps the shape of the text.
    html = re.sub(r"</(p|h2|h3|h4|li|blockquote)>", r"</\1>\n\n", html or "")
    return "\n\n".join(body_text(block) for block in re.split(r"\n\n", html) if body_text(block))


# Below this share of common words, a field counts as rewritten (see word_diff).
REWRITE_RATIO = 0.4
LABELS = {"title": "Headline", "standfirst": "Standfirst", "body": "Body"}


def word_diff(old: str, new: str) -> list[Segment]:
    """Word-level differences between two plain texts."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if a and b and matcher.ratio() < REWRITE_RATIO:
        # Rewritten rather than edited: a word-by-word interleaving of two different
        # texts is unreadable, so show the old text struck out, then the new one.
        return [Segment("delete", old), Segment("insert", new)]
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return segments


def diff(old: ArticleRevision, new: ArticleRevision) -> list[FieldDiff]:
    """Title, standfirst and body (as text) compared between two revisions."""
    result = []
    for name in WORD_FIELDS:
        a, b = getattr(old, name) or "", getattr(new, name) or ""
        if name == "body":
            a, b = _body_as_text(a), _body_as_text(b)
        result.append(FieldDiff(name=name, changed=a != b, segments=word_diff(a, b)))
    return result


def stale_message(article: Article, consequence: str) -> str:
    """Who saved `article` after this form was opened, and when; then `consequence`."""
    who, when = last_change(article)
    return (
        f"{who} saved this article at {timezone.localtime(when):%H:%M on %d %B %Y}, "
        f"after you opened it. {consequence}"
    )
