"""Mapping WordPress authors (and Co-Authors Plus guest authors) onto `Author`.

Contract: `AuthorMapping` is a part of `ArticleImporter` (a mixin; it uses the importer's
state: `summary`, `site`, `source`, `authors`, `_known`, `_remember`, `_redirect`).
`author(record)` returns the Author for a login: the one imported before from this
source, else an unclaimed one with the same slug, else a new one; it records the
`ImportedItem` and queues redirects from the WordPress author addresses and feeds.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import slugify

from authors.models import Author

from ..models import ImportedItem
from .records import WxrAuthor
from .report import _digest

Kind = ImportedItem.Kind


def _nicename(login: str) -> str:
    """The author's address name as WordPress makes it from the login (dots become dashes)."""
    return slugify(login.replace(".", "-").replace("@", "-"))


class AuthorMapping:
    """Authors for `ArticleImporter`."""

    def author(self, record: WxrAuthor) -> Author | None:
        login = record.login
        if not login:
            return None
        if login in self.authors:
            return self.authors[login]
        name = (
            record.display_name
            or " ".join(p for p in (record.first_name, record.last_name) if p)
            or login
        )[: Author._meta.get_field("name").max_length]
        digest = _digest(name)
        known = self._known.get((Kind.AUTHOR, login))
        author = Author.objects.filter(pk=known.object_id).first() if known else None
        if author is not None:
            if known.digest != digest:
                author.name = name
                author.save(update_fields=["name"])
                self.summary.authors["updated"] += 1
            else:
                self.summary.authors["unchanged"] += 1
        else:
            slug = _nicename(login)[:140] or f"author-{record.wp_id or len(self.authors) + 1}"
            author = Author.objects.filter(slug=slug).first()
            claimed = (
                author is not None
                and ImportedItem.objects.filter(kind=Kind.AUTHOR, object_id=author.pk)
                .exclude(source=self.source)
                .exists()
            )
            if author is None or claimed:
                author = Author.objects.create(name=name, slug=self._free_slug(Author, slug))
                self.summary.authors["created"] += 1
            else:
                self.summary.authors["matched"] += 1
        self._remember(Kind.AUTHOR, login, author.pk, digest, known=known)
        self.authors[login] = author
        if record.wp_id:
            self._redirect(f"{self.site.base_path}/?author={record.wp_id}",
                           target=author.get_absolute_url())  # fmt: skip
        wp_slug = _nicename(login)
        if wp_slug and wp_slug != author.slug:
            base = self.site.base_path
            self._redirect(f"{base}/author/{wp_slug}/", target=author.get_absolute_url())
            self._redirect(
                f"{base}/author/{wp_slug}/feed/",
                target=reverse("articles:author-feed", kwargs={"slug": author.slug}),
            )
        return author

    def _free_slug(self, model, slug: str, field_name: str = "slug") -> str:
        candidate, n = slug, 1
        while model.objects.filter(**{field_name: candidate}).exists():
            n += 1
            candidate = f"{slug[:130]}-{n}"
        return candidate
