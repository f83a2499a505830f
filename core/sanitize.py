"""The bleach policies: what HTML an article body or an author bio may hold.

Bodies are cleaned when saved and stored clean, so templates can render them
as-is. Cleaning is idempotent: ``clean_body(clean_body(x)) == clean_body(x)``
for every input, so saving a body again never changes it. Anything not on
the allowlist is removed together with its content when it is executable
(script, style) and unwrapped otherwise.
"""

import html as html_lib
import re

import bleach

ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

BODY_TAGS = frozenset(
    {
        "p", "h2", "h3", "h4", "blockquote", "footer", "cite", "ul", "ol", "li",
        "a", "em", "strong", "i", "b", "figure", "figcaption", "img", "hr", "br",
    }
)  # fmt: skip
BODY_ATTRIBUTES = {
    "a": ["href", "title"],
    "blockquote": ["cite", "class"],
    "img": ["src", "alt", "width", "height", "loading"],
    "figure": ["class"],
    "p": ["class"],
}
# Only presentational hooks the stylesheet knows; everything else is dropped.
ALLOWED_CLASSES = {"blockquote": {"pullquote"}, "figure": {"wide"}, "p": {"lead"}}

BIO_TAGS = frozenset({"p", "a", "em", "strong", "br"})
BIO_ATTRIBUTES = {"a": ["href", "title"]}

# Elements whose content must go with them, not be left behind as text.
_DROP_WITH_CONTENT = ("script", "style", "iframe", "object", "embed", "template", "noscript")


def _filter_attribute(tag: str, name: str, value: str) -> bool:
    if name == "class":
        return all(c in ALLOWED_CLASSES.get(tag, ()) for c in value.split())
    if tag == "img" and name == "src":
        return value.startswith(("http://", "https://", "/"))
    return name in BODY_ATTRIBUTES.get(tag, ())


def _attributes(allowed: dict[str, list[str]]):
    return dict.fromkeys(allowed, _filter_attribute)


def _strip_dangerous_blocks(html: str) -> str:
    """Remove executable elements with their content before bleach unwraps tags."""
    for tag in _DROP_WITH_CONTENT:
        html = re.sub(
            rf"<{tag}\b[^>]*>.*?(</{tag}\s*>|$)", "", html, flags=re.IGNORECASE | re.DOTALL
        )
    return html


_body_cleaner = bleach.sanitizer.Cleaner(
    tags=BODY_TAGS,
    attributes=_attributes(BODY_ATTRIBUTES),
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
_bio_cleaner = bleach.sanitizer.Cleaner(
    tags=BIO_TAGS,
    attributes=BIO_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)

# Cleaning must be idempotent (a body is cleaned on every save). With html5lib's
# "best quote character", a value holding a double quote is written in single
# quotes, and bleach's serializer then escapes the "&" of its own "&amp;" again on
# the next pass: one more "amp;" per save. Always quote with " and write " as &quot;.
for _cleaner in (_body_cleaner, _bio_cleaner):
    _cleaner.serializer.use_best_quote_char = False
    _cleaner.serializer.quote_char = '"'


def clean_body(html: str) -> str:
    """Return an article body reduced to the journalism allowlist."""
    if not html:
        return ""
    return _body_cleaner.clean(_strip_dangerous_blocks(html)).strip()


def clean_bio(html: str) -> str:
    """Return an author bio reduced to paragraphs, links and emphasis."""
    if not html:
        return ""
    return _bio_cleaner.clean(_strip_dangerous_blocks(html)).strip()


def body_text(html: str) -> str:
    """Plain text of a body, for excerpts, search and feeds."""
    text = bleach.clean(html or "", tags=set(), strip=True)
    return " ".join(html_lib.unescape(text).split())
