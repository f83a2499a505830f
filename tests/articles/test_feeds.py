"""Feeds, read the way a feed reader reads them: through feedparser."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from tests.factories import make_article, make_author, make_section, make_tag
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

SITE = "https://news.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def test_rss_feed_lists_live_articles_newest_first(client):
    older = make_article(title="Older", published_at=timezone.now() - timedelta(days=2))
    newer = make_article(title="Newer")
    make_article(title="Draft", live=False)
    make_article(
        title="Scheduled",
        status="published",
        published_at=timezone.now() + timedelta(days=1),
    )
    response, feed = parse(client, "/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert [e.title for e in feed.entries] == ["Newer", "Older"]
    assert feed.entries[0].link == SITE + newer.get_absolute_url()
    assert feed.entries[1].link == SITE + older.get_absolute_url()


def test_rss_items_carry_standfirst_authors_categories_and_dates(client):
    section = make_section("Politics")
    ana, ben = make_author("Ana Ortiz"), make_author("Ben Bloggs")
    article = make_article(
        title="Budget & the <economy>",
        standfirst="Fish & chips <cheap> again.",
        section=section,
        authors=[ana, ben],
        tags=[make_tag("Economy"), make_tag("Tax")],
    )
    _, feed = parse(client, "/feed/")
    [entry] = feed.entries
    assert entry.title == "Budget & the <economy>"
    assert entry.summary == "Fish &amp; chips &lt;cheap&gt; again."
    assert [a.name for a in entry.authors] == ["Ana Ortiz", "Ben Bloggs"]
    assert sorted(t.term for t in entry.tags) == ["Economy", "Politics", "Tax"]
    assert entry.published_parsed[:5] == article.published_at.utctimetuple()[:5]
    assert entry.updated_parsed[:5] == article.updated_at.utctimetuple()[:5]
    assert feed.feed.title
    assert feed.feed.link == SITE + "/"
    assert feed.feed.language == "en"


def test_atom_feed_has_authors_with_links_and_updated_dates(client):
    ana, ben = make_author("Ana Ortiz"), make_author("Ben Bloggs")
    article = make_article(title="Atom story", authors=[ana, ben])
    response, feed = parse(client, "/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    [entry] = feed.entries
    assert entry.link == SITE + article.get_absolute_url()
    assert [(a.name, a.href) for a in entry.authors] == [
        ("Ana Ortiz", SITE + ana.get_absolute_url()),
        ("Ben Bloggs", SITE + ben.get_absolute_url()),
    ]
    assert entry.updated_parsed is not None
    assert entry.published_parsed is not None
    assert entry.summary == article.standfirst


def test_section_feed_has_only_that_sections_articles(client):
    sport, news = make_section("Sport"), make_section("News")
    make_article(title="Goal", section=sport)
    make_article(title="Vote", section=news)
    _, feed = parse(client, f"/section/{sport.slug}/feed/")
    assert [e.title for e in feed.entries] == ["Goal"]
    assert "Sport" in feed.feed.title
    assert feed.feed.link == SITE + sport.get_absolute_url()


def test_author_feed_has_only_that_authors_articles(client):
    ana, ben = make_author("Ana Ortiz"), make_author("Ben Bloggs")
    make_article(title="By Ana", authors=[ana])
    make_article(title="By both", authors=[ben, ana])
    make_article(title="By Ben", authors=[ben])
    _, feed = parse(client, f"/author/{ana.slug}/feed/")
    assert sorted(e.title for e in feed.entries) == ["By Ana", "By both"]
    assert "Ana Ortiz" in feed.feed.title


def test_section_and_author_feeds_also_come_as_atom(client):
    """Every feed exists in both formats, with the same items and its own self link."""
    sport, news = make_section("Sport"), make_section("News")
    ana, ben = make_author("Ana Ortiz"), make_author("Ben Bloggs")
    goal = make_article(title="Goal", section=sport, authors=[ana, ben])
    make_article(title="Vote", section=news, authors=[ben])
    for url, title in [
        (f"/section/{sport.slug}/feed/atom/", "Sport"),
        (f"/author/{ana.slug}/feed/atom/", "Ana Ortiz"),
    ]:
        response, feed = parse(client, url)
        assert response["Content-Type"].startswith("application/atom+xml"), url
        assert feed.version == "atom10"
        assert title in feed.feed.title
        assert [link.href for link in feed.feed.links if link.rel == "self"] == [SITE + url]
        [entry] = feed.entries
        assert entry.link == SITE + goal.get_absolute_url()
        assert [a.name for a in entry.authors] == ["Ana Ortiz", "Ben Bloggs"]


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_characters_xml_forbids_are_dropped_not_a_500(client, url):
    """A title pasted from a word processor (vertical tab = soft line break) keeps the feed valid."""
    section = make_section("Sp\x08ort")
    make_article(
        title="Storm\x0bwarning\x01", standfirst="Gales\x1f tonight.", section=section, tags=[]
    )
    _, feed = parse(client, url)
    [entry] = feed.entries
    assert entry.title == "Storm warning"
    assert entry.summary == "Gales tonight."
    assert [t.term for t in entry.tags] == ["Sport"]


@pytest.mark.parametrize(
    "url",
    [
        "/section/nope/feed/",
        "/author/nope/feed/",
        "/section/nope/feed/atom/",
        "/author/nope/feed/atom/",
    ],
)
def test_feed_of_unknown_section_or_author_is_404(client, url):
    assert client.get(url).status_code == 404


def test_feeds_are_publicly_cacheable(client):
    make_article()
    response = client.get("/feed/")
    assert "public" in response["Cache-Control"]


def test_every_page_advertises_the_feeds(client):
    make_article()
    content = client.get("/").content.decode()
    assert f'type="application/rss+xml" title="The Newsroom" href="{SITE}/feed/"' in content
    assert f'href="{SITE}/feed/atom/"' in content


def test_section_and_author_pages_advertise_their_own_feed(client):
    section = make_section("Sport")
    author = make_author("Ana Ortiz")
    make_article(section=section, authors=[author])
    section_page = client.get(section.get_absolute_url()).content.decode()
    assert f'href="{SITE}/section/{section.slug}/feed/"' in section_page
    assert f'href="{SITE}/section/{section.slug}/feed/atom/"' in section_page
    author_page = client.get(author.get_absolute_url()).content.decode()
    assert f'href="{SITE}/author/{author.slug}/feed/"' in author_page
    assert f'href="{SITE}/author/{author.slug}/feed/atom/"' in author_page


# --- query budget ----------------------------------------------------------------


def _build(n, section, author):
    authors = [author] + [make_author() for _ in range(n)]
    tags = [make_tag() for _ in range(n)]
    for _ in range(n):
        make_article(section=section, authors=authors, tags=tags)


# Expected: articles with sections; their bylines with authors; their tags = 3,
# plus the section or author itself for the per-section and per-author feeds.
@pytest.mark.parametrize(
    ("which", "budget"),
    [
        ("feed", 3),
        ("atom", 3),
        ("section", 4),
        ("section-atom", 4),
        ("author", 4),
        ("author-atom", 4),
    ],
)
def test_feed_query_count_does_not_grow_with_items(client, which, budget):
    section, author = make_section(), make_author()
    url = {
        "feed": "/feed/",
        "atom": "/feed/atom/",
        "section": f"/section/{section.slug}/feed/",
        "author": f"/author/{author.slug}/feed/",
        "section-atom": f"/section/{section.slug}/feed/atom/",
        "author-atom": f"/author/{author.slug}/feed/atom/",
    }[which]
    _build(2, section, author)
    small = count_queries(client, url)
    _build(10, section, author)
    assert small == count_queries(client, url) == budget
