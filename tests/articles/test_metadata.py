"""What link previews and search engines read in a page's head.

Article tests render the article page and parse its head: canonical link,
meta description, Open Graph, Twitter card and the JSON-LD NewsArticle.
"""

import json
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

SITE = "https://news.example"

# A 1x1 transparent GIF.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


class Head(HTMLParser):
    """Collects <meta>, <link> and JSON-LD scripts of a page."""

    def __init__(self):
        super().__init__()
        self.meta = []  # (key, content) with key = property or name
        self.links = []  # (rel, href)
        self.json_ld = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta.append((attrs.get("property") or attrs.get("name"), attrs["content"]))
        elif tag == "link":
            self.links.append((attrs.get("rel"), attrs.get("href")))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def one(self, key):
        values = self.all(key)
        assert len(values) == 1, (key, values)
        return values[0]

    def all(self, key):
        return [content for k, content in self.meta if k == key]

    def canonical(self):
        [href] = [href for rel, href in self.links if rel == "canonical"]
        return href


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Head()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def story():
    ana, ben = make_author("Ana Ortiz"), make_author("Ben Bloggs")
    return make_article(
        title="Harbour reopens",
        standfirst="Boats are back after a year.",
        section=make_section("Local"),
        authors=[ana, ben],
        tags=[make_tag("Harbour"), make_tag("Boats")],
        featured_image=SimpleUploadedFile("harbour.gif", GIF, content_type="image/gif"),
        featured_image_alt="The harbour at dawn",
    )


def test_article_has_canonical_and_description(client, story):
    head = head_of(client, story.get_absolute_url())
    assert head.canonical() == SITE + story.get_absolute_url()
    assert head.one("description") == "Boats are back after a year."


def test_article_description_prefers_its_own_meta_description(client):
    article = make_article(standfirst="Standfirst.", meta_description="For search engines.")
    head = head_of(client, article.get_absolute_url())
    assert head.one("description") == "For search engines."
    assert head.one("og:description") == "For search engines."


def test_article_has_open_graph_tags(client, story):
    head = head_of(client, story.get_absolute_url())
    url = SITE + story.get_absolute_url()
    assert head.one("og:type") == "article"
    assert head.one("og:title") == "Harbour reopens"
    assert head.one("og:description") == "Boats are back after a year."
    assert head.one("og:url") == url
    assert head.one("og:image") == SITE + story.featured_image.url
    assert head.one("og:image:alt") == "The harbour at dawn"
    assert head.one("article:published_time").startswith(story.published_at.date().isoformat())
    assert head.one("article:modified_time")
    assert head.all("article:author") == [
        SITE + a.get_absolute_url() for a in (b.author for b in story.bylines.all())
    ]
    assert head.one("article:section") == "Local"
    assert sorted(head.all("article:tag")) == ["Boats", "Harbour"]


def test_article_has_a_twitter_card(client, story):
    head = head_of(client, story.get_absolute_url())
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:title") == "Harbour reopens"
    assert head.one("twitter:image") == SITE + story.featured_image.url


def test_article_without_image_gets_a_summary_card(client):
    article = make_article()
    head = head_of(client, article.get_absolute_url())
    assert head.one("twitter:card") == "summary"
    assert head.all("og:image") == []


def test_json_ld_is_a_complete_news_article(client, story):
    head = head_of(client, story.get_absolute_url())
    [raw] = head.json_ld
    data = json.loads(raw)
    url = SITE + story.get_absolute_url()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Harbour reopens"
    assert data["description"] == "Boats are back after a year."
    assert data["image"] == [SITE + story.featured_image.url]
    assert data["datePublished"] == story.published_at.isoformat()
    assert data["dateModified"]
    assert data["author"] == [
        {"@type": "Person", "name": "Ana Ortiz", "url": SITE + "/author/" + _slug(story, 0) + "/"},
        {"@type": "Person", "name": "Ben Bloggs", "url": SITE + "/author/" + _slug(story, 1) + "/"},
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"]
    assert data["publisher"]["logo"]["url"].startswith(SITE + "/static/")
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}


def _slug(article, index):
    return list(article.bylines.all())[index].author.slug


def test_json_ld_cannot_break_out_of_its_script_element(client):
    article = make_article(title="</script><script>alert(1)</script>", standfirst="<!-- & -->")
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert "</script><script>alert(1)" not in content
    head = Head()
    head.feed(content)
    [raw] = head.json_ld
    data = json.loads(raw)
    assert data["headline"] == "</script><script>alert(1)</script>"
    assert data["description"] == "<!-- & -->"


def test_preview_pages_carry_no_sharing_metadata():
    from django.template.loader import render_to_string

    from articles.models import Article

    article = Article.objects.with_listing_relations().get(pk=make_article(live=False).pk)
    html = render_to_string(
        "articles/article_detail.html", {"article": article, "preview": True, "related": []}
    )
    assert "application/ld+json" not in html
    assert 'property="og:type"' not in html


# --- list pages ----------------------------------------------------------------------


def test_front_page_has_canonical_and_description(client):
    make_article()
    head = head_of(client, "/")
    assert head.canonical() == SITE + "/"
    assert head.one("description")


def test_section_page_has_canonical_and_its_description(client):
    section = make_section("Sport", description="Results and reports.")
    make_article(section=section)
    head = head_of(client, section.get_absolute_url())
    assert head.canonical() == SITE + section.get_absolute_url()
    assert head.one("description") == "Results and reports."


def test_later_pages_of_a_list_are_their_own_canonical(client):
    section = make_section("Sport")
    for _ in range(13):
        make_article(section=section)
    head = head_of(client, section.get_absolute_url() + "?page=2")
    assert head.canonical() == SITE + section.get_absolute_url() + "?page=2"


def test_author_page_has_canonical_and_description(client):
    author = make_author("Ana Ortiz")
    make_article(authors=[author])
    head = head_of(client, author.get_absolute_url())
    assert head.canonical() == SITE + author.get_absolute_url()
    assert "Ana Ortiz" in head.one("description")


def assert_website_open_graph(head, *, title, description):
    """A list page shares as a website: its own title and description, its canonical URL."""
    assert head.one("og:type") == "website"
    assert head.one("og:site_name") == "The Newsroom"
    assert head.one("og:title") == title
    assert head.one("og:description") == description
    assert head.one("og:url") == head.canonical()
    assert head.one("twitter:card") == "summary"


def test_front_page_has_open_graph(client):
    make_article()
    head = head_of(client, "/")
    assert_website_open_graph(head, title="The Newsroom", description=head.one("description"))


def test_section_page_has_open_graph(client):
    section = make_section("Sport", description="Results and reports.")
    make_article(section=section)
    head = head_of(client, section.get_absolute_url())
    assert_website_open_graph(head, title="Sport", description="Results and reports.")


def test_later_list_pages_share_their_own_url(client):
    section = make_section("Sport")
    for _ in range(13):
        make_article(section=section)
    head = head_of(client, section.get_absolute_url() + "?page=2")
    assert head.one("og:url") == SITE + section.get_absolute_url() + "?page=2"


def test_tag_page_has_open_graph(client):
    tag = make_tag("Harbour")
    make_article(tags=[tag])
    head = head_of(client, f"/tag/{tag.slug}/")
    assert_website_open_graph(
        head, title="Harbour", description="The latest articles on Harbour from The Newsroom."
    )


def test_author_page_has_open_graph(client):
    author = make_author("Ana Ortiz")
    make_article(authors=[author])
    head = head_of(client, author.get_absolute_url())
    assert_website_open_graph(head, title="Ana Ortiz", description=head.one("description"))
    assert "Ana Ortiz" in head.one("og:description")


def test_article_page_has_only_the_article_open_graph(client, story):
    """The website tags of list pages never leak into an article's head."""
    head = head_of(client, story.get_absolute_url())
    assert head.all("og:type") == ["article"]
    assert len(head.all("twitter:card")) == 1
