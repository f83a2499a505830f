"""Query plans of the reader's pages on PostgreSQL: bounded by what the page shows.

Each test asks PostgreSQL how it would run a page's expensive query and
checks the shape of the plan, not a time: reads that stop after a LIMIT on an
index, never a window, an aggregate or a sort over every live article. Sequential
scans are switched off for the EXPLAIN (the test tables are tiny, so the planner
would otherwise scan them whole): the plan shows that an index path exists and
what the query does with it.
"""

import pytest
from django.db import connection
from django.test import Client

from articles import search as article_search
from articles.models import Article
from articles.sitemaps import ArticleSitemap, AuthorSitemap, SectionSitemap
from tests.factories import make_article, make_section, make_tag

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def no_seqscan():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return


@pytest.fixture
def archive(no_seqscan):
    """A few hundred live articles in a few sections, with statistics gathered."""
    from datetime import timedelta

    from django.utils import timezone

    sections = [make_section() for _ in range(4)]
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Story {i}",
            slug=f"story-{i}",
            section=sections[i % 4],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=i + 2),
        )
        for i in range(400)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    return sections


def plan(queryset) -> str:
    return queryset.explain()


def captured_plans(url) -> list[tuple[str, str]]:
    """(SQL, EXPLAIN) of every query the page at `url` runs."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert Client().get(url).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append((query["sql"], "\n".join(row[0] for row in cursor.fetchall())))
    return plans


def full_sorts(text: str) -> list[str]:
    """Plan lines sorting a whole input (an Incremental Sort on an index order is fine)."""
    return [line for line in text.splitlines() if line.strip().lstrip("-> ").startswith("Sort  (")]


def test_front_page_section_blocks_read_each_section_newest_first(archive):
    """Not a window over the archive: per section, a LIMIT on an index read newest first."""
    text = plan(Article.objects.live().section_leaders(per_section=9))
    assert "WindowAgg" not in text
    assert "Limit" in text
    assert "Index Scan" in text or "Index Only Scan" in text
    assert "Seq Scan on articles_article" not in text


def test_related_stories_rank_a_bounded_candidate_set(no_seqscan):
    section, tag = make_section(), make_tag()
    article = make_article(section=section, tags=[tag])
    make_article(section=section, tags=[tag])
    article = Article.objects.with_listing_relations().get(pk=article.pk)
    text = plan(Article.objects.live().related_to(article))
    # Both candidate reads stop at RELATED_CANDIDATES rows, before any ranking.
    assert text.count("Limit") >= 3  # the two candidate sets and the best four
    assert "Seq Scan on articles_article " not in text
    assert "Append" in text  # a UNION of the two candidate sets, not an OR filter


def test_search_ranks_only_the_newest_matches(no_seqscan):
    """The candidates are one read that stops at MAX_RANKED; the page and its count
    look them up by primary key and never test the search vector again."""
    from django.test.utils import CaptureQueriesContext

    for i in range(3):
        make_article(title=f"Council meeting {i}")
    with CaptureQueriesContext(connection) as ctx:
        results = Article.objects.live().search("council")
    (candidates,) = ctx.captured_queries
    assert f"LIMIT {article_search.MAX_RANKED}" in candidates["sql"]
    assert "search_vector" in candidates["sql"]  # found through the search index
    text = plan(results)
    assert "@@" not in str(results.query)  # the page does not match again
    assert "id = ANY" in text  # the candidates, by primary key
    assert [a.title for a in results] == [f"Council meeting {i}" for i in (2, 1, 0)]


def test_articles_sitemap_page_is_one_bounded_read(archive, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 20)  # a page smaller than the archive
    text = plan(ArticleSitemap().paginator.page(2).object_list)
    assert text.startswith("Limit")
    assert "Index Scan" in text
    assert not full_sorts(text), text


def test_sitemap_index_lastmods_are_newest_first_index_reads(archive):
    """No MAX over all articles and bylines: each lastmod reads one row from an index.
    (The paginators' counts, which say how many pages each part has, are counts.)"""
    make_article()  # with a byline, for the authors' part
    lastmods = [
        (sql, text)
        for sql, text in captured_plans("/sitemap.xml")
        if "published_at" in sql and "COUNT(" not in sql
    ]
    assert len(lastmods) == 3  # articles, sections, authors
    for sql, text in lastmods:
        assert "MAX(" not in sql
        assert "LIMIT 1" in sql
        assert not full_sorts(text), text
    assert ArticleSitemap().get_latest_lastmod() is not None
    assert SectionSitemap().get_latest_lastmod() is not None
    assert AuthorSitemap().get_latest_lastmod() is not None


def test_sitemap_pages_are_small_enough_to_render_fast():
    from articles.sitemaps import SITEMAP_PAGE_SIZE

    assert SITEMAP_PAGE_SIZE <= 2000  # search engines accept up to 50,000
