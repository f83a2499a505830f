"""Mapping WordPress pages onto `Page`s, nested as they were.

Contract: `PageMapping` is a part of `ArticleImporter` (a mixin; it uses the importer's
`converter`, `index`, `pages`, `summary`, `_known`, `_remember` and `_redirect`).
`page(item)` converts a page when it arrives (unless unchanged since the last import);
`_write_pages()` (run by `finish()`) writes them parents first, each at a free nested
path (a slug taken by another page or by one of this site's routes is numbered, with a
warning), and queues redirects from the old addresses.
"""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote

from django.utils.text import slugify

from ..models import ImportedItem, Page
from .posts import _truncate
from .records import WxrItem
from .redirects import _path_of
from .report import _digest

Kind = ImportedItem.Kind


class PageMapping:
    """Pages for `ArticleImporter`."""

    def page(self, item: WxrItem) -> None:
        """Convert a page now; it is written in `finish()`, when its parent is known."""
        title = _truncate(html_lib.unescape(item.title).strip() or f"Page {item.post_id}", 200)
        published = item.wp_status == "publish"
        slug = slugify(unquote(item.name))[:200] or slugify(title)[:200] or f"page-{item.post_id}"
        old_path = _path_of(item.link)[:500] if item.link else ""
        digest = _digest(title, slug, item.content, published, item.parent, item.menu_order,
                         old_path, bool(self.uploads_dir))  # fmt: skip
        known = self._known.get((Kind.PAGE, item.post_id))
        page = Page.objects.filter(pk=known.object_id).first() if known else None
        values = None
        if page is None or known.digest != digest:
            body, conversion = self.converter.convert(item.content, post_id=item.post_id)
            self.summary.add(conversion)
            values = {
                "title": title,
                "slug": slug,
                "body": body,
                "published": published,
                "position": item.menu_order,
                "old_path": old_path,
            }
        self.pages[item.post_id] = _PendingPage(
            page=page, values=values, digest=digest, known=known, guid=item.guid[:500],
            created_at=item.date_gmt or item.date or self.now,
        )  # fmt: skip

    def _write_pages(self) -> None:
        """Create or update the pages, parents first, each at its nested path."""
        done: set[str] = set()

        def write(pid: str, chain: tuple = ()) -> None:
            if pid in done:
                return
            done.add(pid)
            pending = self.pages[pid]
            parent_id = self.index.page_parents.get(pid, "0")
            parent = None
            if parent_id in self.pages and parent_id not in chain:
                write(parent_id, (*chain, pid))
                parent = self.pages[parent_id].page
            elif parent_id != "0":
                known = self._known.get((Kind.PAGE, parent_id))
                parent = Page.objects.filter(pk=known.object_id).first() if known else None
            page = pending.page
            if pending.values is None and page.parent_id == (parent.pk if parent else None):
                self.summary.pages["unchanged"] += 1
            else:
                if page is None:
                    page = Page(created_at=pending.created_at)
                    self.summary.pages["created"] += 1
                else:
                    self.summary.pages["updated"] += 1
                for name, value in (pending.values or {}).items():
                    setattr(page, name, value)
                page.parent = parent
                page.path = self._free_page_path(page)
                page.save()
                pending.page = page
                self._remember(Kind.PAGE, pid, page.pk, pending.digest, guid=pending.guid,
                               known=pending.known)  # fmt: skip
            self.summary.pages["published" if page.published else "draft"] += 1
            base = self.site.base_path
            self._redirect(f"{base}/?page_id={pid}", page=page)
            self._redirect(f"{base}/?p={pid}", page=page)
            if page.old_path:
                self._redirect(page.old_path, page=page)

        for pid in self.pages:
            write(pid)

    def _free_page_path(self, page: Page) -> str:
        """The page's path, its slug changed if another page or one of our URLs has it."""
        base = page.slug
        n = 1
        while True:
            path = page.build_path()
            clash = Page.objects.filter(path=path).exclude(
                pk=page.pk
            ).exists() or Page.is_site_route(path)
            if not clash:
                return path
            n += 1
            page.slug = f"{base[:190]}-{n}"
            if n == 2:
                self.summary.warnings.append(f"Page “{page.title}”: {path} is taken; renamed")


@dataclass(slots=True)
class _PendingPage:
    page: Page | None
    values: dict | None  # None: unchanged since the last import
    digest: str
    known: ImportedItem | None
    guid: str
    created_at: datetime
