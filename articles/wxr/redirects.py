"""Redirects from every old WordPress address to what it became here.

Contract: `RedirectCollector` is a part of `ArticleImporter` (a mixin; it uses the
importer's `redirects`, `site`, `source` and `summary`). `_redirect` queues one (to an
article, a page or a fixed target; never to itself, never a path over 500 characters);
`flush_redirects` writes the queue: new ones created, ones owned by this source (or
pointing at nothing) repointed, ones already pointing at other content left alone with
a warning.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from ..models import Article, ImportedItem, Redirect
from .records import WxrItem

Kind = ImportedItem.Kind


def _path_of(url: str) -> str:
    """The decoded path (and WordPress query, if any) of a permalink."""
    parts = urlsplit(url or "")
    path = unquote(parts.path) or "/"
    if parts.query:
        return Redirect.query_key(path, dict(q.split("=", 1) for q in parts.query.split("&")
                                             if "=" in q)) or path  # fmt: skip
    return path


class RedirectCollector:
    """Redirects for `ArticleImporter`."""

    def _redirect(
        self, old_path: str, *, target: str = "", article=None, page=None, url: str = ""
    ) -> None:
        """Queue a redirect from `old_path`; `url`, when given, is the article's address
        (worked out once by a caller queuing several)."""
        if not old_path.startswith("/") or len(old_path) > 500:
            return
        new = url or (article.get_absolute_url() if article else page.path if page else target)
        if old_path == new:
            return  # the same address here: nothing to redirect
        self.redirects[old_path] = Redirect(
            old_path=old_path, article=article, page=page, target="" if article or page else target
        )

    def _article_redirects(self, item: WxrItem, article: Article) -> None:
        base = self.site.base_path
        url = article.get_absolute_url()
        self._redirect(f"{base or ''}/?p={item.post_id}", article=article, url=url)
        if item.link:
            path = _path_of(item.link)
            self._redirect(path, article=article, url=url)
            if item.name and not path.startswith(f"{base}/?"):
                for old_slug in item.meta.get("_wp_old_slug", []):
                    old_slug = old_slug.strip()
                    name = unquote(item.name)
                    if old_slug and name in path:
                        head, _sep, tail = path.rpartition(name)
                        self._redirect(f"{head}{old_slug}{tail}", article=article, url=url)

    def flush_redirects(self) -> None:
        """Write the collected redirects: new ones created, ones of this import updated,
        ones already pointing at other content left alone (with a warning)."""
        if not self.redirects:
            return
        wanted, self.redirects = self.redirects, {}
        existing = {r.old_path: r for r in Redirect.objects.filter(old_path__in=list(wanted))}
        new, changed = [], []
        for old_path, redirect in wanted.items():
            current = existing.get(old_path)
            if current is None:
                new.append(redirect)
            elif (current.article_id, current.page_id, current.target) == (
                redirect.article_id, redirect.page_id, redirect.target,
            ):  # fmt: skip
                continue
            elif self._owned(current):
                current.article, current.page = redirect.article, redirect.page
                current.target = redirect.target
                changed.append(current)
            else:
                self.summary.warnings.append(
                    f"{old_path} already redirects elsewhere; left as it was"
                )
        Redirect.objects.bulk_create(new)
        Redirect.objects.bulk_update(changed, ["article", "page", "target"])
        self.summary.redirects += len(new) + len(changed)

    def _owned(self, redirect: Redirect) -> bool:
        """A redirect this import may repoint: to content of this source, or to nothing."""
        if redirect.article_id:
            kind, object_id = Kind.ARTICLE, redirect.article_id
        elif redirect.page_id:
            kind, object_id = Kind.PAGE, redirect.page_id
        else:
            return True  # archive and feed addresses: the latest import says where they go
        return ImportedItem.objects.filter(
            source=self.source, kind=kind, object_id=object_id
        ).exists()
