"""Converting WordPress markup into bodies this site keeps (articles.wxr.ContentConverter)."""

import pytest

from articles.wxr import Attachment, ContentConverter, Index, Site, wpautop

BASE = "https://old.example.com"


@pytest.fixture
def converter():
    index = Index(site=Site(base_site_url=BASE, base_blog_url=BASE, version="1.2"))
    index.attachments["9"] = Attachment(url=f"{BASE}/wp-content/uploads/a.jpg", alt="First")
    index.attachments["10"] = Attachment(url=f"{BASE}/wp-content/uploads/b.jpg", caption="Two")
    index.gallery_children["5"] = ["10"]
    return ContentConverter(index, uploads_dir=None)


def convert(converter, text, post_id=""):
    return converter.convert(text, post_id=post_id)


def test_wpautop_paragraphs_and_line_breaks():
    assert wpautop("One\nstill one\n\nTwo") == "<p>One<br />\nstill one</p>\n<p>Two</p>"


def test_wpautop_leaves_block_html_alone():
    out = wpautop("<h2>Head</h2>\nText\n\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>")
    assert "<p><h2>" not in out
    assert "<p><ul>" not in out
    assert "<p>Text</p>" in out
    assert "<li>a</li>" in out


def test_classic_content(converter):
    body, conversion = convert(converter, "First line\nsecond line\n\nNew paragraph")
    assert body == "<p>First line<br>\nsecond line</p>\n<p>New paragraph</p>"
    assert not conversion.shortcodes


def test_block_editor_comments_removed_html_kept(converter):
    text = (
        "<!-- wp:paragraph -->\n<p>Block one</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:heading {"level":3} -->\n<h3>Sub</h3>\n<!-- /wp:heading -->'
    )
    body, _ = convert(converter, text)
    assert "wp:" not in body
    assert body.replace("\n", "") == "<p>Block one</p><h3>Sub</h3>"


def test_caption_becomes_figure(converter):
    text = (
        '[caption id="attachment_9" align="alignnone" width="300"]'
        f'<img src="{BASE}/x.jpg" alt="Harbour" width="300" /> The harbour at dawn[/caption]'
    )
    body, conversion = convert(converter, text)
    assert body == (
        f'<figure><img src="{BASE}/x.jpg" alt="Harbour" width="300">'
        "<figcaption>The harbour at dawn</figcaption></figure>"
    )
    assert conversion.shortcodes == {"caption": 1}


def test_old_style_caption_attribute(converter):
    body, _ = convert(
        converter, f'[caption caption="Old style"]<img src="{BASE}/x.jpg" />[/caption]'
    )
    assert "<figcaption>Old style</figcaption>" in body


def test_gallery_with_ids_lists_the_images(converter):
    body, conversion = convert(converter, 'Look:\n\n[gallery ids="9,10"]')
    assert body == (
        "<p>Look:</p>\n<ul><li>"
        f'<img src="{BASE}/wp-content/uploads/a.jpg" alt="First"></li>'
        f'<li><img src="{BASE}/wp-content/uploads/b.jpg" alt=""> Two</li></ul>'
    )
    assert conversion.shortcodes == {"gallery": 1}


def test_gallery_without_ids_uses_the_posts_attachments(converter):
    body, _ = convert(converter, "[gallery]", post_id="5")
    assert "b.jpg" in body
    assert "a.jpg" not in body


def test_embed_and_bare_urls_become_links(converter):
    body, conversion = convert(
        converter, "[embed]https://vimeo.com/1[/embed]\n\nhttps://www.youtube.com/watch?v=x"
    )
    assert '<a href="https://vimeo.com/1">https://vimeo.com/1</a>' in body
    assert '<a href="https://www.youtube.com/watch?v=x">' in body
    assert conversion.shortcodes == {"embed": 1}


def test_unknown_shortcodes_removed_keeping_their_text_and_counted(converter):
    body, conversion = convert(
        converter, '[contact-form-7 id="3"] [box type="note"]Read this[/box] [sic] [1]'
    )
    assert body == "<p> Read this [sic] [1]</p>"
    assert conversion.shortcodes == {"contact-form-7": 1, "box": 1}


def test_pullquotes_become_ours(converter):
    block = (
        '<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote><p>Said it</p>'
        "<cite>Someone</cite></blockquote></figure><!-- /wp:pullquote -->"
    )
    body, _ = convert(converter, block)
    assert body == '<blockquote class="pullquote"><p>Said it</p><cite>Someone</cite></blockquote>'
    body, _ = convert(converter, '<blockquote class="wp-block-pullquote"><p>Older</p></blockquote>')
    assert body.startswith('<blockquote class="pullquote">')


def test_sanitised_like_any_body(converter):
    body, _ = convert(converter, '<p onclick="x()">Hi<script>alert(1)</script></p><iframe src="x">')
    assert body == "<p>Hi</p>"


def test_every_character_survives(converter):
    text = "Café “quotes” — ünïcödé 日本語 🎉 &amp; &eacute; 5 &lt; 6"
    body, _ = convert(converter, text)
    assert body == "<p>Café “quotes” — ünïcödé 日本語 🎉 &amp; &eacute; 5 &lt; 6</p>"


def test_images_copied_from_the_uploads_dir(tmp_path, settings):
    uploads = tmp_path / "uploads"
    (uploads / "2019/05").mkdir(parents=True)
    (uploads / "2019/05/here.jpg").write_bytes(b"jpeg bytes")
    index = Index(site=Site(base_site_url=BASE, version="1.2"))
    converter = ContentConverter(index, uploads_dir=uploads)
    body, conversion = converter.convert(
        f'<img src="{BASE}/wp-content/uploads/2019/05/here.jpg" alt="a">'
        f'<img src="{BASE}/wp-content/uploads/2019/05/gone.jpg" alt="b">'
    )
    stored = "/media/wordpress/old.example.com/2019/05/here.jpg"
    assert f'src="{stored}"' in body
    assert f'src="{BASE}/wp-content/uploads/2019/05/gone.jpg"' in body
    assert conversion.images_copied == 1
    assert conversion.images_remote == [f"{BASE}/wp-content/uploads/2019/05/gone.jpg"]
    assert (settings.MEDIA_ROOT / "wordpress/old.example.com/2019/05/here.jpg").read_bytes() == (
        b"jpeg bytes"
    )


def test_uploads_dir_cannot_be_escaped(tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (tmp_path / "secret.jpg").write_bytes(b"x")
    converter = ContentConverter(Index(site=Site(base_site_url=BASE)), uploads_dir=uploads)
    _body, conversion = converter.convert(f'<img src="{BASE}/wp-content/uploads/../secret.jpg">')
    assert conversion.images_copied == 0
