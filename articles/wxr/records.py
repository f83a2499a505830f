"""The typed records a WXR file is read into, and the error that refuses a file.

Contract: plain dataclasses with no behaviour beyond deriving a site's identity
(`Site.source`, `Site.base_path`); `reader` builds them, every other module only reads
them. `Index` is what `reader.scan` learned about the whole file (totals, attachments,
page parents, gallery children, co-authors). Imports nothing from Django or the models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit


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
