"""`ArticleImporter`: the records of a WXR file onto this site's objects.

Contract: feed it every record from `read()` in order with `feed()`; authors and terms
are mapped as they come, pages converted (and written in `finish()`, parents first),
posts written in batches of `BATCH_SIZE` (a batch's bodies are converted while the batch
before it is written), each batch returned as `ImportedArticle`s for the comments
importer. `finish()` writes what is pending and the redirects. `ImportedItem`
rows remember each object's WordPress id per source site, so a second run of the same
file writes nothing and a changed item is updated in place. The caller runs everything
in one transaction. The mapping of each kind lives in its own module (authors, terms,
posts, pages, media, redirects), joined here.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from authors.models import Author

from ..models import ImportedItem, Page, Redirect, Section, Tag
from .authors import AuthorMapping
from .content import ContentConverter
from .media import FeaturedImages
from .pages import PageMapping
from .posts import ARTICLE_STATUS, ImportedArticle, PostMapping
from .records import Index, Record, WxrAuthor, WxrCategory, WxrItem, WxrTag
from .redirects import RedirectCollector
from .report import Summary
from .terms import TermMapping

Kind = ImportedItem.Kind

BATCH_SIZE = 500

SKIPPED_STATUS = {"trash": "in the trash", "auto-draft": "auto-draft", "inherit": "revision"}
SKIPPED_TYPES = {
    "revision": "revision",
    "nav_menu_item": "menu item",
    "customize_changeset": "customizer change",
    "oembed_cache": "oEmbed cache",
    "wp_global_styles": "theme styles",
    "wp_navigation": "navigation menu",
    "wp_template": "theme template",
    "wp_template_part": "theme template",
    "wp_block": "reusable block",
    "custom_css": "custom CSS",
    "user_request": "privacy request",
}


class ArticleImporter(
    AuthorMapping, TermMapping, PostMapping, FeaturedImages, RedirectCollector, PageMapping
):
    """Maps a WXR file's records onto this site's objects (see the module docstring).

    Feed it every record from `read()` in order with `feed()`; posts are written in
    batches, and each batch comes back as a list of `ImportedArticle`s (for comments).
    Call `finish()` at the end (page hierarchy, redirects of pages, last batch).
    """

    def __init__(
        self,
        index: Index,
        summary: Summary,
        *,
        uploads_dir: Path | None = None,
        default_section: str | None = None,
        dry_run: bool = False,
        now: datetime | None = None,
    ):
        self.index = index
        self.site = index.site
        self.source = index.site.source
        self.summary = summary
        summary.source = self.source
        summary.dry_run = dry_run
        self.now = now or timezone.now()
        self.note = f"Imported from WordPress ({self.source})"
        self.converter = ContentConverter(index, uploads_dir=uploads_dir, dry_run=dry_run)
        self.uploads_dir = uploads_dir
        self.default_section_name = default_section
        self.authors: dict[str, Author] = {}  # login → Author
        self.sections: dict[str, Section] = {}  # nicename → Section
        self.category_parents: dict[str, str] = {}
        self.tags: dict[str, Tag] = {}  # slug → Tag
        self.pending: list[WxrItem] = []
        self.in_flight = None  # a batch of posts whose bodies are being converted
        self.pages: dict[str, tuple[Page, WxrItem]] = {}
        self.redirects: dict[str, Redirect] = {}
        # Featured images saved by this run (name, renditions manifest), to delete on rollback.
        self.saved_images: list[tuple[str, dict]] = []
        self._known = self._load_known()
        # Every section and tag by pk, slug and name: terms are matched without a query each.
        self._terms: dict = {}
        for model in (Section, Tag):
            self._terms[model] = index_of = {}
            for obj in model.objects.all():
                for key in (("pk", obj.pk), ("slug", obj.slug), ("name", obj.name.lower())):
                    index_of[key] = obj
        # (local date, slug) → article of the slugs the batch being written may use: how
        # slug clashes are found without a query each (loaded per batch, see `_slug_owner`).
        self.taken: dict[tuple, object] = {}
        self.slugs_loaded: set[str] = set()

    def _load_known(self) -> dict[tuple[str, str], ImportedItem]:
        """What this source imported before, except articles and comments (loaded by batch)."""
        rows = ImportedItem.objects.filter(
            source=self.source, kind__in=[Kind.AUTHOR, Kind.SECTION, Kind.TAG, Kind.PAGE]
        )
        return {(row.kind, row.source_id): row for row in rows}

    def _remember(self, kind, source_id, obj_id, digest, guid="", known=None) -> None:
        if known is None:
            # Every row of these kinds for this source was loaded: none exists yet.
            row = ImportedItem.objects.create(
                source=self.source, kind=kind, source_id=source_id, guid=guid,
                object_id=obj_id, digest=digest, imported_at=self.now,
            )  # fmt: skip
            self._known[(kind, source_id)] = row
        elif known.digest != digest or known.object_id != obj_id:
            known.digest, known.object_id, known.imported_at = digest, obj_id, self.now
            known.save(update_fields=["digest", "object_id", "imported_at"])

    # Records -----------------------------------------------------------------------------

    def feed(self, record: Record) -> list[ImportedArticle]:
        """Take one record; returns the articles of a batch when one was written."""
        if isinstance(record, WxrAuthor):
            self.author(record)
        elif isinstance(record, WxrCategory):
            self.category(record)
        elif isinstance(record, WxrTag):
            self.tag(record.slug, record.name)
        elif isinstance(record, WxrItem):
            return self.item(record)
        return []

    def item(self, item: WxrItem) -> list[ImportedArticle]:
        post_type = item.post_type
        if post_type == "attachment":
            self.summary.skipped["attachment (used where referenced)"] += 1
            self.summary.items_done += 1
            return []
        if post_type in SKIPPED_TYPES:
            self.summary.skipped[SKIPPED_TYPES[post_type]] += 1
            self.summary.items_done += 1
            return []
        if post_type not in ("post", "page"):
            self.summary.skipped[f"post type “{post_type}”"] += 1
            self.summary.items_done += 1
            return []
        if item.wp_status in SKIPPED_STATUS or item.wp_status not in ARTICLE_STATUS:
            reason = SKIPPED_STATUS.get(item.wp_status, f"status “{item.wp_status}”")
            self.summary.skipped[f"{post_type} {reason}"] += 1
            self.summary.items_done += 1
            return []
        if post_type == "page":
            self.page(item)
            self.summary.items_done += 1
            return []
        self.pending.append(item)
        if len(self.pending) >= BATCH_SIZE:
            return self.flush()
        return []

    def finish(self) -> list[ImportedArticle]:
        """Write what is still pending and the redirects; returns the last batches."""
        results = self.drain()
        self._write_pages()
        base = self.site.base_path
        feed = reverse("articles:feed")
        # /feed/ and /feed/atom/ are this site's own feeds too: they need no redirect.
        for old in ("/feed/rss/", "/feed/rss2/", "/feed/rdf/", "/comments/feed/",
                    "/?feed=rss2", "/?feed=rss", "/?feed=atom",
                    *(("/feed/", "/feed/atom/") if base else ())):  # fmt: skip
            self._redirect(f"{base}{old}", target=feed)
        # This site has no per-tag feeds: an old tag feed gets the main feed.
        for wp_slug, tag in self.tags.items():
            for slug in {wp_slug, tag.slug}:
                self._redirect(f"{base}/tag/{slug}/feed/", target=feed)
        self.flush_redirects()
        return results
