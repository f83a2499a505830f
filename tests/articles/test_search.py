"""Search: articles/search.py and the /search/ page.

Tests marked `postgres` exercise full-text search (stemming, ranking,
headlines, trigram fallback) and are skipped, visibly, on SQLite. The rest
hold on both databases.
"""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.search import (
    MAX_QUERY_LENGTH,
    normalize_query,
    render_headline,
    search,
    snippet,
)
from tests.factories import make_article, make_author, make_section, make_tag
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def titles(queryset):
    return [a.title for a in queryset]


# --- normalize_query -----------------------------------------------------------------


def test_normalize_query_collapses_whitespace_and_trims():
    assert normalize_query("  general \t\n election  ") == "general election"


def test_normalize_query_drops_nul_and_control_characters():
    assert normalize_query("bud\x00get\x07 cuts\u200b") == "bud get cuts"


def test_normalize_query_cuts_long_input():
    assert len(normalize_query("word " * 5000)) <= MAX_QUERY_LENGTH


def test_normalize_query_turns_non_strings_into_empty():
    assert normalize_query(None) == ""


def test_normalize_query_removes_zero_width_characters_inside_words():
    assert normalize_query("elec\u200btion") == "election"


# --- the schema ------------------------------------------------------------------------


def _article_columns():
    with connection.cursor() as cursor:
        return [
            c.name
            for c in connection.introspection.get_table_description(cursor, "articles_article")
        ]


@pytest.mark.postgres
def test_postgres_has_a_gin_indexed_generated_search_column():
    assert "search_vector" in _article_columns()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_generated FROM information_schema.columns"
            " WHERE table_name = 'articles_article' AND column_name = 'search_vector'"
        )
        assert cursor.fetchone() == ("ALWAYS",)
        constraints = connection.introspection.get_constraints(cursor, "articles_article")
    assert constraints["article_search_vector_idx"]["type"] == "gin"
    assert constraints["article_title_trgm_idx"]["type"] == "gin"


def _plan(queryset):
    """The PostgreSQL plan of `queryset` with sequential scans priced out.

    A test database holds a handful of rows, where a sequential scan is always
    cheapest; switching it off shows whether the query *can* use an index at all.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    try:
        return queryset.explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = on")


@pytest.mark.postgres
def test_full_text_search_can_use_the_gin_index():
    """The reader search filters on the indexed generated column, not on a computed vector."""
    make_article(title="Lighthouse keeper retires")
    # Not live(): its btree index on (status, published_at) would do as well here.
    assert "article_search_vector_idx" in _plan(Article.objects.all().search("lighthouse"))


@pytest.mark.postgres
def test_trigram_fallback_can_use_the_title_trigram_index():
    """The typo fallback uses the word-similarity operator, which the trigram index serves.

    "lighthuose" scores 0.55: found only because each connection lowers the
    operator's threshold from pg_trgm's default 0.6 to TRIGRAM_THRESHOLD.
    """
    make_article(title="Lighthouse keeper retires")
    results = Article.objects.all().search("lighthuose")
    assert titles(results) == ["Lighthouse keeper retires"]
    assert "article_title_trgm_idx" in _plan(results)


def test_sqlite_gets_no_postgres_schema():
    if connection.vendor == "postgresql":
        pytest.skip("checks the SQLite schema")
    assert "search_vector" not in _article_columns()


# --- the queryset method (both databases) -------------------------------------------


def test_empty_query_matches_nothing():
    make_article(title="Anything")
    assert list(Article.objects.live().search("")) == []
    assert list(Article.objects.live().search("   ")) == []


def test_search_finds_a_word_in_title_standfirst_or_body():
    make_article(title="Harbour reopens")
    make_article(title="Other", standfirst="The harbour was closed.")
    make_article(title="Third", body="<p>Boats left the harbour.</p>")
    make_article(title="Unrelated")
    assert sorted(titles(Article.objects.live().search("harbour"))) == [
        "Harbour reopens",
        "Other",
        "Third",
    ]


def test_search_ignores_drafts_and_scheduled_articles():
    from datetime import timedelta

    from django.utils import timezone

    make_article(title="Budget published")
    make_article(title="Budget draft", live=False)
    make_article(
        title="Budget scheduled",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=1),
    )
    assert titles(Article.objects.live().search("budget")) == ["Budget published"]


def test_search_ranks_a_title_match_above_a_body_match():
    make_article(title="Council news", body="<p>The council discussed the reservoir plan.</p>")
    make_article(title="Reservoir plan approved", body="<p>A long meeting.</p>")
    results = titles(Article.objects.live().search("reservoir"))
    assert results == ["Reservoir plan approved", "Council news"]


def test_search_results_carry_a_rank():
    make_article(title="Rank me")
    [article] = Article.objects.live().search("rank")
    assert article.search_rank is not None


@pytest.mark.postgres
def test_search_finds_stemmed_words():
    """'elections' finds 'election': English stemming on PostgreSQL."""
    make_article(title="Election night", body="<p>Polls close at ten.</p>")
    make_article(title="Weather", body="<p>Rain.</p>")
    assert titles(Article.objects.live().search("elections")) == ["Election night"]


@pytest.mark.postgres
def test_search_understands_websearch_syntax():
    make_article(title="Budget tax rise")
    make_article(title="Budget spending plans")
    make_article(title="General election called")
    assert titles(Article.objects.live().search("budget -tax")) == ["Budget spending plans"]
    assert titles(Article.objects.live().search('"general election"')) == [
        "General election called"
    ]
    assert sorted(titles(Article.objects.live().search("tax or election"))) == [
        "Budget tax rise",
        "General election called",
    ]


@pytest.mark.postgres
def test_search_ignores_html_tags_in_the_body():
    make_article(title="Linked", body='<p><a href="https://example.com/zebra">a link</a></p>')
    assert list(Article.objects.live().search("zebra")) == []


@pytest.mark.postgres
def test_search_falls_back_to_similar_titles_when_nothing_matches():
    """A typo finds the story through trigram similarity on titles."""
    make_article(title="Election results announced")
    make_article(title="Weather warning")
    assert titles(Article.objects.live().search("electon")) == ["Election results announced"]


@pytest.mark.postgres
def test_fallback_is_not_used_when_full_text_matches():
    make_article(title="Weather warning issued")
    make_article(title="Weathers", body="<p>nothing</p>")
    # "weather" matches both by stemming; the fallback would add nothing else anyway,
    # but the result must be the full-text one (ranked, both found).
    assert sorted(titles(Article.objects.live().search("weather"))) == [
        "Weather warning issued",
        "Weathers",
    ]


@pytest.mark.postgres
def test_stop_words_alone_match_nothing():
    make_article(title="The end of the world")
    assert list(Article.objects.live().search("the")) == []


@pytest.mark.postgres
def test_search_uses_the_generated_column_inside_subqueries():
    """The DB-only column resolves on the right alias when the search is a subquery."""
    wanted = make_article(title="Lighthouse keeper retires")
    make_article(title="Unrelated")
    matching_ids = Article.objects.live().search("lighthouse").values("pk")
    assert list(Article.objects.filter(pk__in=matching_ids)) == [wanted]


# --- snippets ------------------------------------------------------------------------


def test_render_headline_escapes_the_text_and_keeps_only_marks():
    raw = "x &lt;script&gt;alert(1)&lt;/script&gt; \ue000word\ue001 <b>bold</b>"
    html = render_headline(raw)
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>word</mark>" in html


def test_snippet_without_headline_marks_matches_and_escapes():
    article = make_article(
        standfirst="Fish & <chips> by the harbour.", body="<p>More on the harbour.</p>"
    )
    html = snippet(article, "harbour")
    assert "&amp;" in html
    assert "&lt;chips&gt;" in html
    assert html.count("<mark>harbour</mark>") == 2


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


# Expected: (PostgreSQL only) EXISTS to choose full text or the trigram fallback;
# count; page of articles with sections; their bylines; their tags; nav sections; footer pages.
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
    # PostgreSQL: EXISTS, then the trigram fallback's count; nav sections (+ its page);
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
