"""Every reader page: 200 for live content, 404 for anything else, never 500."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_section, make_tag


def test_front_page_shows_lead_top_stories_latest_and_must_read(client, db):
    now = timezone.now()
    articles = [
        make_article(title=f"Story {i}", published_at=now - dt.timedelta(hours=i))
        for i in range(1, 13)
    ]
    make_article(
        title="Editors pick", is_editors_pick=True, published_at=now - dt.timedelta(days=3)
    )
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["lead"] == articles[0]
    assert response.context["top_stories"] == articles[1:5]
    assert articles[5] in response.context["latest"]
    content = response.content.decode()
    assert 'aria-label="Lead story"' in content
    assert "Top stories" in content
    assert "Latest news" in content
    assert "Must read" in content
    assert "Editors pick" in content


def test_front_page_section_blocks_list_each_sections_newest(client, db):
    now = timezone.now()
    culture = make_section("Culture", slug="culture", position=2)
    sport = make_section("Sport", slug="sport", position=1)
    for i in range(6):
        make_article(section=culture, published_at=now - dt.timedelta(days=10 + i))
        make_article(section=sport, published_at=now - dt.timedelta(days=20 + i))
    blocks = client.get("/").context["section_blocks"]
    assert [b["section"].name for b in blocks] == ["Sport", "Culture"]
    assert all(1 <= len(b["articles"]) <= 4 for b in blocks)


def test_front_page_without_articles_says_so(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Nothing published yet" in response.content


def test_article_page_shows_byline_date_pull_quote_credit_tags_author_box(client, db):
    a = make_author("Ada Lovelace", slug="ada", website="https://ada.example", bio="<p>Counts.</p>")
    b = make_author("Ben Okri", slug="ben")
    c = make_author("Cy Twombly", slug="cy")
    tag = make_tag("Floods", slug="floods")
    article = make_article(
        title="River rises",
        authors=[a, b],
        additional=[c],
        tags=[tag],
        body='<p>Text</p><blockquote class="pullquote"><p>We were ready.</p></blockquote>',
        published_at=dt.datetime(2011, 7, 22, 9, 0, tzinfo=dt.UTC),
    )
    related = make_article(title="Flood defences", tags=[tag])
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'By <a href="/author/ada/" rel="author">Ada Lovelace</a> and ' in html
    assert '<a href="/author/ben/" rel="author">Ben Okri</a>' in html
    assert "22 July 2011" in html
    assert '<blockquote class="pullquote"><p>We were ready.</p></blockquote>' in html
    assert 'Additional reporting by <a href="/author/cy/"' in html
    assert 'href="/tag/floods/"' in html
    assert 'aria-label="About Ada Lovelace"' in html
    assert "https://ada.example" in html
    assert "Related stories" in html
    assert related.title in html
    assert "Latest news" in html


def test_article_marked_as_updated_says_updated_with_that_date(client, db):
    """ "Updated" is an editor's statement (or a correction's), dated when it was made."""
    article = make_article(published_at=timezone.now() - dt.timedelta(days=2))
    revised = timezone.now() - dt.timedelta(days=1)
    Article.objects.filter(pk=article.pk).update(revised_at=revised)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'Updated <time datetime="{timezone.localtime(revised).isoformat()}">' in html


def test_saving_a_published_article_does_not_make_it_updated(client, db):
    """A save after publication (a typo fixed, an archive piece put up with its
    original date) is not an update readers are told about."""
    article = make_article(published_at=timezone.now() - dt.timedelta(days=4000))
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    assert b"byline__updated" not in client.get(article.get_absolute_url()).content


def test_article_not_updated_does_not_say_updated(client, db):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
    assert b"byline__updated" not in client.get(article.get_absolute_url()).content


@pytest.mark.parametrize(
    "make",
    [
        lambda: make_article(live=False),
        lambda: make_article(live=False, status=Article.Status.IN_REVIEW),
        lambda: make_article(published_at=timezone.now() + dt.timedelta(days=1)),
    ],
    ids=["draft", "in_review", "scheduled"],
)
def test_unpublished_articles_are_404_to_the_public(client, db, make):
    article = make()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_with_wrong_date_is_404(client, db):
    article = make_article(slug="s", published_at=dt.datetime(2024, 5, 5, 12, tzinfo=dt.UTC))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/2024/05/06/s/").status_code == 404
    assert client.get("/2024/02/31/s/").status_code == 404
    assert client.get("/2024/13/01/s/").status_code == 404


def test_section_tag_and_author_pages_list_live_articles_only(client, db):
    section, tag, author = make_section(slug="news"), make_tag(slug="t"), make_author(slug="au")
    live = make_article(title="Live one", section=section, tags=[tag], authors=[author])
    make_article(title="Draft one", section=section, tags=[tag], authors=[author], live=False)
    for url in ["/section/news/", "/tag/t/", "/author/au/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert list(response.context["articles"]) == [live], url
        assert b"Draft one" not in response.content


@pytest.mark.parametrize("url", ["/9999/12/31/s/", "/0000/01/01/s/", "/2023/02/29/s/"])
@pytest.mark.parametrize("method", ["get", "head"])
def test_dates_outside_the_calendar_are_404_not_500(client, db, url, method):
    """The day after 31 December 9999 cannot be computed; that is still a 404, never a 500."""
    assert getattr(client, method)(url).status_code == 404
    assert client.post(url + "comment/", {"body": "x"}).status_code == 404


@pytest.mark.parametrize("url", ["/section/nope/", "/tag/nope/", "/author/nope/"])
def test_unknown_list_pages_are_404(client, db, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "3", "99999999999999999999", "1.5", ""])
def test_bad_or_out_of_range_page_numbers_are_404_not_500(client, db, page):
    section = make_section(slug="news")
    for _ in range(13):  # two pages of 12
        make_article(section=section)
    response = client.get("/section/news/", {"page": page})
    expected = 200 if page in ("",) else 404
    assert response.status_code == expected


def test_pagination_splits_and_links_pages(client, db):
    section = make_section(slug="news")
    for _ in range(13):
        make_article(section=section)
    first = client.get("/section/news/")
    assert len(first.context["articles"]) == 12
    assert b'rel="next" href="?page=2"' in first.content
    second = client.get("/section/news/?page=2")
    assert len(second.context["articles"]) == 1
    assert client.get("/section/news/?page=last").status_code == 200


def test_author_page_shows_profile(client, db):
    author = make_author("Guest Writer", slug="guest", bio="<p>Visiting.</p>", job_title="Guest")
    make_article(authors=[author])
    html = client.get("/author/guest/").content.decode()
    assert "Guest Writer" in html
    assert "Visiting." in html


def test_privacy_page_explains_comment_data_and_akismet(client, db):
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    for words in ["email address", "IP address", "Akismet", "15 days", "60 days", "cookie"]:
        assert words in html


def test_unknown_url_renders_the_404_template(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"find that page" in response.content


def test_pages_have_landmarks_and_skip_link(client, db):
    make_article()
    html = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert 'role="banner"' in html
    assert 'role="contentinfo"' in html
    assert 'aria-label="Sections"' in html


def test_public_pages_may_be_cached_by_shared_caches(client, db):
    article = make_article()
    response = client.get(article.get_absolute_url())
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=300" in cache_control
    assert "stale-while-revalidate=60" in cache_control
