"""Converting WordPress markup into a body this site keeps.

Contract: `ContentConverter.convert(html, post_id=...)` returns the clean body and a
`Conversion` saying what it met: automatic paragraphs (`wpautop`) for classic content,
block-editor comments removed, `[caption]` as figure/figcaption, galleries from the
`Index`'s attachments, other shortcodes made readable or removed (each counted),
WordPress pull quotes as ours, then the site's sanitiser. Images found under the uploads
directory are copied into the media storage (unless dry run) and pointed at; the others
keep their address and are listed. `convert_many` may share the markup work out to forked
processes (`start_pool`): `submit_many` starts it there, `finish` completes each body.
Never touches the network or the database.
"""

from __future__ import annotations

import html as html_lib
import multiprocessing
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from django.core.files import File
from django.core.files.storage import default_storage

from core.sanitize import clean_body

from .records import Index

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

    def submit_many(self, contents: list[tuple[str, str]]):
        """Start the markup work (`transform`, the costly part) for many (content, post id)
        pairs: in the conversion processes when there are any (`start_pool`), so that it
        runs while the caller does something else; else here and now. Hand what it returns
        to `finish`, one by one."""
        if self.pool is None or len(contents) < 2 * POOL_CHUNK:
            return [self.transform(c, post_id=pid) for c, pid in contents]
        return self.pool.map(_transform, contents, chunksize=POOL_CHUNK)

    def finish(self, transformed: tuple[str, Counter]) -> tuple[str, Conversion]:
        """A body `transform` (or `submit_many`) made, with its images localised (that
        touches storage, so it is done here, in order, for what is written)."""
        html, shortcodes = transformed
        conversion = Conversion(shortcodes=shortcodes)
        return self.localise_images(html, conversion), conversion

    def convert_many(self, contents: list[tuple[str, str]]) -> list[tuple[str, Conversion]]:
        """`convert` for many (content, post id) pairs (see `submit_many`)."""
        return [self.finish(t) for t in self.submit_many(contents)]

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
