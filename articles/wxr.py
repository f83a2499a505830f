"""WordPress export (WXR 1.0–1.2): reading it, converting its markup, importing the articles.

Three parts, used by the `wordpress` app's command, admin page and task:

* **Reading.** `read(path)` streams a WXR file with an XML pull parser, clearing each
  element once it has become a typed record (`Site`, `WxrAuthor`, `WxrCategory`,
  `WxrTag`, `WxrItem` with its `WxrComment`s), so memory does not grow with the file.
  `scan(path)` reads the whole file once without writing anything: it validates it
  (any problem raises `WxrError` naming it and the line) and collects what items refer
  to ahead of where it appears (attachments, page parents) and the totals for progress.
* **Converting.** `convert_body(html, ...)` turns WordPress content into a body this
  site keeps: automatic paragraphs (`wpautop`) for classic content, block-editor
  comments removed, `[caption]` as figure/figcaption, other shortcodes made readable or
  removed (each counted), WordPress pull quotes as ours, images copied from the uploads
  directory when given; then the site's sanitiser.
* **Importing.** `ArticleImporter` maps authors, categories, tags, posts, pages and
  attachments onto Author, Section, Tag, Article (with bylines), Page, featured images
  and `Redirect`s from every old address. `ImportedItem` rows remember each object's
  WordPress id per source site, so a second run of the same file writes nothing and a
  changed post is updated in place. The article status is set by
  `workflow.import_articles`. Comments are imported by `comments/wxr.py` from the same
  records; the caller runs everything in one transaction.

Nothing here touches the network: images not found under the uploads directory keep
their address and are listed in the summary.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import multiprocessing
import re
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import ParseError, XMLPullParser

from django.core.files import File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from authors.models import Author
from core.sanitize import clean_body

from . import workflow
from .models import Article, Byline, ImportedItem, Page, Redirect, Section, Tag

Kind = ImportedItem.Kind
Status = Article.Status

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
CHUNK_SIZE = 64 * 1024
BATCH_SIZE = 500

_WP_NS = re.compile(r"^http://wordpress\.org/export/([0-9]+\.[0-9]+)/$")
_EXCERPT_NS = re.compile(r"^http://wordpress\.org/export/[0-9]+\.[0-9]+/excerpt/$")
_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


class WxrError(Exception):
    """The file cannot be imported; `str(error)` says why in one line (with the XML line)."""

    def __init__(self, message: str, *, line: int | None = None):
        self.line = line
        super().__init__(f"{message} (line {line})" if line else message)


# --- Records --------------------------------------------------------------------------------


@dataclass(slots=True)
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    version: str = ""

    @property
    def source(self) -> str:
        """The site's identity for `ImportedItem`: its base URL without scheme or slash."""
        url = self.base_blog_url or self.base_site_url or self.link
        parts = urlsplit(url)
        return (parts.netloc + parts.path).rstrip("/").lower() or url

    @property
    def base_path(self) -> str:
        """The path the blog lived under ('' at the root, '/blog' in a subdirectory)."""
        return urlsplit(self.base_blog_url or self.link).path.rstrip("/")


@dataclass(slots=True)
class WxrAuthor:
    login: str
    display_name: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: str = ""


@dataclass(slots=True)
class WxrCategory:
    nicename: str
    name: str = ""
    parent: str = ""
    description: str = ""
    term_id: str = ""


@dataclass(slots=True)
class WxrTag:
    slug: str
    name: str = ""


@dataclass(slots=True)
class WxrCoAuthor:
    """A Co-Authors Plus author term (guest authors have no wp:author entry)."""

    login: str
    display_name: str = ""


@dataclass(slots=True)
class WxrComment:
    id: str
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date_gmt: datetime | None = None
    date: datetime | None = None
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: str = "0"


@dataclass(slots=True)
class WxrItem:
    post_id: str = ""
    post_type: str = "post"
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date_gmt: datetime | None = None
    date: datetime | None = None
    modified_gmt: datetime | None = None
    name: str = ""
    wp_status: str = ""  # publish, future, draft, pending, private, trash, …
    parent: str = "0"
    menu_order: int = 0
    is_sticky: bool = False
    comment_status: str = "open"
    attachment_url: str = ""
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # domain, nicename, name
    meta: dict[str, list[str]] = field(default_factory=dict)
    comments: list[WxrComment] = field(default_factory=list)
    line: int = 0

    def meta_value(self, key: str) -> str:
        values = self.meta.get(key)
        return values[0] if values else ""


Record = Site | WxrAuthor | WxrCategory | WxrTag | WxrCoAuthor | WxrItem


# --- Reading --------------------------------------------------------------------------------


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


@dataclass(slots=True)
class Attachment:
    url: str
    file: str = ""
    alt: str = ""
    caption: str = ""
    title: str = ""
    parent: str = "0"


@dataclass
class Index:
    """What `scan` learned: totals, and what items may refer to before it appears."""

    site: Site
    items: int = 0
    comments: int = 0
    attachments: dict[str, Attachment] = field(default_factory=dict)
    page_parents: dict[str, str] = field(default_factory=dict)  # page id → parent id
    gallery_children: dict[str, list[str]] = field(default_factory=dict)  # post → attachments
    coauthors: dict[str, WxrCoAuthor] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.items


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


# --- Converting markup ----------------------------------------------------------------------

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?")
_ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|"
    r"form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|"
    r"article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_SHORTCODE = re.compile(
    r"\[(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^\]]*?)?)\s*(?P<selfclose>/)?\]"
    r"(?:(?P<inner>.*?)\[/(?P=name)\])?",
    re.DOTALL,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE)
_EMPTY_P = re.compile(r"<p>(?:\s|<br>)*</p>\n?")
_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)


def wpautop(text: str) -> str:
    """WordPress's automatic paragraphs: blank-line-separated text becomes <p>, single
    newlines <br>, block-level HTML is left alone (a port of the essentials of wpautop)."""
    if not text.strip():
        return ""
    pre_blocks: list[str] = []

    def keep_pre(match):
        pre_blocks.append(match.group(0))
        return f"<wp-pre-{len(pre_blocks) - 1}></wp-pre>"

    text = re.sub(r"<pre\b.*?</pre>", keep_pre, text, flags=re.DOTALL | re.IGNORECASE)
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(rf"(<{_ALLBLOCKS}[\s/>])", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</{_ALLBLOCKS}>)", r"\1\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"<p>\s*(<{_ALLBLOCKS}[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</{_ALLBLOCKS}>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"<p>\s*(</{_ALLBLOCKS}>)", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(<{_ALLBLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    # Single newlines inside paragraphs become line breaks, except next to block tags.
    text = re.sub(r"(?<!<br />)\s*\n(?!\s*</?" + _ALLBLOCKS + r"[\s>/])", "<br />\n", text)
    text = re.sub(rf"(</?{_ALLBLOCKS}[^>]*>)\s*<br />", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for i, block in enumerate(pre_blocks):
        text = text.replace(f"<wp-pre-{i}></wp-pre>", block)
    return text.strip()


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in
            _ATTR.finditer(text or "")}  # fmt: skip


@dataclass
class Conversion:
    """What converting one body met, added to the summary."""

    shortcodes: Counter = field(default_factory=Counter)
    images_copied: int = 0
    images_remote: list[str] = field(default_factory=list)


class ContentConverter:
    """Converts WordPress markup; copies images found under the uploads directory."""

    def __init__(self, index: Index, *, uploads_dir: Path | None, dry_run: bool = False):
        self.index = index
        self.uploads_dir = uploads_dir
        self.dry_run = dry_run
        self.copied: dict[str, str] = {}  # uploads-relative path → stored URL
        self.saved_names: list[str] = []  # files written to the storage by this run
        self.pool: ProcessPoolExecutor | None = None
        site = index.site
        bases = {site.base_site_url, site.base_blog_url, site.link}
        self.upload_prefixes = sorted(
            {f"{b.rstrip('/')}/wp-content/uploads/" for b in bases if b}
            | {f"{_without_scheme(b).rstrip('/')}/wp-content/uploads/" for b in bases if b}
            | {"/wp-content/uploads/"},
            key=len,
            reverse=True,
        )

    # Images ------------------------------------------------------------------------------

    def upload_path(self, url: str) -> str | None:
        """The path under wp-content/uploads of an image `url` of the source site."""
        for prefix in self.upload_prefixes:
            if url.startswith(prefix):
                return unquote(url[len(prefix) :].split("?")[0])
        return None

    def local_file(self, relative: str) -> Path | None:
        if not self.uploads_dir or not relative:
            return None
        candidate = (self.uploads_dir / relative).resolve()
        root = self.uploads_dir.resolve()
        if root not in candidate.parents or not candidate.is_file():
            return None
        return candidate

    def storage_name(self, relative: str) -> str:
        safe = PurePosixPath(relative)
        return str(PurePosixPath("wordpress", self.index.site.source.replace("/", "_"), safe))

    def copy_image(self, relative: str) -> str | None:
        """Copy an uploads file into the media storage (once); its URL, or None if missing."""
        if relative in self.copied:
            return self.copied[relative]
        source = self.local_file(relative)
        if source is None:
            return None
        name = self.storage_name(relative)
        if not self.dry_run and not default_storage.exists(name):
            with source.open("rb") as f:
                name = default_storage.save(name, File(f))
            self.saved_names.append(name)
        url = default_storage.url(name)
        self.copied[relative] = url
        return url

    def _rewrite_img(self, match, conversion: Conversion) -> str:
        src = html_lib.unescape(match.group(3))
        relative = self.upload_path(src)
        url = self.copy_image(relative) if relative else None
        if url is None:
            conversion.images_remote.append(src)
            return match.group(0)
        conversion.images_copied += 1
        return f"{match.group(1)}{match.group(2)}{html_lib.escape(url)}{match.group(2)}"

    # Shortcodes --------------------------------------------------------------------------

    def _attachment_figure(self, attachment_id: str) -> str:
        attachment = self.index.attachments.get(attachment_id)
        if attachment is None:
            return ""
        alt = html_lib.escape(attachment.alt or attachment.title)
        caption = html_lib.escape(attachment.caption)
        img = f'<img src="{html_lib.escape(attachment.url)}" alt="{alt}">'
        return f"<li>{img}{f' {caption}' if caption else ''}</li>"

    def _shortcode(self, match, conversion: Conversion, post_id: str) -> str:
        name = match.group("name").lower()
        attrs = _attrs(match.group("attrs"))
        inner = match.group("inner")
        plain = (
            inner is None
            and not match.group("attrs").strip()
            and not match.group("selfclose")
            and name not in KNOWN_SHORTCODES
        )
        if plain:
            return match.group(0)  # "[sic]", "[1]": editorial brackets, not a shortcode
        conversion.shortcodes[name] += 1
        if name in ("caption", "wp_caption"):
            body = inner or ""
            img = re.search(r"(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?", body, re.IGNORECASE)
            text = attrs.get("caption", "")
            if img:
                text = (body[: img.start()] + body[img.end() :]).strip() or text
                picture = img.group(0)
            else:
                picture = ""
            caption = f"<figcaption>{text.strip()}</figcaption>" if text.strip() else ""
            return f"\n\n<figure>{picture}{caption}</figure>\n\n"
        if name == "gallery":
            ids = [i.strip() for i in attrs.get("ids", attrs.get("include", "")).split(",")]
            ids = [i for i in ids if i] or self.index.gallery_children.get(post_id, [])
            items = "".join(self._attachment_figure(i) for i in ids)
            return f"\n\n<ul>{items}</ul>\n\n" if items else ""
        if name == "embed" or name in ("audio", "video", "playlist"):
            url = (inner or "").strip() if name == "embed" else ""
            url = url or attrs.get("src") or attrs.get("url") or attrs.get("mp3") or ""
            url = url or next((v for k, v in attrs.items() if k in ("mp4", "m4a", "ogg")), "")
            if url.startswith(("http://", "https://")):
                link = html_lib.escape(url)
                return f'\n\n<p><a href="{link}">{link}</a></p>\n\n'
            return ""
        # Anything else: keep what it encloses (readable text), drop the tags.
        return inner or ""

    # The whole body ----------------------------------------------------------------------

    def convert(self, content: str, *, post_id: str = "") -> tuple[str, Conversion]:
        """`content:encoded` → a clean body for this site, and what was met on the way."""
        html, shortcodes = self.transform(content, post_id=post_id)
        conversion = Conversion(shortcodes=shortcodes)
        return self.localise_images(html, conversion), conversion

    def convert_many(self, contents: list[tuple[str, str]]) -> list[tuple[str, Conversion]]:
        """`convert` for many (content, post id) pairs; the markup work (the costly part)
        is shared out between processes when `workers` says so."""
        if self.pool is None or len(contents) < 2 * POOL_CHUNK:
            transformed = [self.transform(c, post_id=pid) for c, pid in contents]
        else:
            transformed = list(self.pool.map(_transform, contents, chunksize=POOL_CHUNK))
        results = []
        for html, shortcodes in transformed:
            conversion = Conversion(shortcodes=shortcodes)
            results.append((self.localise_images(html, conversion), conversion))
        return results

    def start_pool(self, workers: int) -> None:
        """Convert bodies in `workers` forked processes (they inherit this converter)."""
        global _POOL_CONVERTER
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        _POOL_CONVERTER = self
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))

    def close_pool(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

    def localise_images(self, html: str, conversion: Conversion) -> str:
        """Point images found under the uploads directory at their copy in the media storage;
        list the others as left remote."""
        if "<img" not in html:
            return html
        return _IMG_SRC.sub(lambda m: self._rewrite_img(m, conversion), html)

    def transform(self, content: str, *, post_id: str = "") -> tuple[str, Counter]:
        """The markup work of `convert`, without touching storage: clean HTML and the
        shortcodes met, by name."""
        conversion = Conversion()
        text = content or ""
        block_editor = "<!-- wp:" in text
        text = _BLOCK_COMMENT.sub("", text)
        # Shortcodes become HTML set aside behind a token, so that automatic paragraphs
        # do not reach inside a figure or a gallery (WordPress runs shortcodes after
        # wpautop and unwraps the ones alone in a paragraph; same effect).
        made: list[str] = []

        def set_aside(html: str) -> str:
            made.append(html.strip())
            return (
                f"\n\n\x00{len(made) - 1}\x00\n\n"
                if html.startswith("\n")
                else (f"\x00{len(made) - 1}\x00")
            )

        text = _SHORTCODE.sub(lambda m: set_aside(self._shortcode(m, conversion, post_id)), text)
        # A URL alone on its line is an oEmbed in WordPress: a link here.
        text = _URL_LINE.sub(
            lambda m: set_aside(
                f'\n\n<p><a href="{html_lib.escape(m.group(1))}">'
                f"{html_lib.escape(m.group(1))}</a></p>"
            ),
            text,
        )
        if not block_editor:
            text = wpautop(text)
        text = re.sub(r"<p>\s*\x00(\d+)\x00\s*</p>", lambda m: made[int(m.group(1))], text)
        text = re.sub(r"\x00(\d+)\x00", lambda m: made[int(m.group(1))], text)
        text = re.sub(
            r"<figure\b[^>]*\bwp-block-pullquote\b[^>]*>\s*<blockquote\b[^>]*>(.*?)</blockquote>"
            r"\s*</figure>",
            r'<blockquote class="pullquote">\1</blockquote>',
            text,
            flags=re.DOTALL | re.IGNORECASE,
        )
        text = re.sub(
            r"<blockquote\b[^>]*\bclass=([\"'])[^\"']*\bwp-block-pullquote\b[^\"']*\1[^>]*>",
            '<blockquote class="pullquote">',
            text,
            flags=re.IGNORECASE,
        )
        # What the sanitiser removed can leave paragraphs with nothing in them.
        return _EMPTY_P.sub("", clean_body(text)).strip(), conversion.shortcodes


KNOWN_SHORTCODES = frozenset({"caption", "wp_caption", "gallery", "embed", "audio", "video",
                              "playlist"})  # fmt: skip


# Bodies per task sent to a conversion process.
POOL_CHUNK = 16
# The converter the forked conversion processes use (set before they are forked).
_POOL_CONVERTER: ContentConverter | None = None


def _transform(pair: tuple[str, str]) -> tuple[str, Counter]:
    content, post_id = pair
    return _POOL_CONVERTER.transform(content, post_id=post_id)


def _without_scheme(url: str) -> str:
    return re.sub(r"^https?:", "", url)


# --- Importing ------------------------------------------------------------------------------


@dataclass
class Summary:
    """The import's report: what was created, updated, left alone and skipped."""

    source: str = ""
    authors: Counter = field(default_factory=Counter)
    sections: Counter = field(default_factory=Counter)
    tags: Counter = field(default_factory=Counter)
    articles: Counter = field(default_factory=Counter)
    articles_by_status: Counter = field(default_factory=Counter)
    pages: Counter = field(default_factory=Counter)
    comments: Counter = field(default_factory=Counter)
    comments_by_status: Counter = field(default_factory=Counter)
    images_copied: int = 0
    images_remote: list[str] = field(default_factory=list)
    redirects: int = 0
    skipped: Counter = field(default_factory=Counter)
    shortcodes: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    items_done: int = 0
    dry_run: bool = False

    def add(self, conversion: Conversion) -> None:
        self.shortcodes.update(conversion.shortcodes)
        self.images_copied += conversion.images_copied
        self.images_remote.extend(conversion.images_remote)

    def rows(self) -> list[tuple[str, str]]:
        """The summary as (label, value) rows, for the command's table and the admin page."""

        def counts(counter: Counter) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(counter.items()) if v) or "0"

        rows = [
            ("Source", self.source),
            ("Authors", counts(self.authors)),
            ("Sections", counts(self.sections)),
            ("Tags", counts(self.tags)),
            ("Articles", counts(self.articles)),
            ("Articles by status", counts(self.articles_by_status)),
            ("Pages", counts(self.pages)),
            ("Comments", counts(self.comments)),
            ("Comments by status", counts(self.comments_by_status)),
            ("Images copied", str(self.images_copied)),
            ("Images left remote", str(len(self.images_remote))),
            ("Redirects", str(self.redirects)),
            ("Skipped", counts(self.skipped)),
            ("Shortcodes", counts(self.shortcodes)),
            ("Warnings", str(len(self.warnings))),
        ]
        if self.dry_run:
            rows.append(("Dry run", "nothing was written"))
        return rows

    def as_dict(self) -> dict:
        return {
            "rows": self.rows(),
            "images_remote": self.images_remote[:200],
            "warnings": self.warnings[:200],
        }


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()


ARTICLE_STATUS = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,
    "draft": Status.DRAFT,
    "pending": Status.IN_REVIEW,
    "private": Status.DRAFT,
}
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
FIELD_MAX = {
    "title": Article._meta.get_field("title").max_length,
    "slug": Article._meta.get_field("slug").max_length,
    "standfirst": Article._meta.get_field("standfirst").max_length,
}


def _nicename(login: str) -> str:
    """The author's address name as WordPress makes it from the login (dots become dashes)."""
    return slugify(login.replace(".", "-").replace("@", "-"))


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _path_of(url: str) -> str:
    """The decoded path (and WordPress query, if any) of a permalink."""
    parts = urlsplit(url or "")
    path = unquote(parts.path) or "/"
    if parts.query:
        return Redirect.query_key(path, dict(q.split("=", 1) for q in parts.query.split("&")
                                             if "=" in q)) or path  # fmt: skip
    return path


@dataclass(slots=True)
class ImportedArticle:
    """An item and the article made from it, handed on to the comments importer."""

    item: WxrItem
    article: Article
    created: bool


class ArticleImporter:
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
        # (local date, slug) of every article: how slug clashes are found without a query each.
        self.taken: dict[tuple, int] = {}
        for pk, slug, published_at, created_at in Article.objects.values_list(
            "pk", "slug", "published_at", "created_at"
        ):
            self.taken[(timezone.localtime(published_at or created_at).date(), slug)] = pk

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

    # Articles ----------------------------------------------------------------------------

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

    def _slug(self, item: WxrItem, day, owner) -> str:
        """The post's slug, numbered when another article has it on the same day.
        `owner` is the article's pk, or a token for one not saved yet."""
        slug = slugify(unquote(item.name))[: FIELD_MAX["slug"]]
        if not slug:
            slug = slugify(html_lib.unescape(item.title))[: FIELD_MAX["slug"]]
        if not slug:
            slug = f"post-{item.post_id}"
        base, n = slug, 1
        while self.taken.get((day, slug), owner) != owner:
            n += 1
            slug = f"{base[: FIELD_MAX['slug'] - 8]}-{n}"
        return slug

    def flush(self) -> list[ImportedArticle]:
        """Write the pending posts: new ones in bulk, changed ones updated, the rest left."""
        items, self.pending = self.pending, []
        if not items:
            return []
        known = {
            row.source_id: row
            for row in ImportedItem.objects.filter(
                source=self.source, kind=Kind.ARTICLE, source_id__in=[i.post_id for i in items]
            )
        }
        existing = Article.objects.in_bulk([row.object_id for row in known.values()])
        results: list[ImportedArticle] = []
        entries: list[tuple[Article, str]] = []
        plans = []
        todo = []
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
            row = known.get(item.post_id)
            article = existing.get(row.object_id) if row else None
            if article is not None and row.digest == digest:
                self.summary.articles["unchanged"] += 1
                self.summary.articles_by_status[self._status_label(article)] += 1
                results.append(ImportedArticle(item, article, created=False))
                continue
            todo.append((item, status, section, tags, bylines, thumbnail, published_at,
                         created_at, digest, row, article))  # fmt: skip
        converted = self.converter.convert_many([(t[0].content, t[0].post_id) for t in todo])
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
                "comments_enabled": item.comment_status != "closed",
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
                 "is_editors_pick", "comments_enabled", "featured_image_alt",
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

    def _featured_image(self, article: Article, attachment: Attachment) -> None:
        relative = attachment.file or self.converter.upload_path(attachment.url) or ""
        source = self.converter.local_file(relative)
        if source is None:
            self.summary.images_remote.append(attachment.url)
            return
        self.summary.images_copied += 1
        if self.converter.dry_run:
            return
        name = self.converter.storage_name(relative)
        if article.featured_image.name == name:
            return
        with source.open("rb") as f:
            article.featured_image.save(PurePosixPath(name).name, File(f), save=False)
        # Only the image (and what is derived from it): the import keeps updated_at.
        article.save(update_fields=["featured_image"])
        self.saved_images.append((article.featured_image.name, article.featured_image_renditions))

    # Redirects ---------------------------------------------------------------------------

    def _redirect(self, old_path: str, *, target: str = "", article=None, page=None) -> None:
        if not old_path.startswith("/") or len(old_path) > 500:
            return
        new = article.get_absolute_url() if article else page.path if page else target
        if old_path == new:
            return  # the same address here: nothing to redirect
        self.redirects[old_path] = Redirect(
            old_path=old_path, article=article, page=page, target="" if article or page else target
        )

    def _article_redirects(self, item: WxrItem, article: Article) -> None:
        base = self.site.base_path
        self._redirect(f"{base or ''}/?p={item.post_id}", article=article)
        if item.link:
            path = _path_of(item.link)
            self._redirect(path, article=article)
            if item.name and not path.startswith(f"{base}/?"):
                for old_slug in item.meta.get("_wp_old_slug", []):
                    old_slug = old_slug.strip()
                    name = unquote(item.name)
                    if old_slug and name in path:
                        head, _sep, tail = path.rpartition(name)
                        self._redirect(f"{head}{old_slug}{tail}", article=article)

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

    # Pages -------------------------------------------------------------------------------

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

    def finish(self) -> list[ImportedArticle]:
        """Write what is still pending and the redirects; returns the last batch."""
        results = self.flush()
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


@dataclass(slots=True)
class _PendingPage:
    page: Page | None
    values: dict | None  # None: unchanged since the last import
    digest: str
    known: ImportedItem | None
    guid: str
    created_at: datetime


def clean_excerpt(text: str) -> str:
    """A WordPress excerpt as a plain-text standfirst."""
    text = re.sub(r"<[^>]+>", " ", text or "")
    return " ".join(html_lib.unescape(text).split())
