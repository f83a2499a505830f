"""Helpers for driving the article admin the way a browser does."""

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.permissions import is_editor


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def add_url() -> str:
    return reverse("admin:articles_article_add")


def form_data(article: Article, user, **overrides) -> dict:
    """The POST a browser sends for `article`'s change form as `user` sees it, plus overrides.

    Pass `_workflow="publish"` etc. to press a workflow button.
    """
    article.refresh_from_db()
    editor = is_editor(user)
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id or "",
        "tags": [t.pk for t in article.tags.all()],
        "featured_image_alt": article.featured_image_alt,
        "featured_image_caption": article.featured_image_caption,
        "featured_image_credit": article.featured_image_credit,
        "seo_title": article.seo_title,
        "meta_description": article.meta_description,
        "loaded_version": article.version,
    }
    data["comment_policy"] = article.comment_policy
    if editor:
        if article.status == Article.Status.PUBLISHED:  # the form has the date only then
            local = timezone.localtime(article.published_at)
            data["published_at"] = local.strftime("%Y-%m-%dT%H:%M")
        if article.is_editors_pick:
            data["is_editors_pick"] = "on"
    bylines = list(article.bylines.order_by("position", "pk"))
    data.update(_management("bylines", len(bylines)))
    for i, b in enumerate(bylines):
        data.update(
            {
                f"bylines-{i}-id": b.pk,
                f"bylines-{i}-article": article.pk,
                f"bylines-{i}-author": b.author_id,
                f"bylines-{i}-role": b.role,
                f"bylines-{i}-position": b.position,
            }
        )
    if editor and article.status == Article.Status.PUBLISHED:
        corrections = list(article.corrections.all())
        data.update(_management("corrections", len(corrections)))
        for i, c in enumerate(corrections):
            local = timezone.localtime(c.created_at)
            data.update(
                {
                    f"corrections-{i}-id": c.pk,
                    f"corrections-{i}-article": article.pk,
                    f"corrections-{i}-kind": c.kind,
                    f"corrections-{i}-body": c.body,
                    f"corrections-{i}-created_at_0": local.strftime("%Y-%m-%d"),
                    f"corrections-{i}-created_at_1": local.strftime("%H:%M:%S"),
                }
            )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _management(prefix: str, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": initial,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def add_inline_rows(data: dict, prefix: str, rows: list[dict]) -> dict:
    """Append new inline rows (e.g. a correction) to `data`."""
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{start + offset}-{key}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = start + len(rows)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def draft_for(user, **overrides) -> Article:
    """A complete, ready draft created by `user` and bylined to their author profile."""
    from tests.factories import make_article

    authors = [user.author_profile] if hasattr(user, "author_profile") else None
    return make_article(live=False, created_by=user, authors=authors, **overrides)
