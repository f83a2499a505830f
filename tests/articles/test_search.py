"""Search: articles/search.py and the queryset's search (the page: test_search_page.py).

Tests marked `postgres` exercise full-text search (stemming, ranking,
headlines, trigram fallback) and are skipped, visibly, on SQLite. The rest
hold on both databases.
"""

import pytest
from django.db import connection

from articles.models import Article
from articles.search import (
    MAX_QUERY_LENGTH,
    normalize_query,
    render_headline,
    snippet,
)
from tests.factories import make_article

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
    from django.test.utils import CaptureQueriesContext

    make_article(title="Lighthouse keeper retires")
    # Not live(): its btree index on (status, published_at) would do as well here.
    # search() reads the candidates at once; that read is the one that matches.
    with CaptureQueriesContext(connection) as ctx:
        Article.objects.all().search("lighthouse")
    (candidates,) = ctx.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + candidates["sql"])
        text = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    assert "article_search_vector_idx" in text


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
