"""Reading a WXR file: a streaming pull parser turning it into typed records.

Contract: `read(path)` yields `Site` first, then authors and terms, then items, in file
order, clearing each element once it has become a record, so memory does not grow with
the file. `scan(path)` reads the whole file once without writing anything: it validates
it (any problem raises `WxrError` naming it and the line) and returns the `Index` of
what items refer to ahead of where it appears and the totals for progress. Reads files
only; writes nothing, touches no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError, XMLPullParser

from django.utils import timezone

from .records import (
    Attachment,
    Index,
    Record,
    Site,
    WxrAuthor,
    WxrCategory,
    WxrCoAuthor,
    WxrComment,
    WxrError,
    WxrItem,
    WxrTag,
)

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
CHUNK_SIZE = 64 * 1024

_WP_NS = re.compile(r"^http://wordpress\.org/export/([0-9]+\.[0-9]+)/$")
_EXCERPT_NS = re.compile(r"^http://wordpress\.org/export/[0-9]+\.[0-9]+/excerpt/$")
_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


def _key(tag: str, _cache: dict[str, str] = {}) -> str:  # noqa: B006 (a deliberate memo)
    """'{http://wordpress.org/export/1.2/}post_id' → 'wp:post_id'."""
    try:
        return _cache[tag]
    except KeyError:
        pass
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        if _WP_NS.match(ns):
            prefix = "wp"
        elif _EXCERPT_NS.match(ns):
            prefix = "excerpt"
        else:
            prefix = _PREFIXES.get(ns, ns)
        key = f"{prefix}:{local}"
    else:
        key = tag
    _cache[tag] = key
    return key


def _date(text: str | None) -> datetime | None:
    """A WXR date ('2019-05-03 10:00:00') as UTC; zeros or nonsense mean none."""
    text = (text or "").strip()
    if not text or text.startswith("0000"):
        return None
    try:  # by hand: strptime costs more than the rest of reading an item
        return datetime(
            int(text[0:4]), int(text[5:7]), int(text[8:10]),
            int(text[11:13]), int(text[14:16]), int(text[17:19] or 0), tzinfo=UTC,
        )  # fmt: skip
    except ValueError:
        return None


def _local_date(text: str | None) -> datetime | None:
    """A WordPress local-time date, read in this site's time zone."""
    value = _date(text)
    if value is None:
        return None
    return timezone.make_aware(value.replace(tzinfo=None), timezone.get_current_timezone())


def _text(elem) -> str:
    return elem.text or ""


def _build_comment(elem) -> WxrComment:
    c = WxrComment(id="")
    for child in elem:
        key = _key(child.tag)
        text = child.text or ""
        if key == "wp:comment_id":
            c.id = text.strip()
        elif key == "wp:comment_author":
            c.author = text.strip()
        elif key == "wp:comment_author_email":
            c.email = text.strip()
        elif key == "wp:comment_author_url":
            c.url = text.strip()
        elif key == "wp:comment_author_IP":
            c.ip = text.strip()
        elif key == "wp:comment_date_gmt":
            c.date_gmt = _date(text)
        elif key == "wp:comment_date":
            c.date = _local_date(text)
        elif key == "wp:comment_content":
            c.content = text
        elif key == "wp:comment_approved":
            c.approved = text.strip()
        elif key == "wp:comment_type":
            c.type = text.strip()
        elif key == "wp:comment_parent":
            c.parent = text.strip() or "0"
    return c


_NO_COMMENT = WxrComment(id="")


def _build_item(elem, line: int, light: bool = False) -> WxrItem:
    """The item's record; `light` (for `scan`) leaves its comments unread, only counted."""
    item = WxrItem(line=line)
    for child in elem:
        key = _key(child.tag)
        text = child.text or ""
        if key == "title":
            item.title = text
        elif key == "link":
            item.link = text.strip()
        elif key == "guid":
            item.guid = text.strip()
        elif key == "dc:creator":
            item.creator = text.strip()
        elif key == "content:encoded":
            item.content = text
        elif key == "excerpt:encoded":
            item.excerpt = text
        elif key == "wp:post_id":
            item.post_id = text.strip()
        elif key == "wp:post_date_gmt":
            item.date_gmt = _date(text)
        elif key == "wp:post_date":
            item.date = _local_date(text)
        elif key == "wp:post_modified_gmt":
            item.modified_gmt = _date(text)
        elif key == "wp:post_name":
            item.name = text.strip()
        elif key == "wp:status":
            item.wp_status = text.strip()
        elif key == "wp:post_parent":
            item.parent = text.strip() or "0"
        elif key == "wp:menu_order":
            item.menu_order = int(text) if text.strip().lstrip("-").isdigit() else 0
        elif key == "wp:post_type":
            item.post_type = text.strip()
        elif key == "wp:comment_status":
            item.comment_status = text.strip()
        elif key == "wp:is_sticky":
            item.is_sticky = text.strip() == "1"
        elif key == "wp:attachment_url":
            item.attachment_url = text.strip()
        elif key == "category":
            item.categories.append(
                (child.get("domain", "category"), child.get("nicename", ""), text.strip())
            )
        elif key == "wp:postmeta":
            meta_key = meta_value = ""
            for m in child:
                mk = _key(m.tag)
                if mk == "wp:meta_key":
                    meta_key = (m.text or "").strip()
                elif mk == "wp:meta_value":
                    meta_value = m.text or ""
            if meta_key:
                item.meta.setdefault(meta_key, []).append(meta_value)
        elif key == "wp:comment":
            item.comments.append(_build_comment(child) if not light else _NO_COMMENT)
    return item


def _fields(elem) -> dict[str, str]:
    return {_key(child.tag): child.text or "" for child in elem}


def _coauthor_from_term(login: str, name: str, description: str) -> WxrCoAuthor:
    # Co-Authors Plus describes a term as "Display Name login ID email".
    words = description.split()
    display = " ".join(words[:-3]) if len(words) >= 4 else ""
    return WxrCoAuthor(login=login, display_name=display or name)


def _build_term(elem) -> Record | None:
    f = _fields(elem)
    taxonomy = f.get("wp:term_taxonomy", "").strip()
    slug = f.get("wp:term_slug", "").strip()
    name = f.get("wp:term_name", "").strip()
    if taxonomy == "category":
        return WxrCategory(
            nicename=slug,
            name=name,
            parent=f.get("wp:term_parent", "").strip(),
            term_id=f.get("wp:term_id", "").strip(),
        )
    if taxonomy == "post_tag":
        return WxrTag(slug=slug, name=name)
    if taxonomy == "author":
        login = slug.removeprefix("cap-")
        return _coauthor_from_term(login, name, f.get("wp:term_description", ""))
    return None


def read(path: str | Path, *, light: bool = False) -> Iterator[Record]:
    """The records of the WXR file at `path`, in file order: first the `Site`, then
    authors and terms, then items. Raises `WxrError` on anything that is not a
    well-formed WordPress export (up to the point read: use `scan` to check first)."""
    parser = XMLPullParser(events=("start", "end", "start-ns"))
    line = 1
    depth = 0
    channel = None
    site = Site()
    site_sent = False
    saw_wp_ns = False
    root_checked = False
    at_end = False

    def header_done():
        if not saw_wp_ns or not site.version:
            raise WxrError(
                "Not a WordPress export (WXR): no wp:wxr_version in the channel; "
                "export it from WordPress with Tools → Export",
                line=line,
            )
        if site.version not in SUPPORTED_VERSIONS:
            raise WxrError(
                f"WXR version {site.version} is not supported (1.0 to 1.2 are)", line=line
            )

    try:
        with open(path, "rb") as f:
            while True:
                chunk = f.read(CHUNK_SIZE)
                if chunk:
                    parser.feed(chunk)
                else:
                    at_end = True
                    parser.close()
                for event, elem in parser.read_events():
                    if event == "start-ns":
                        if _WP_NS.match(elem[1]):
                            saw_wp_ns = True
                        continue
                    if event == "start":
                        depth += 1
                        if not root_checked:
                            root_checked = True
                            if elem.tag != "rss":
                                raise WxrError(
                                    f"Not a WordPress export (WXR): the document is "
                                    f"<{_key(elem.tag)}>, not <rss>",
                                    line=line,
                                )
                        elif depth == 2 and elem.tag == "channel":
                            channel = elem
                        continue
                    depth -= 1
                    if depth != 2 or channel is None:
                        if depth == 1 and elem.tag == "channel" and not site_sent:
                            header_done()
                            site_sent = True
                            yield site
                        continue
                    key = _key(elem.tag)
                    if key in ("title", "link", "wp:base_site_url", "wp:base_blog_url"):
                        value = (elem.text or "").strip()
                        if key == "title":
                            site.title = value
                        elif key == "link":
                            site.link = value
                        elif key == "wp:base_site_url":
                            site.base_site_url = value
                        else:
                            site.base_blog_url = value
                    elif key == "wp:wxr_version":
                        site.version = (elem.text or "").strip()
                    else:
                        record = None
                        if key == "item":
                            record = _build_item(elem, line, light)
                        elif key == "wp:author":
                            f_ = _fields(elem)
                            record = WxrAuthor(
                                login=f_.get("wp:author_login", "").strip(),
                                display_name=f_.get("wp:author_display_name", "").strip(),
                                email=f_.get("wp:author_email", "").strip(),
                                first_name=f_.get("wp:author_first_name", "").strip(),
                                last_name=f_.get("wp:author_last_name", "").strip(),
                                wp_id=f_.get("wp:author_id", "").strip(),
                            )
                        elif key == "wp:category":
                            f_ = _fields(elem)
                            record = WxrCategory(
                                nicename=f_.get("wp:category_nicename", "").strip(),
                                name=f_.get("wp:cat_name", "").strip(),
                                parent=f_.get("wp:category_parent", "").strip(),
                                description=f_.get("wp:category_description", ""),
                                term_id=f_.get("wp:term_id", "").strip(),
                            )
                        elif key == "wp:tag":
                            f_ = _fields(elem)
                            record = WxrTag(
                                slug=f_.get("wp:tag_slug", "").strip(),
                                name=f_.get("wp:tag_name", "").strip(),
                            )
                        elif key == "wp:term":
                            record = _build_term(elem)
                        if record is not None:
                            if not site_sent:
                                header_done()
                                site_sent = True
                                yield site
                            yield record
                    # Done with this element: drop it (and anything before it) from the tree.
                    channel.clear()
                if not chunk:
                    break
                line += chunk.count(b"\n")
    except ParseError as exc:
        message = str(exc)
        if at_end or message.startswith("no element found"):
            problem = "The file ends too early (truncated?)"
        elif message.startswith("unknown encoding"):
            problem = "The file declares an encoding Python does not know"
        else:
            problem = "Not valid XML"
        raise WxrError(f"{problem}: {message}") from exc
    except UnicodeError as exc:
        raise WxrError(f"The file's text cannot be decoded: {exc}") from exc
    except LookupError as exc:
        raise WxrError(f"The file declares an encoding Python does not know: {exc}") from exc
    except OSError as exc:
        raise WxrError(f"Cannot read the file: {exc.strerror or exc}") from exc
    if not root_checked:
        raise WxrError("The file is empty")
    if channel is None:
        raise WxrError("Not a WordPress export (WXR): the <rss> has no <channel>")


def scan(path: str | Path) -> Index:
    """Read the whole file without writing: validate it and build its `Index`."""
    index = None
    for record in read(path, light=True):
        if isinstance(record, Site):
            index = Index(site=record)
        elif isinstance(record, WxrItem):
            index.items += 1
            index.comments += len(record.comments)
            if record.post_type == "attachment":
                index.attachments[record.post_id] = Attachment(
                    url=record.attachment_url or record.guid,
                    file=record.meta_value("_wp_attached_file"),
                    alt=record.meta_value("_wp_attachment_image_alt"),
                    caption=record.excerpt.strip(),
                    title=record.title.strip(),
                    parent=record.parent,
                )
                if record.parent != "0":
                    index.gallery_children.setdefault(record.parent, []).append(record.post_id)
            elif record.post_type == "page":
                index.page_parents[record.post_id] = record.parent
        elif isinstance(record, WxrCoAuthor):
            index.coauthors[record.login] = record
    if index is None:
        raise WxrError("Not a WordPress export (WXR): nothing in the channel")
    return index
