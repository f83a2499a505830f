"""Build small WordPress exports (WXR) in tests: `wxr(items=[item(...)])` → XML text.

The markup is what WordPress's Tools → Export writes (namespaces, CDATA, wp: fields),
so the importer meets the real thing, only smaller.
"""

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

BASE = "https://old.example.com"


def cdata(text: str) -> str:
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login="jdoe", name="Jane Doe", *, email="jane@example.com", id=1) -> str:
    return f"""
  <wp:author><wp:author_id>{id}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>
    <wp:author_email>{cdata(email)}</wp:author_email>
    <wp:author_display_name>{cdata(name)}</wp:author_display_name>
    <wp:author_first_name>{cdata("")}</wp:author_first_name>
    <wp:author_last_name>{cdata("")}</wp:author_last_name></wp:author>"""


def category(nicename="news", name="News", *, parent="", id=1) -> str:
    return f"""
  <wp:category><wp:term_id>{id}</wp:term_id><wp:category_nicename>{cdata(nicename)}</wp:category_nicename>
    <wp:category_parent>{cdata(parent)}</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>"""


def tag(slug="politics", name="Politics", *, id=1) -> str:
    return f"""
  <wp:tag><wp:term_id>{id}</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug><wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>"""


def coauthor_term(login, display_name, *, id=90) -> str:
    return f"""
  <wp:term><wp:term_id>{id}</wp:term_id><wp:term_taxonomy>{cdata("author")}</wp:term_taxonomy>
    <wp:term_slug>{cdata("cap-" + login)}</wp:term_slug><wp:term_name>{cdata(login)}</wp:term_name>
    <wp:term_description>{cdata(f"{display_name} {login} {id} {login}@example.com")}</wp:term_description></wp:term>"""


def comment(
    id,
    content="A comment.",
    *,
    author="Reader",
    email="reader@example.com",
    url="",
    ip="192.0.2.1",
    approved="1",
    type="",
    parent=0,
    date_gmt="2019-05-04 09:00:00",
) -> str:
    return f"""
    <wp:comment><wp:comment_id>{id}</wp:comment_id>
      <wp:comment_author>{cdata(author)}</wp:comment_author>
      <wp:comment_author_email>{cdata(email)}</wp:comment_author_email>
      <wp:comment_author_url>{escape(url)}</wp:comment_author_url>
      <wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>
      <wp:comment_date>{cdata(date_gmt)}</wp:comment_date>
      <wp:comment_date_gmt>{cdata(date_gmt)}</wp:comment_date_gmt>
      <wp:comment_content>{cdata(content)}</wp:comment_content>
      <wp:comment_approved>{cdata(approved)}</wp:comment_approved>
      <wp:comment_type>{cdata(type)}</wp:comment_type>
      <wp:comment_parent>{parent}</wp:comment_parent>
      <wp:comment_user_id>0</wp:comment_user_id></wp:comment>"""


def item(
    post_id,
    title="Hello world",
    *,
    post_type="post",
    status="publish",
    name=None,
    content="<p>Body.</p>",
    excerpt="",
    date_gmt="2019-05-03 10:00:00",
    creator="jdoe",
    categories=(("category", "news", "News"),),
    meta=None,
    comments=(),
    parent=0,
    link=None,
    sticky=False,
    attachment_url="",
    menu_order=0,
    comment_status="open",
) -> str:
    name = f"post-{post_id}" if name is None else name
    if link is None:
        link = (
            f"{BASE}/{date_gmt[:10].replace('-', '/')}/{name}/"
            if post_type == "post"
            else (f"{BASE}/{name}/")
        )
    cats = "".join(
        f"\n    <category domain={quoteattr(domain)} nicename={quoteattr(nicename)}>"
        f"{cdata(label)}</category>"
        for domain, nicename, label in categories
    )
    metas = "".join(
        f"\n    <wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
        for key, values in (meta or {}).items()
        for value in (values if isinstance(values, list) else [values])
    )
    attachment = (
        f"\n    <wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>"
        if attachment_url
        else ""
    )
    return f"""
  <item>
    <title>{cdata(title)}</title>
    <link>{escape(link)}</link>
    <pubDate>Fri, 03 May 2019 10:00:00 +0000</pubDate>
    <dc:creator>{cdata(creator)}</dc:creator>
    <guid isPermaLink="false">{escape(BASE)}/?p={post_id}</guid>
    <description></description>
    <content:encoded>{cdata(content)}</content:encoded>
    <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date>{cdata(date_gmt)}</wp:post_date>
    <wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>
    <wp:post_modified_gmt>{cdata(date_gmt)}</wp:post_modified_gmt>
    <wp:comment_status>{cdata(comment_status)}</wp:comment_status>
    <wp:ping_status>{cdata("open")}</wp:ping_status>
    <wp:post_name>{cdata(name)}</wp:post_name>
    <wp:status>{cdata(status)}</wp:status>
    <wp:post_parent>{parent}</wp:post_parent>
    <wp:menu_order>{menu_order}</wp:menu_order>
    <wp:post_type>{cdata(post_type)}</wp:post_type>
    <wp:post_password>{cdata("")}</wp:post_password>
    <wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>{attachment}{cats}{metas}{"".join(comments)}
  </item>"""


def wxr(*, items=(), authors=None, categories=None, tags=(), terms=(), version="1.2",
        base=BASE, title="The Old Site") -> str:  # fmt: skip
    authors = [author()] if authors is None else authors
    categories = [category()] if categories is None else categories
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
  <title>{escape(title)}</title>
  <link>{escape(base)}</link>
  <description>Just another WordPress site</description>
  <pubDate>Mon, 01 Jun 2020 12:00:00 +0000</pubDate>
  <language>en-GB</language>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{escape(base)}</wp:base_site_url>
  <wp:base_blog_url>{escape(base)}</wp:base_blog_url>
{"".join(authors)}{"".join(categories)}{"".join(tags)}{"".join(terms)}
  <generator>https://wordpress.org/?v=6.5</generator>
{"".join(items)}
</channel>
</rss>
"""


def write(directory: Path, xml: str, name: str = "export.xml") -> Path:
    path = Path(directory) / name
    path.write_text(xml, encoding="utf-8")
    return path


def run_import(directory: Path, xml: str, **options):
    """Write `xml` and import it as `import_wxr` would; returns the Summary."""
    from wordpress import importer

    path = write(directory, xml)
    return importer.run(path, importer.Options(**options))
