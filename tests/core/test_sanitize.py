"""The bleach policies: hostile HTML in, exact clean HTML out."""

import pytest
from django.test import SimpleTestCase

from core.sanitize import body_text, clean_bio, clean_body
from tests.factories import make_article, make_author

html = SimpleTestCase()


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ("<style>body{display:none}</style><p>x</p>", "<p>x</p>"),
        ('<p onclick="steal()" onmouseover="x">Text</p>', "<p>Text</p>"),
        ('<a href="javascript:alert(1)">link</a>', "<a>link</a>"),
        ('<a href="JaVaScRiPt:alert(1)">link</a>', "<a>link</a>"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a>x</a>"),
        ('<img src="data:image/png;base64,AAAA" alt="a">', '<img alt="a">'),
        ('<img src="https://img.example/a.jpg" alt="A" onerror="x()">',
         '<img src="https://img.example/a.jpg" alt="A">'),
        ('<a href="https://example.com" target="_blank">ok</a>',
         '<a href="https://example.com">ok</a>'),
        ('<a href="mailto:desk@example.com">mail</a>', '<a href="mailto:desk@example.com">mail</a>'),
        ('<a href="ftp://example.com/x">ftp</a>', "<a>ftp</a>"),
        ("<iframe src='https://evil.example'></iframe><p>after</p>", "<p>after</p>"),
        ("<div><span>unwrapped</span></div>", "unwrapped"),
        ("<p>unclosed <em>emphasis", "<p>unclosed <em>emphasis</em></p>"),
        ("<h1>Too big</h1><h2>Sub</h2>", "Too big<h2>Sub</h2>"),
        ("<!-- secret --><p>x</p>", "<p>x</p>"),
        ('<blockquote class="pullquote" cite="https://s.example/q"><p>Q</p></blockquote>',
         '<blockquote class="pullquote" cite="https://s.example/q"><p>Q</p></blockquote>'),
        ('<blockquote class="pullquote evil"><p>Q</p></blockquote>', "<blockquote><p>Q</p></blockquote>"),
        ('<blockquote class="pullquote"><p>Q</p><footer><cite>Ann Smith, mayor</cite></footer></blockquote>',
         '<blockquote class="pullquote"><p>Q</p><footer><cite>Ann Smith, mayor</cite></footer></blockquote>'),
        ('<footer class="x" onclick="y()"><cite>A</cite></footer>', "<footer><cite>A</cite></footer>"),
        ('<figure class="figure"><img src="/a.jpg" alt=""><figcaption class="figure-caption">C</figcaption></figure>',
         '<figure><img src="/a.jpg" alt=""><figcaption>C</figcaption></figure>'),
        ('<p style="color:red">styled</p>', "<p>styled</p>"),
        ("<svg><script>alert(1)</script></svg>", ""),
        ("<figure><img src='/media/a.jpg' alt='x'><figcaption>Cap</figcaption></figure>",
         '<figure><img src="/media/a.jpg" alt="x"><figcaption>Cap</figcaption></figure>'),
        ("<ul><li>one</li></ul><ol><li>two</li></ol><hr><br>",
         "<ul><li>one</li></ul><ol><li>two</li></ol><hr><br>"),
    ],
)  # fmt: skip
def test_clean_body_removes_everything_off_the_allowlist(dirty, clean):
    html.assertHTMLEqual(clean_body(dirty), clean)


def test_clean_body_keeps_journalism_markup_intact():
    body = (
        "<h2>Heading</h2><h3>Sub</h3><h4>Minor</h4><p><strong>Bold</strong> and <em>it</em>.</p>"
        '<blockquote cite="https://x.example"><p>Quote</p></blockquote>'
    )
    html.assertHTMLEqual(clean_body(body), body)


def test_bio_allows_only_paragraphs_links_and_emphasis():
    dirty = '<h2>Title</h2><p>Writes <em>about</em> <a href="https://x.example">towns</a></p><img src="https://x/y.png">'
    html.assertHTMLEqual(
        clean_bio(dirty), 'Title<p>Writes <em>about</em> <a href="https://x.example">towns</a></p>'
    )


def test_body_text_is_plain_and_unescaped():
    assert body_text("<p>Fish &amp; chips</p>\n<p>second</p>") == "Fish & chips second"


def test_article_body_is_cleaned_on_save(db):
    article = make_article(body='<p onclick="x">Safe</p><script>bad()</script>')
    article.refresh_from_db()
    html.assertHTMLEqual(article.body, "<p>Safe</p>")


def test_author_bio_is_cleaned_on_save(db):
    author = make_author(bio="<p>Hi</p><script>x</script>")
    author.refresh_from_db()
    assert author.bio == "<p>Hi</p>"
