"""The sanitiser is idempotent and safe: cleaning clean HTML changes nothing.

A body is cleaned on every save, so `clean(clean(x)) != clean(x)` means a body
that changes each time it is saved (an attribute with both `"` and `&` used to
gain one `amp;` per save). Checked with hypothesis over HTML-shaped input and
over a corpus of public XSS vectors (tests/core/xss_vectors.txt), whose
output must also hold nothing off the allowlist.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.sanitize import (
    ALLOWED_PROTOCOLS,
    BIO_ATTRIBUTES,
    BIO_TAGS,
    BODY_ATTRIBUTES,
    BODY_TAGS,
    clean_bio,
    clean_body,
)

CORPUS = Path(__file__).with_name("xss_vectors.txt")
_ESCAPE = re.compile(r"\\(n|t|0|u[0-9a-fA-F]{4})")


def _unescape(line: str) -> str:
    def one(match):
        code = match.group(1)
        return {"n": "\n", "t": "\t", "0": "\0"}.get(code) or chr(int(code[1:], 16))

    return _ESCAPE.sub(one, line)


def xss_vectors() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [_unescape(line) for line in lines if line.strip() and not line.startswith("# ")]


class _Inventory(HTMLParser):
    """Every tag and attribute the output holds, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)


def _scheme(url: str) -> str:
    """The scheme a browser's URL parser finds (it drops tabs and newlines, trims controls)."""
    url = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(33))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


def assert_only_allowlisted(output: str, tags, attributes):
    inventory = _Inventory()
    inventory.feed(output)
    inventory.close()
    assert not inventory.comments, output
    for tag, attrs in inventory.tags:
        assert tag in tags, f"{tag!r} survived in {output!r}"
        for name, value in attrs:
            assert name in attributes.get(tag, ()) or name == "class", (tag, name, output)
            if name in ("href", "src", "cite") and value:
                scheme = _scheme(value)
                assert scheme in ALLOWED_PROTOCOLS | {""}, f"{name}={value!r} in {output!r}"


def test_the_corpus_is_large_and_read_as_written():
    vectors = xss_vectors()
    assert len(vectors) > 100
    assert "<script>alert('XSS')</script>" in vectors
    assert any("\u202e" in v for v in vectors)


@pytest.mark.parametrize("vector", xss_vectors())
def test_xss_vector_is_neutralised_and_cleaning_it_again_changes_nothing(vector):
    body = clean_body(vector)
    assert clean_body(body) == body
    assert_only_allowlisted(body, BODY_TAGS, BODY_ATTRIBUTES)
    assert "<script" not in body.lower()
    bio = clean_bio(vector)
    assert clean_bio(bio) == bio
    assert_only_allowlisted(bio, BIO_TAGS, BIO_ATTRIBUTES)


def test_attribute_with_double_quote_and_ampersand_is_stable_across_saves():
    """The reported case: each save added one "amp;" to such an attribute."""
    body = """<a title='He said "fish & chips"' href='https://x.example/?q="a"&b=1'>t</a>"""
    once = clean_body(body)
    assert once == (
        '<a title="He said &quot;fish &amp; chips&quot;" '
        'href="https://x.example/?q=&quot;a&quot;&amp;b=1">t</a>'
    )
    assert clean_body(clean_body(clean_body(once))) == once


def test_saving_an_article_twice_leaves_the_body_unchanged(db):
    from tests.factories import make_article

    article = make_article(body="""<p>x</p><img src="/a.jpg" alt='a "b" & c'>""")
    first = article.body
    article.save()
    article.save()
    article.refresh_from_db()
    assert article.body == first


# Pieces that make the parser and serializer work: quotes, entities, tags, attributes.
_PIECES = st.sampled_from(
    [
        "<", ">", "/", "=", '"', "'", "&", ";", "#", " ", "\n", "\t", "\0", "`", "!", "-",
        "&amp;", "&quot;", "&lt;", "&gt;", "&#39;", "&#x22;", "&amp", "&#", "<!--", "-->",
        "<p>", "</p>", "<a ", "<a href=", "</a>", "<img src=", "<em>", "<blockquote ",
        "<script>", "</script>", "<style>", "<iframe ", "<svg>", "<math>", "<br/>",
        " title=", " alt=", " class=", " href=", " onclick=", "lead", "pullquote",
        "https://x.example/?a=1&b=2", "javascript:", "mailto:a@b", "/media/x.jpg",
        "text", "é", "\u202e", "<![CDATA[", "]]>", "<?", "<!DOCTYPE",
    ]
)  # fmt: skip
html_like = st.one_of(st.lists(_PIECES, max_size=40).map("".join), st.text(max_size=200))


@given(html_like)
@example("<a title='a\"b&c'>t</a>")
@example("<img alt='\"&lt;' src='/x'>")
def test_clean_body_is_idempotent(dirty):
    once = clean_body(dirty)
    assert clean_body(once) == once


@given(html_like)
@example("<a title='a\"b&c' href='https://x.example/'>t</a>")
def test_clean_bio_is_idempotent(dirty):
    once = clean_bio(dirty)
    assert clean_bio(once) == once


def test_ci_runs_property_tests_derandomised():
    """.ci/run sets HYPOTHESIS_PROFILE=ci (tests/env.py): the same examples every run."""
    assert hypothesis_settings.get_profile("ci").derandomize
    assert "HYPOTHESIS_PROFILE=ci" in (Path(__file__).parents[2] / ".ci" / "run").read_text()
