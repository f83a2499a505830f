"""Search: the /search/ page readers use, and the admin's article search.

Tests marked `postgres` need full-text search (headlines, stemming) and are
skipped, visibly, on SQLite. The rest hold on both databases.
"""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.search import search
from tests.factories import make_article, make_author, make_section, make_tag
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_search_page_snippet_highlights_the_match_safely(client):
    make_article(
        title="Harbour",
        standfirst="",
        body="<p>Before &lt;script&gt;alert(1)&lt;/script&gt; the lighthouse shone.</p>",
    )
    response = client.get("/search/", {"q": "lighthouse"})
    content = response.content.decode()
    assert "<mark>lighthouse</mark>" in content
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)" in content


@pytest.mark.postgres
def test_search_page_snippet_keeps_angle_brackets_of_the_standfirst(client):
    make_article(title="Votes", standfirst="Votes & <counts> in the election.", body="")
    content = client.get("/search/", {"q": "election"}).content.decode()
    assert "Votes &amp; &lt;counts&gt; in the <mark>election</mark>" in content


# --- the page ------------------------------------------------------------------------


def test_search_page_lists_matches_with_links(client):
    article = make_article(title="Harbour reopens")
    make_article(title="Unrelated")
    response = client.get("/search/", {"q": "harbour"})
    assert response.status_code == 200
    content = response.content.decode()
    assert article.get_absolute_url() in content
    assert "Unrelated" not in content
    assert "1 result for" in content


def test_search_page_is_public_but_not_indexed(client):
    response = client.get("/search/", {"q": "anything"})
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert "public" in response["Cache-Control"]


def test_search_page_without_query_shows_the_form(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_search_page_says_when_nothing_matches(client):
    response = client.get("/search/", {"q": "zzzzqqq"})
    assert response.status_code == 200
    assert "No articles match" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "word " * 2_000,
        "\x00",
        "a\x00b",
        "'; DROP TABLE articles_article; --",
        '"unbalanced',
        "(((",
        "!!!&&&|||",
        ":*",
        "-",
        "or or or",
        "<script>alert(1)</script>",
        "😀 emoji",
        "\ue000\ue001",
        "%",
        "_",
        "\\",
    ],
)
def test_odd_queries_give_a_normal_page(client, query):
    make_article(title="Something")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999999999999999999", ""])
def test_odd_page_numbers_give_a_normal_page(client, page):
    make_article(title="Harbour")
    response = client.get("/search/", {"q": "harbour", "page": page})
    assert response.status_code == 200
    assert [a.title for a in response.context["page_obj"]] == ["Harbour"]


def test_search_page_is_paginated_and_keeps_the_query(client):
    for n in range(12):
        make_article(title=f"Harbour story {n}")
    first = client.get("/search/", {"q": "harbour"}).content.decode()
    assert "12 results" in first
    assert "?q=harbour&amp;page=2" in first
    second = client.get("/search/", {"q": "harbour", "page": 2}).content.decode()
    assert second.count('class="search-result"') == 2


@pytest.fixture
def searchable():
    """Articles for the property test to search: matches, entities, repeated tokens."""
    make_article(
        title="Harbour council vote",
        standfirst="Ferry fares & the café",
        body="<p>The council voted on ferry fares.</p><p>%20%20%20 a a a a é ü 日本</p>",
    )
    make_article(title="Bridge reopens", body="<p>Cyclists &amp; walkers welcome it.</p>")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300))
def test_any_text_is_a_valid_query(searchable, client, query):
    """Whatever a reader types, search returns articles and the page answers, never an error."""
    results = list(search(Article.objects.live(), query)[:5])
    assert all(isinstance(article, Article) for article in results)
    assert client.get("/search/", {"q": query}).status_code < 500


# --- query budget ----------------------------------------------------------------


def _build(n):
    section = make_section()
    authors = [make_author() for _ in range(n)]
    tags = [make_tag() for _ in range(n)]
    for i in range(n):
        make_article(title=f"Harbour {i}", section=section, authors=authors, tags=tags)


# The statement timeout on PostgreSQL: set_config; and, because a test runs inside a
# transaction, a savepoint around the search, its release and putting the old limit
# back (in production the search is its own transaction: 1 query, not 4).
TIME_LIMIT_QUERIES = 4 if connection.vendor == "postgresql" else 0


# Expected: (PostgreSQL only) the candidates, which also choose full text or the trigram
# fallback; count; page of articles with sections; their bylines; their tags; nav sections;
# footer pages.
def test_search_page_query_count_does_not_grow_with_results(client):
    _build(2)
    small = count_queries(client, "/search/", {"q": "harbour"})
    _build(12)
    large = count_queries(client, "/search/", {"q": "harbour"})
    expected = (7 if connection.vendor == "postgresql" else 6) + TIME_LIMIT_QUERIES
    assert small == large == expected


def test_search_page_without_results_has_a_small_budget(client):
    _build(3)
    expected = (5 if connection.vendor == "postgresql" else 3) + TIME_LIMIT_QUERIES
    # PostgreSQL: no candidates, then the trigram fallback's count; nav sections (+ its page);
    # footer pages.
    assert count_queries(client, "/search/", {"q": "zzzzqqq"}) <= expected


# --- the admin's article search ---------------------------------------------------


def _admin_titles(client, term):
    response = client.get("/admin/articles/article/", {"q": term})
    assert response.status_code == 200
    return sorted(a.title for a in response.context["cl"].result_list)


def test_admin_search_finds_drafts_by_their_words(editor_client):
    make_article(title="Harbour draft", live=False, body="<p>The lighthouse.</p>")
    make_article(title="Published", body="<p>Nothing.</p>")
    assert _admin_titles(editor_client, "lighthouse") == ["Harbour draft"]


def test_admin_search_still_matches_search_fields(editor_client):
    """Author names and the start of a headline keep working in the admin."""
    make_article(title="Reservoir plan", authors=[make_author("Zadie Quill")])
    make_article(title="Other")
    assert _admin_titles(editor_client, "Zadie") == ["Reservoir plan"]
    assert _admin_titles(editor_client, "Reserv") == ["Reservoir plan"]


@pytest.mark.postgres
def test_admin_search_uses_stemming(editor_client):
    make_article(title="Election night", live=False)
    make_article(title="Weather")
    assert _admin_titles(editor_client, "elections") == ["Election night"]
