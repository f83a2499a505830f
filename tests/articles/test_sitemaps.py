"""Sitemaps and robots.txt, parsed as XML the way a crawler reads them."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles import sitemaps
from tests.factories import make_article, make_author, make_section, make_tag
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

SITE = "https://news.example"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def locs(root):
    return [el.text for el in root.iterfind(".//sm:loc", NS)]


def test_sitemap_index_names_every_part(client):
    make_article()
    root = get_xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    assert locs(root) == [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-sections.xml",
        f"{SITE}/sitemap-authors.xml",
    ]


def test_articles_sitemap_lists_only_live_articles_with_lastmod(client):
    live = make_article(title="Live")
    draft = make_article(title="Draft", live=False)
    scheduled = make_article(
        title="Scheduled", status="published", published_at=timezone.now() + timedelta(days=1)
    )
    root = get_xml(client, "/sitemap-articles.xml")
    urls = locs(root)
    assert urls == [SITE + live.get_absolute_url()]
    assert SITE + draft.get_absolute_url() not in urls
    assert SITE + scheduled.get_absolute_url() not in urls
    [lastmod] = [el.text for el in root.iterfind(".//sm:lastmod", NS)]
    assert lastmod == _w3c(live.updated_at)


def _w3c(moment):
    """A W3C datetime to the second, as the sitemaps write it."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def test_article_lastmod_is_a_datetime_and_counts_a_later_publication(client):
    """A story scheduled after its last edit was modified, for crawlers, when it went live."""
    edited = timezone.now() - timedelta(days=3)
    article = make_article(published_at=timezone.now() - timedelta(hours=2))
    type(article).objects.filter(pk=article.pk).update(updated_at=edited)
    root = get_xml(client, "/sitemap-articles.xml")
    [lastmod] = [el.text for el in root.iterfind(".//sm:lastmod", NS)]
    assert lastmod == _w3c(article.published_at)
    assert "T" in lastmod


def test_sitemap_index_gives_every_part_its_latest_lastmod(client):
    section, author = make_section(), make_author()
    older = make_article(
        section=section, authors=[author], published_at=timezone.now() - timedelta(days=2)
    )
    newest = make_article(
        section=None, authors=[], published_at=timezone.now() - timedelta(hours=1)
    )
    type(newest).objects.filter(pk=newest.pk).update(updated_at=newest.published_at)
    type(older).objects.filter(pk=older.pk).update(updated_at=older.published_at)
    root = get_xml(client, "/sitemap.xml")
    lastmods = {
        el.find("sm:loc", NS).text: el.find("sm:lastmod", NS).text
        for el in root.iterfind("sm:sitemap", NS)
    }
    assert lastmods == {
        f"{SITE}/sitemap-articles.xml": _w3c(newest.published_at),
        f"{SITE}/sitemap-sections.xml": _w3c(older.published_at),
        f"{SITE}/sitemap-authors.xml": _w3c(older.published_at),
    }


def test_sections_sitemap_lists_sections(client):
    sport = make_section("Sport")
    empty = make_section("Empty")
    make_article(section=sport)
    urls = locs(get_xml(client, "/sitemap-sections.xml"))
    assert SITE + sport.get_absolute_url() in urls
    assert SITE + empty.get_absolute_url() in urls


def test_authors_sitemap_lists_only_authors_with_live_articles(client):
    writer = make_author("Writer")
    drafter = make_author("Drafter")
    make_article(authors=[writer])
    make_article(authors=[drafter], live=False)
    urls = locs(get_xml(client, "/sitemap-authors.xml"))
    assert urls == [SITE + writer.get_absolute_url()]


def test_large_sitemaps_are_split_into_pages(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    for _ in range(5):
        make_article()
    index = locs(get_xml(client, "/sitemap.xml"))
    assert index[:3] == [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-articles.xml?p=2",
        f"{SITE}/sitemap-articles.xml?p=3",
    ]
    assert len(locs(get_xml(client, "/sitemap-articles.xml?p=3"))) == 1
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


@pytest.mark.parametrize("url", ["/sitemap-nope.xml", "/sitemap-articles.xml?p=x"])
def test_unknown_sitemap_part_or_page_is_404(client, url):
    assert client.get(url).status_code == 404


def test_news_sitemap_has_live_articles_of_the_last_48_hours(client, settings):
    settings.SITE_NAME = "The Marrowgate Courier"
    recent = make_article(title="Fresh & <new>", published_at=timezone.now() - timedelta(hours=3))
    make_article(title="Old", published_at=timezone.now() - timedelta(hours=49))
    make_article(title="Draft", live=False)
    root = get_xml(client, "/news-sitemap.xml")
    [url] = root.findall("sm:url", NS)
    assert url.find("sm:loc", NS).text == SITE + recent.get_absolute_url()
    news = url.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "The Marrowgate Courier"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == "Fresh & <new>"
    published = news.find("news:publication_date", NS).text
    assert published == timezone.localtime(recent.published_at).isoformat()


def test_news_sitemap_drops_characters_xml_forbids(client):
    """One title with a pasted vertical tab must not make the news sitemap unparseable."""
    make_article(title="Storm\x0bwarning\x08")
    root = get_xml(client, "/news-sitemap.xml")
    assert root.find(".//news:title", NS).text == "Storm warning"


def test_robots_txt_names_both_sitemaps(client):
    body = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in body
    assert f"Sitemap: {SITE}/news-sitemap.xml" in body


def test_sitemaps_are_publicly_cacheable(client):
    for url in ["/sitemap.xml", "/sitemap-articles.xml", "/news-sitemap.xml"]:
        assert "public" in client.get(url)["Cache-Control"], url


# --- query budget ----------------------------------------------------------------


def _build(n):
    section = make_section()
    authors = [make_author() for _ in range(n)]
    tags = [make_tag() for _ in range(n)]
    for _ in range(n):
        make_article(section=section, authors=authors, tags=tags)


# Expected: index = per part a count (pages) + its latest lastmod = 6;
# each part = count + page = 2; news = count + page = 2.
@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/sitemap.xml", 6),
        ("/sitemap-articles.xml", 2),
        ("/sitemap-sections.xml", 2),
        ("/sitemap-authors.xml", 2),
        ("/news-sitemap.xml", 2),
    ],
)
def test_sitemap_query_count_does_not_grow_with_urls(client, url, budget):
    _build(2)
    small = count_queries(client, url)
    _build(10)
    assert small == count_queries(client, url) == budget
