"""WordPress export (WXR 1.0–1.2): reading it, converting its markup, importing the articles.

Used by the `wordpress` app's command, admin page and task. One module per concern:

* `records` — the typed records (`Site`, `WxrAuthor`, `WxrCategory`, `WxrTag`,
  `WxrCoAuthor`, `WxrItem` with its `WxrComment`s, `Attachment`, `Index`) and `WxrError`.
* `reader` — `read(path)` streams a WXR file with an XML pull parser, clearing each element
  once it has become a record, so memory does not grow with the file; `scan(path)` reads
  the whole file once without writing anything, validates it (any problem raises
  `WxrError` naming it and the line) and builds its `Index`.
* `content` — `ContentConverter` turns WordPress content into a body this site keeps
  (`wpautop`, block comments, shortcodes, pull quotes, images, the site's sanitiser).
* `importer` — `ArticleImporter` maps the records onto Author, Section, Tag, Article (with
  bylines), Page, featured images and `Redirect`s from every old address, joining
  `authors`, `terms`, `posts`, `pages`, `media` and `redirects`; `ImportedItem` rows make
  a second run of the same file write nothing. The article status is set by
  `workflow.import_articles`. Comments are imported by `comments/wxr.py` from the same
  records; the caller runs everything in one transaction.
* `report` — the `Summary` of an import.

Nothing here touches the network: images not found under the uploads directory keep
their address and are listed in the summary. This module only re-exports the names other
code uses; import from it, not from the modules, unless patching one in a test.
"""

from .content import ContentConverter, wpautop
from .importer import ArticleImporter
from .posts import ImportedArticle
from .reader import read, scan
from .records import (
    Attachment,
    Index,
    Site,
    WxrAuthor,
    WxrCategory,
    WxrCoAuthor,
    WxrComment,
    WxrError,
    WxrItem,
    WxrTag,
)
from .report import Summary

__all__ = [
    "ArticleImporter",
    "Attachment",
    "ContentConverter",
    "ImportedArticle",
    "Index",
    "Site",
    "Summary",
    "WxrAuthor",
    "WxrCategory",
    "WxrCoAuthor",
    "WxrComment",
    "WxrError",
    "WxrItem",
    "WxrTag",
    "read",
    "scan",
    "wpautop",
]
