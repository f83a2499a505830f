"""Mapping WordPress categories and tags onto `Section` and `Tag`.

Contract: `TermMapping` is a part of `ArticleImporter` (a mixin; it uses the importer's
state: `summary`, `site`, `sections`, `tags`, `category_parents`, `_terms`, `_known`,
`_remember`, `_redirect`). `category(record)` and `tag(slug, name)` return the Section or
Tag for a term: the one imported before, else one with the same slug or name, else a new
one; they queue redirects from the old archive, feed and query addresses.
"""

from __future__ import annotations

import html as html_lib
from collections import Counter
from urllib.parse import unquote

from django.urls import reverse
from django.utils.text import slugify

from ..models import ImportedItem, Section, Tag
from .records import WxrCategory
from .report import _digest

Kind = ImportedItem.Kind


class TermMapping:
    """Sections and tags for `ArticleImporter`."""

    def category(self, record: WxrCategory) -> Section | None:
        if not record.nicename:
            return None
        name = html_lib.unescape(record.name or record.nicename)[:80]
        self.category_parents[record.nicename] = record.parent
        section = self._term(
            Section, Kind.SECTION, record.nicename, name, self.summary.sections, self.sections
        )
        base = self.site.base_path
        path = self._category_path(record.nicename)
        target = section.get_absolute_url()
        feed = reverse("articles:section-feed", kwargs={"slug": section.slug})
        for old in {f"{base}/category/{record.nicename}/", f"{base}/category/{path}/"}:
            self._redirect(old, target=target)
            self._redirect(f"{old}feed/", target=feed)
        if record.term_id:
            self._redirect(f"{base}/?cat={record.term_id}", target=target)
        return section

    def _category_path(self, nicename: str) -> str:
        chain, seen = [nicename], {nicename}
        parent = self.category_parents.get(nicename, "")
        while parent and parent not in seen:
            chain.insert(0, parent)
            seen.add(parent)
            parent = self.category_parents.get(parent, "")
        return "/".join(chain)

    def tag(self, slug: str, name: str) -> Tag | None:
        slug = unquote(slug or "").strip()
        if not slug and not name:
            return None
        slug = slug or slugify(name)
        if slug in self.tags:
            return self.tags[slug]
        name = html_lib.unescape(name or slug)[:80]
        tag = self._term(Tag, Kind.TAG, slug, name, self.summary.tags, self.tags)
        if tag.slug != slug:
            self._redirect(f"{self.site.base_path}/tag/{slug}/", target=tag.get_absolute_url())
        self._redirect(f"{self.site.base_path}/?tag={slug}", target=tag.get_absolute_url())
        return tag

    def _term(self, model, kind, wp_slug: str, name: str, counter: Counter, cache: dict):
        """A Section or Tag for a WordPress term: the one imported before, else one with
        the same slug or name, else a new one."""
        known = self._known.get((kind, wp_slug))
        existing = self._terms[model]
        obj = existing.get(("pk", known.object_id)) if known else None
        if obj is not None:
            counter["unchanged"] += 1
        else:
            slug = slugify(unquote(wp_slug))[:80] or slugify(name)[:80] or f"{kind}-{len(cache)}"
            obj = existing.get(("slug", slug)) or existing.get(("name", name.lower()))
            if obj is None:
                obj = model.objects.create(name=name, slug=slug)
                for key in (("pk", obj.pk), ("slug", obj.slug), ("name", obj.name.lower())):
                    existing[key] = obj
                counter["created"] += 1
            else:
                counter["matched"] += 1
        self._remember(kind, wp_slug, obj.pk, _digest(name), known=known)
        cache[wp_slug] = obj
        return obj
