"""Mapping WordPress posts onto `Article`s (with bylines, tags, section and dates).

Contract: `PostMapping` is a part of `ArticleImporter` (a mixin; it uses the importer's
state and its author, term, media and redirect parts). `flush()` maps the pending posts
and sends the bodies of new and changed ones (by digest) to be converted, then writes
the batch sent before it: new articles in bulk, changed ones updated in place, unchanged
ones left alone (`drain()` writes what is left at the end). The status is set by
`workflow.import_articles`; slugs are numbered when another article has them on the same
day. Each batch written comes back as `ImportedArticle`s for the comments importer.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from urllib.parse import unquote

from django.utils import timezone
from django.utils.text import slugify

from authors.models import Author

from .. import workflow
from ..models import Article, Byline, ImportedItem, Section
from .records import WxrAuthor, WxrCategory, WxrItem
from .report import _digest

Kind = ImportedItem.Kind
Status = Article.Status

ARTICLE_STATUS = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,
    "draft": Status.DRAFT,
    "pending": Status.IN_REVIEW,
    "private": Status.DRAFT,
}
FIELD_MAX = {
    "title": Article._meta.get_field("title").max_length,
    "slug": Article._meta.get_field("slug").max_length,
    "standfirst": Article._meta.get_field("standfirst").max_length,
}


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(slots=True)
class _Batch:
    """Posts mapped and waiting for their converted bodies (see `PostMapping.flush`)."""

    mapped: list[tuple]  # (item, status, section, tags, bylines, thumbnail, published_at,
    #                       created_at, digest)
    sent: list[WxrItem]  # the items whose bodies were sent to be converted
    bodies: object  # what `ContentConverter.submit_many` returned for them, in order


@dataclass(slots=True)
class ImportedArticle:
    """An item and the article made from it, handed on to the comments importer."""

    item: WxrItem
    article: Article
    created: bool


class PostMapping:
    """Articles for `ArticleImporter`."""

    def _section_for(self, item: WxrItem) -> Section | None:
        for domain, nicename, name in item.categories:
            if domain == "category" and nicename:
                return self.sections.get(nicename) or self.category(
                    WxrCategory(nicename=nicename, name=name)
                )
        if self.default_section_name:
            if not hasattr(self, "_default_section"):
                name = self.default_section_name
                self._default_section = Section.objects.filter(name=name).first() or (
                    Section.objects.filter(slug=slugify(name)).first()
                )
                if self._default_section is None:
                    self._default_section = Section.objects.create(
                        name=name[:80], slug=slugify(name)[:80] or "imported"
                    )
                    self.summary.sections["created"] += 1
            return self._default_section
        return None

    def _bylines(self, item: WxrItem) -> list[Author]:
        logins = []
        for domain, nicename, name in item.categories:
            if domain == "author":
                login = nicename.removeprefix("cap-") if nicename else name
                if login and login not in logins:
                    logins.append(login)
        if not logins and item.creator:
            logins = [item.creator]
        authors = []
        for login in logins:
            author = self.authors.get(login)
            if author is None:
                coauthor = self.index.coauthors.get(login)
                author = self.author(
                    WxrAuthor(login=login, display_name=coauthor.display_name if coauthor else "")
                )
            if author is not None and author not in authors:
                authors.append(author)
        return authors

    def _dates(self, item: WxrItem, status: str):
        """(published_at, created_at) as the article keeps them."""
        published_at = item.date_gmt or item.date
        if status == Status.PUBLISHED and published_at is None:
            published_at = self.now
        created_at = published_at or item.modified_gmt or self.now
        if status != Status.PUBLISHED and item.date_gmt is None:
            published_at = None
        return published_at, created_at

    @staticmethod
    def _base_slug(item: WxrItem) -> str:
        slug = slugify(unquote(item.name))[: FIELD_MAX["slug"]]
        if not slug:
            slug = slugify(html_lib.unescape(item.title))[: FIELD_MAX["slug"]]
        return slug or f"post-{item.post_id}"

    def _load_slugs(self, slugs) -> None:
        """Add the articles already using these slugs to `taken` (one query), so the
        file's size does not decide how much is kept: only the current batch's slugs."""
        wanted = set(slugs) - self.slugs_loaded
        if not wanted:
            return
        self.slugs_loaded |= wanted
        for pk, slug, published_at, created_at in Article.objects.filter(
            slug__in=wanted
        ).values_list("pk", "slug", "published_at", "created_at"):
            day = timezone.localtime(published_at or created_at).date()
            self.taken.setdefault((day, slug), pk)

    def _slug_owner(self, day, slug: str, default):
        """Who has `slug` on `day`: an article's pk, a token of one of this batch, or
        `default` when nobody does."""
        self._load_slugs((slug,))
        return self.taken.get((day, slug), default)

    def _slug(self, item: WxrItem, day, owner) -> str:
        """The post's slug, numbered when another article has it on the same day.
        `owner` is the article's pk, or a token for one not saved yet."""
        slug = base = self._base_slug(item)
        n = 1
        while self._slug_owner(day, slug, owner) != owner:
            n += 1
            slug = f"{base[: FIELD_MAX['slug'] - 8]}-{n}"
        return slug

    def flush(self) -> list[ImportedArticle]:
        """Send the pending posts' bodies to be converted and write the batch sent before
        (or, when this is the last call, both): returns the articles written.

        Two batches are in flight: while the conversion processes clean one batch's
        bodies, this process writes the one before. Writes happen in file order."""
        items, self.pending = self.pending, []
        previous, self.in_flight = self.in_flight, self._prepare(items) if items else None
        return self._write(previous) if previous is not None else []

    def drain(self) -> list[ImportedArticle]:
        """Write every batch still pending or in flight; returns the articles written."""
        results = self.flush()
        if self.in_flight is not None:
            results += self.flush()
        return results

    def _known_articles(self, items: list[WxrItem]) -> tuple[dict, dict]:
        """(ImportedItem by WordPress id, Article by pk) of the items imported before."""
        known = {
            row.source_id: row
            for row in ImportedItem.objects.filter(
                source=self.source, kind=Kind.ARTICLE, source_id__in=[i.post_id for i in items]
            )
        }
        return known, Article.objects.in_bulk([row.object_id for row in known.values()])

    def _prepare(self, items: list[WxrItem]) -> _Batch:
        """Map a batch's terms and bylines, and start converting the bodies of the posts
        new or changed since the last import (by digest)."""
        known = {
            row.source_id: row.digest
            for row in ImportedItem.objects.filter(
                source=self.source, kind=Kind.ARTICLE, source_id__in=[i.post_id for i in items]
            ).only("source_id", "digest")
        }
        mapped = []
        for item in items:
            status = ARTICLE_STATUS[item.wp_status]
            section = self._section_for(item)
            tags = [
                self.tag(nicename, name)
                for domain, nicename, name in item.categories
                if domain == "post_tag"
            ]
            tags = [t for t in tags if t is not None]
            bylines = self._bylines(item)
            thumbnail = self.index.attachments.get(item.meta_value("_thumbnail_id"))
            published_at, created_at = self._dates(item, status)
            digest = _digest(
                item.title, item.name, item.content, item.excerpt, status, published_at,
                item.is_sticky, section and section.pk, [t.pk for t in tags],
                [a.pk for a in bylines], thumbnail and (thumbnail.url, thumbnail.alt,
                thumbnail.caption), bool(self.uploads_dir), item.link,
                item.meta.get("_wp_old_slug"), item.comment_status,
            )  # fmt: skip
            mapped.append((item, status, section, tags, bylines, thumbnail, published_at,
                           created_at, digest))  # fmt: skip
        changed = [m[0] for m in mapped if known.get(m[0].post_id) != m[8]]
        bodies = self.converter.submit_many([(i.content, i.post_id) for i in changed])
        return _Batch(mapped, changed, bodies)

    def _write(self, batch: _Batch) -> list[ImportedArticle]:
        """Write a prepared batch: new articles in bulk, changed ones updated, the rest left."""
        items = [m[0] for m in batch.mapped]
        # Looked up again now that the batches before it are written.
        known, existing = self._known_articles(items)
        results: list[ImportedArticle] = []
        entries: list[tuple[Article, str]] = []
        plans = []
        todo = []
        for mapped in batch.mapped:
            item, digest = mapped[0], mapped[8]
            row = known.get(item.post_id)
            article = existing.get(row.object_id) if row else None
            if article is not None and row.digest == digest:
                self.summary.articles["unchanged"] += 1
                self.summary.articles_by_status[self._status_label(article)] += 1
                results.append(ImportedArticle(item, article, created=False))
                continue
            todo.append((*mapped, row, article))
        # Slugs are checked against the database as it is now, earlier batches written.
        self.taken, self.slugs_loaded = {}, set()
        self._load_slugs(self._base_slug(t[0]) for t in todo)
        # The bodies sent for converting, by item; one found changed only now is converted here.
        sent = dict(zip(map(id, batch.sent), batch.bodies, strict=True))
        converted = [
            self.converter.finish(
                sent.get(id(t[0])) or self.converter.transform(t[0].content, post_id=t[0].post_id)
            )
            for t in todo
        ]
        for (item, status, section, tags, bylines, thumbnail, published_at, created_at, digest,
             row, article), (body, conversion) in zip(todo, converted, strict=True):  # fmt: skip
            self.summary.add(conversion)
            standfirst = clean_excerpt(item.excerpt)
            if len(standfirst) > FIELD_MAX["standfirst"]:
                self.summary.warnings.append(
                    f"Post {item.post_id}: excerpt cut to {FIELD_MAX['standfirst']} characters"
                )
                standfirst = _truncate(standfirst, FIELD_MAX["standfirst"])
            title = html_lib.unescape(item.title).strip() or f"Untitled ({item.post_id})"
            day = timezone.localtime(published_at or created_at).date()
            values = {
                "title": _truncate(title, FIELD_MAX["title"]),
                "standfirst": standfirst,
                "body": body,
                "section": section,
                "published_at": published_at,
                "is_editors_pick": item.is_sticky,
                "comment_policy": (
                    Article.CommentPolicy.CLOSED
                    if item.comment_status == "closed"
                    else Article.CommentPolicy.SITE_DEFAULT
                ),
                "featured_image_alt": thumbnail.alt[:250] if thumbnail else "",
                "featured_image_caption": thumbnail.caption[:300] if thumbnail else "",
            }
            if article is None:
                owner = ("new", item.post_id)
                article = Article(**values, slug=self._slug(item, day, owner))
                article.created_at = created_at
                article.updated_at = published_at or created_at
                self.summary.articles["created"] += 1
                created = True
            else:
                owner = article.pk
                old_day = timezone.localtime(article.published_at or article.created_at).date()
                self._load_slugs((article.slug,))
                self.taken.pop((old_day, article.slug), None)
                for name, value in values.items():
                    setattr(article, name, value)
                if slugify(unquote(item.name)) not in ("", article.slug):
                    article.slug = self._slug(item, day, article.pk)
                article.updated_at = max(published_at or created_at, article.created_at)
                self.summary.articles["updated"] += 1
                created = False
            self.taken[(day, article.slug)] = article.pk or owner
            entries.append((article, status))
            plans.append((item, article, created, tags, bylines, thumbnail, digest, row))
        workflow.import_articles(entries, note=self.note, now=self.now)
        changed = [a for _, a, created, *_ in plans if not created]
        if changed:
            Article.objects.bulk_update(
                changed,
                ["title", "slug", "standfirst", "body", "section", "published_at",
                 "is_editors_pick", "comment_policy", "featured_image_alt",
                 "featured_image_caption", "updated_at"],
            )  # fmt: skip
            Byline.objects.filter(article__in=changed).delete()
            Article.tags.through.objects.filter(article__in=changed).delete()
        Article.tags.through.objects.bulk_create(
            [
                Article.tags.through(article_id=article.pk, tag_id=tag.pk)
                for _, article, _, tags, *_ in plans
                for tag in dict.fromkeys(tags)
            ]
        )
        Byline.objects.bulk_create(
            [
                Byline(article=article, author=author, position=position)
                for _, article, _, _, bylines, *_ in plans
                for position, author in enumerate(bylines)
            ]
        )
        new_rows, changed_rows = [], []
        for item, article, created, _tags, bylines, thumbnail, digest, row in plans:
            if thumbnail is not None:
                self._featured_image(article, thumbnail)
            elif article.featured_image and not created:
                article.featured_image = ""
                article.save(update_fields=["featured_image"])
            if not bylines:
                self.summary.warnings.append(f"Post {item.post_id}: no author; saved without one")
            self._article_redirects(item, article)
            self.summary.articles_by_status[self._status_label(article)] += 1
            if row is None:
                new_rows.append(
                    ImportedItem(
                        source=self.source, kind=Kind.ARTICLE, source_id=item.post_id,
                        guid=item.guid[:500], object_id=article.pk, digest=digest,
                        imported_at=self.now,
                    )
                )  # fmt: skip
            else:
                row.object_id, row.digest, row.imported_at = article.pk, digest, self.now
                changed_rows.append(row)
            results.append(ImportedArticle(item, article, created=created))
        ImportedItem.objects.bulk_create(new_rows)
        ImportedItem.objects.bulk_update(changed_rows, ["object_id", "digest", "imported_at"])
        self.flush_redirects()
        self.summary.items_done += len(items)
        return results

    def _status_label(self, article: Article) -> str:
        if article.status == Status.PUBLISHED and not article.is_live(self.now):
            return "scheduled"
        return article.get_status_display().lower()


def clean_excerpt(text: str) -> str:
    """A WordPress excerpt as a plain-text standfirst."""
    text = re.sub(r"<[^>]+>", " ", text or "")
    return " ".join(html_lib.unescape(text).split())
