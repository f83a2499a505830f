"""Reading WordPress exports: typed records from WXR 1.0–1.2, streamed; bad files refused
with one message naming the problem and the line."""

import pytest

from articles.wxr import (
    Site,
    WxrAuthor,
    WxrCategory,
    WxrCoAuthor,
    WxrError,
    WxrItem,
    WxrTag,
    read,
    scan,
)
from tests.wxr_files import author, category, coauthor_term, comment, item, tag, write, wxr


def records(tmp_path, xml):
    return list(read(write(tmp_path, xml)))


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_reads_every_wxr_version(tmp_path, version):
    xml = wxr(
        version=version,
        authors=[author("jdoe", "Jane Doe")],
        categories=[category("news", "News")],
        tags=[tag("politics", "Politics")],
        items=[item(1, "Hello", comments=[comment(5, "Nice")])],
    )
    found = records(tmp_path, xml)
    site = found[0]
    assert isinstance(site, Site)
    assert (site.version, site.source, site.title) == (version, "old.example.com", "The Old Site")
    assert [type(r) for r in found[1:]] == [WxrAuthor, WxrCategory, WxrTag, WxrItem]
    post = found[-1]
    assert (post.post_id, post.title, post.name, post.wp_status) == (
        "1",
        "Hello",
        "post-1",
        "publish",
    )
    assert post.categories == [("category", "news", "News")]
    assert post.comments[0].content == "Nice"
    assert post.date_gmt.isoformat() == "2019-05-03T10:00:00+00:00"


def test_cdata_entities_and_emoji_survive(tmp_path):
    title = "Ünïcödé “quotes” & emoji 🎉 日本語"
    found = records(tmp_path, wxr(items=[item(1, title, content="a ]]> b &amp; é")]))
    assert found[-1].title == title
    assert found[-1].content == "a ]]> b &amp; é"


def test_zero_date_means_none(tmp_path):
    found = records(tmp_path, wxr(items=[item(1, date_gmt="0000-00-00 00:00:00")]))
    assert found[-1].date_gmt is None


def test_postmeta_and_coauthor_terms(tmp_path):
    xml = wxr(
        terms=[coauthor_term("guest", "Gail Guest")],
        items=[item(1, meta={"_wp_old_slug": ["a", "b"], "_thumbnail_id": "7"})],
    )
    found = records(tmp_path, xml)
    assert found[-2] == WxrCoAuthor(login="guest", display_name="Gail Guest")
    assert found[-1].meta["_wp_old_slug"] == ["a", "b"]
    assert found[-1].meta_value("_thumbnail_id") == "7"


def test_scan_counts_and_indexes_what_items_refer_to(tmp_path):
    xml = wxr(
        items=[
            item(1, comments=[comment(1), comment(2)], meta={"_thumbnail_id": "9"}),
            item(2, "About", post_type="page", name="about"),
            item(3, "Team", post_type="page", name="team", parent=2),
            item(9, "Pic", post_type="attachment", parent=1,
                 attachment_url="https://old.example.com/wp-content/uploads/2019/05/p.jpg",
                 meta={"_wp_attachment_image_alt": "Alt", "_wp_attached_file": "2019/05/p.jpg"}),
        ]
    )  # fmt: skip
    index = scan(write(tmp_path, xml))
    assert (index.items, index.comments) == (4, 2)
    assert index.page_parents == {"2": "0", "3": "2"}
    assert index.attachments["9"].alt == "Alt"
    assert index.attachments["9"].file == "2019/05/p.jpg"
    assert index.gallery_children == {"1": ["9"]}


def failure(tmp_path, content: bytes) -> str:
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    with pytest.raises(WxrError) as caught:
        scan(path)
    return str(caught.value)


def test_not_xml(tmp_path):
    message = failure(tmp_path, b"This is not XML at all\n")
    assert message.startswith("Not valid XML: syntax error: line 1")


def test_truncated_file_names_the_line(tmp_path):
    xml = wxr(items=[item(1), item(2)]).encode()
    message = failure(tmp_path, xml[: len(xml) // 2 + 40])
    assert message.startswith("The file ends too early (truncated?)")
    assert "line" in message


def test_broken_markup_names_the_line(tmp_path):
    xml = wxr(items=[item(1)]).replace("<wp:post_id>1</wp:post_id>", "<wp:post_id>1</wp:oops>")
    message = failure(tmp_path, xml.encode())
    line = next(n for n, text in enumerate(xml.splitlines(), 1) if "wp:oops" in text)
    assert message.startswith("Not valid XML: mismatched tag: line ")
    assert f"line {line}," in message


def test_other_xml_is_not_wxr(tmp_path):
    message = failure(tmp_path, b"<?xml version='1.0'?><html><body/></html>")
    assert message == "Not a WordPress export (WXR): the document is <html>, not <rss> (line 1)"


def test_plain_rss_is_not_wxr(tmp_path):
    rss = (
        b"<rss version='2.0'><channel><title>x</title><item><title>a</title></item></channel></rss>"
    )
    message = failure(tmp_path, rss)
    assert message.startswith("Not a WordPress export (WXR): no wp:wxr_version")


def test_unknown_encoding(tmp_path):
    message = failure(tmp_path, b'<?xml version="1.0" encoding="klingon-8"?><rss/>')
    assert message.startswith("The file declares an encoding Python does not know")


def test_unsupported_version(tmp_path):
    message = failure(tmp_path, wxr(version="2.0", items=[item(1)]).encode())
    assert message.startswith("WXR version 2.0 is not supported")


def test_empty_file(tmp_path):
    assert failure(tmp_path, b"").startswith("The file ends too early")


def test_latin1_export_is_decoded(tmp_path):
    xml = wxr(items=[item(1, "Café")]).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    path = tmp_path / "latin.xml"
    path.write_bytes(xml.encode("latin-1"))
    assert list(read(path))[-1].title == "Café"
