"""What in the articles app changes public pages, told to the page cache.

Every save or delete of an article, section, tag, byline, correction, static
page or redirect (and a change of an article's tags) starts a new page-cache generation once the
transaction commits: the front page, lists, feeds and sitemaps may all show
it (inside `core.page_cache_hold.held()`, a bulk write tells it once itself). A
scheduled article goes live without a write, so the page cache is also
told when the next one is due (`next_publication`).

Signals, because this is cross-cutting after-commit work: the admin, the
workflow functions, imports and management commands all write these models.
"""

from __future__ import annotations

import datetime

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import page_cache
from core.page_cache_hold import is_held

from .models import Article, ArticleRedirect, Byline, Correction, Page, Redirect, Section, Tag

# Page: static pages, listed in every page's footer; Redirect: old addresses a cached
# 404 may have answered.
MODELS = (Article, ArticleRedirect, Byline, Correction, Page, Redirect, Section, Tag)


def next_publication(now: datetime.datetime) -> datetime.datetime | None:
    """When the soonest scheduled article goes live (None if none is scheduled)."""
    return (
        Article.objects.scheduled(now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def _changed(sender, using=None, **kwargs):
    if not is_held():  # a bulk write (an import) tells the cache once, at its end
        page_cache.changed_on_commit(using=using)


def _tags_changed(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not is_held():
        page_cache.changed_on_commit(using=using)


def connect() -> None:
    for model in MODELS:
        uid = f"articles.invalidation.{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(
        _tags_changed, sender=Article.tags.through, dispatch_uid="articles.invalidation.tags"
    )
    page_cache.register_next_change(next_publication)
