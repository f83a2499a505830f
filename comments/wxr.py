"""Comments from a WordPress export (WXR), imported beside the articles they belong to.

Built on `articles.wxr`: the caller hands over each batch of `ImportedArticle`s the
article importer wrote, and `CommentImporter.import_batch` maps their `wp:comment`s
onto `Comment`s with author, email, website, IP address, date, text and threading.
`wp:comment_approved` gives the queue: `1` approved, `0` pending, `spam` spam,
`trash` trash. Pingbacks and trackbacks are skipped and counted. The status is
written by `moderation.import_comments`, so imported comments are never sent to
Akismet and notify nobody. WordPress comment ids are remembered per source site
(`ImportedItem`), so a second run writes nothing and a changed comment is updated.
"""

from __future__ import annotations

import html
import ipaddress
import re
from datetime import datetime

from django.utils import timezone

from articles.models import ImportedItem
from articles.wxr import ImportedArticle, Summary, WxrComment
from articles.wxr.report import _digest

from . import moderation
from .models import Comment

Kind = ImportedItem.Kind
Status = Comment.Status

STATUS = {"1": Status.APPROVED, "0": Status.PENDING, "spam": Status.SPAM, "trash": Status.TRASH,
          "post-trashed": Status.TRASH}  # fmt: skip
SKIPPED_TYPES = {"pingback": "pingback", "trackback": "trackback"}
NAME_MAX = Comment._meta.get_field("author_name").max_length
EMAIL_MAX = Comment._meta.get_field("author_email").max_length
URL_MAX = Comment._meta.get_field("author_url").max_length


def plain_text(content: str) -> str:
    """A WordPress comment's HTML as the plain text our comments store (escaped on output).

    Paragraphs and line breaks become newlines, links keep their address after the text.
    """
    text = content.replace("\r\n", "\n")
    text = re.sub(
        r"<a\b[^>]*\bhref=([\"'])(.*?)\1[^>]*>(.*?)</a>",
        lambda m: m.group(3) if m.group(2) in m.group(3) else f"{m.group(3)} ({m.group(2)})",
        text,
        flags=re.IGNORECASE | re.DOTALL,
    )
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = re.sub(r"</p\s*>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _url(value: str) -> str:
    value = value.strip()
    if not value.startswith(("http://", "https://")) or len(value) > URL_MAX:
        return ""
    return value


class CommentImporter:
    """Imports the comments of the articles `articles.wxr.ArticleImporter` wrote."""

    def __init__(self, source: str, summary: Summary, *, now: datetime | None = None):
        self.source = source
        self.summary = summary
        self.now = now or timezone.now()
        self.note = f"Imported from WordPress ({source})"

    def import_batch(self, batch: list[ImportedArticle]) -> None:
        wanted = []
        for imported in batch:
            for record in imported.item.comments:
                if record.type in SKIPPED_TYPES:
                    self.summary.skipped[SKIPPED_TYPES[record.type]] += 1
                elif not record.id:
                    self.summary.warnings.append(
                        f"Post {imported.item.post_id}: a comment without an id; skipped"
                    )
                else:
                    wanted.append((imported, record))
        if not wanted:
            return
        ids = [r.id for _, r in wanted] + [r.parent for _, r in wanted if r.parent != "0"]
        known = {
            row.source_id: row
            for row in ImportedItem.objects.filter(
                source=self.source, kind=Kind.COMMENT, source_id__in=ids
            )
        }
        existing = Comment.objects.in_bulk([row.object_id for row in known.values()])
        by_wp_id: dict[str, Comment] = {
            wp_id: existing[row.object_id]
            for wp_id, row in known.items()
            if row.object_id in existing
        }
        entries: list[tuple[Comment, str]] = []
        rows: list[tuple[WxrComment, Comment, str, ImportedItem | None]] = []
        changed_fields: list[Comment] = []
        # Parents before replies: WordPress exports comments in id order within a post,
        # but a reply's parent may be later; resolve in passes.
        todo = sorted(wanted, key=lambda pair: int(pair[1].id) if pair[1].id.isdigit() else 0)
        for imported, record in todo:
            status = STATUS.get(record.approved)
            if status is None:
                status = Status.PENDING
                self.summary.warnings.append(
                    f"Comment {record.id}: unknown approval “{record.approved}”; held as pending"
                )
            digest = _digest(record.author, record.email, record.url, record.ip,
                             record.date_gmt, record.content, status, record.parent)  # fmt: skip
            row = known.get(record.id)
            comment = by_wp_id.get(record.id) if row else None
            self.summary.comments_by_status[status] += 1
            if comment is not None and row.digest == digest:
                self.summary.comments["unchanged"] += 1
                continue
            values = self._values(imported, record)
            if comment is None:
                comment = Comment(article=imported.article, **values)
                self.summary.comments["created"] += 1
            else:
                for name, value in values.items():
                    setattr(comment, name, value)
                changed_fields.append(comment)
                self.summary.comments["updated"] += 1
            by_wp_id[record.id] = comment
            entries.append((comment, status))
            rows.append((record, comment, digest, row))
        # Threading, once every comment of the batch exists in memory.
        for record, comment, _, _ in rows:
            parent = by_wp_id.get(record.parent) if record.parent != "0" else None
            if parent is not None and parent.article_id != comment.article_id:
                parent = None
            if record.parent != "0" and parent is None:
                self.summary.warnings.append(
                    f"Comment {record.id}: its parent {record.parent} is not in the file; "
                    "imported as a top-level comment"
                )
            comment.parent = parent
        in_batch = {id(comment) for _, comment, _, _ in rows}
        for _, comment, _, _ in rows:
            comment.depth = self._depth(comment, in_batch)
        Comment.objects.bulk_update(
            changed_fields,
            ["author_name", "author_email", "author_url", "ip_address", "body", "created_at",
             "parent", "depth"],
        )  # fmt: skip
        moderation.import_comments(entries, note=self.note, now=self.now)
        new_rows, changed_rows = [], []
        for record, comment, digest, row in rows:
            if row is None:
                new_rows.append(
                    ImportedItem(source=self.source, kind=Kind.COMMENT, source_id=record.id,
                                 object_id=comment.pk, digest=digest, imported_at=self.now)
                )  # fmt: skip
            else:
                row.object_id, row.digest, row.imported_at = comment.pk, digest, self.now
                changed_rows.append(row)
        ImportedItem.objects.bulk_create(new_rows)
        ImportedItem.objects.bulk_update(changed_rows, ["object_id", "digest", "imported_at"])

    @staticmethod
    def _depth(comment: Comment, in_batch: set[int]) -> int:
        """How deep the reply sits: counted through this batch's comments, then the
        stored depth of a parent imported before (no query)."""
        depth, node, seen = 0, comment, set()
        while node.parent_id is not None or (
            "parent" in node._state.fields_cache and node.parent is not None
        ):
            parent = node.parent
            depth += 1
            if id(parent) not in in_batch or id(parent) in seen:
                return depth + parent.depth
            seen.add(id(parent))
            node = parent
        return depth

    def _values(self, imported: ImportedArticle, record: WxrComment) -> dict:
        article = imported.article
        return {
            "author_name": (html.unescape(record.author).strip() or "Anonymous")[:NAME_MAX],
            "author_email": record.email[:EMAIL_MAX] if "@" in record.email else "",
            "author_url": _url(record.url),
            "ip_address": _ip(record.ip),
            "body": plain_text(record.content),
            "created_at": record.date_gmt
            or record.date
            or article.published_at
            or article.created_at,
        }
