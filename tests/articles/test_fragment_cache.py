"""Shared fragments (navigation, footer pages, latest news, must read) are cached
across pages under the page cache's rules: every change shows at once.

The page cache itself is off here (as with PAGE_CACHE_ENABLED=false, or for staff),
so every request renders its page and only the fragments can be stale.
"""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from tests.factories import make_article, make_section


def render(url):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db
def test_a_second_page_reads_the_shared_fragments_from_the_cache(fragment_cache):
    first = make_article(title="First story", is_editors_pick=True)
    second = make_article(title="Second story", is_editors_pick=True)
    render(first.get_absolute_url())  # fills nav, footer pages, the lists without `first`
    render(second.get_absolute_url())  # the lists without `second`
    content, queries = render("/archive/")  # lists without exclusion: new
    content, queries = render("/archive/?page=1")
    assert not any('FROM "articles_section"' in sql and "WHERE" not in sql for sql in queries)
    assert not any('FROM "articles_page"' in sql for sql in queries)
    assert "First story" in content
    assert "Second story" in content


@pytest.mark.django_db
def test_fragments_cost_fewer_queries_than_rendering_them(fragment_cache, settings):
    article = make_article(is_editors_pick=True)
    other = make_article()
    render(article.get_absolute_url())
    _, warm = render(article.get_absolute_url())
    settings.FRAGMENT_CACHE_ENABLED = False
    _, cold = render(article.get_absolute_url())
    assert len(cold) - len(warm) >= 4  # sections, footer pages, latest news, must read
    assert other  # both articles stay in the lists


@pytest.mark.django_db
def test_publishing_shows_in_latest_news_on_every_page(fragment_cache, commit, editor):
    reading = make_article(title="Being read")
    draft = make_article(title="Just published", live=False)
    assert "Just published" not in render(reading.get_absolute_url())[0]
    commit(workflow.publish, article=draft, actor=editor)
    assert "Just published" in render(reading.get_absolute_url())[0]


@pytest.mark.django_db
def test_unpublishing_removes_it_from_the_shared_lists(fragment_cache, commit, editor):
    reading = make_article(title="Being read")
    gone = make_article(title="Pulled story", is_editors_pick=True)
    assert render(reading.get_absolute_url())[0].count("Pulled story") == 2
    commit(workflow.unpublish, article=gone, actor=editor)
    assert "Pulled story" not in render(reading.get_absolute_url())[0]


@pytest.mark.django_db
def test_marking_must_read_shows_at_once(fragment_cache, commit):
    reading = make_article(title="Being read")
    pick = make_article(title="Editors pick")
    assert "must-read-heading" not in render(reading.get_absolute_url())[0]

    def mark():
        pick.is_editors_pick = True
        pick.save()

    commit(mark)
    assert "must-read-heading" in render(reading.get_absolute_url())[0]


@pytest.mark.django_db
def test_renaming_a_section_shows_in_the_navigation(fragment_cache, commit):
    section = make_section(name="Sport")
    article = make_article(section=section)
    assert ">Sport<" in render(article.get_absolute_url())[0]

    def rename():
        section.name = "Sports desk"
        section.save()

    commit(rename)
    content = render("/")[0]
    assert ">Sports desk<" in content
    assert ">Sport<" not in content


@pytest.mark.django_db
def test_a_scheduled_article_enters_latest_news_when_it_goes_live(fragment_cache, commit, editor):
    reading = make_article(title="Being read")
    draft = make_article(title="Embargoed story", live=False)
    commit(workflow.publish, article=draft, actor=editor, at=timezone.now() + timedelta(minutes=2))
    assert "Embargoed story" not in render(reading.get_absolute_url())[0]
    with time_machine.travel(timezone.now() + timedelta(minutes=2, seconds=5)):
        assert "Embargoed story" in render(reading.get_absolute_url())[0]


@pytest.mark.django_db
def test_an_outage_computes_the_fragments(fragment_cache, monkeypatch):
    from core import fragments

    def broken(cache=None):
        raise ConnectionError("cache down")

    monkeypatch.setattr(fragments.page_cache, "current_generation", broken)
    article = make_article(title="Still served", is_editors_pick=True)
    content, _ = render(make_article().get_absolute_url())
    assert "Still served" in content
    assert article


@pytest.mark.django_db
def test_related_stories_are_kept_and_a_new_one_shows_at_once(fragment_cache, commit, editor):
    from tests.factories import make_tag

    tag = make_tag(name="Harbour")
    reading = make_article(title="Being read", tags=[tag])
    make_article(title="Older harbour story", tags=[tag])
    draft = make_article(title="New harbour story", tags=[tag], live=False)
    content, _ = render(reading.get_absolute_url())
    assert "Older harbour story" in content
    _, queries = render(reading.get_absolute_url())
    assert not [sql for sql in queries if "shared_tags" in sql]  # the ranking is not run again
    commit(workflow.publish, article=draft, actor=editor)
    related = render(reading.get_absolute_url())[0].split('id="related-heading"')[1]
    assert "New harbour story" in related.split("</section>")[0]


# The article itself (articles/views.py: live_article) -----------------------------


def _article_queries(queries):
    return [sql for sql in queries if 'FROM "articles_article"' in sql and '"slug" =' in sql]


@pytest.mark.django_db
def test_the_article_is_read_once_per_generation(fragment_cache):
    article = make_article(title="Read once")
    first, cold = render(article.get_absolute_url())
    assert _article_queries(cold)
    second, warm = render(article.get_absolute_url())
    assert second == first
    assert not _article_queries(warm)
    assert len(cold) - len(warm) >= 3  # the article, its bylines, its tags


@pytest.mark.django_db
def test_edits_to_the_article_and_what_it_shows_appear_at_once(fragment_cache, commit, editor):
    from articles.models import Correction
    from tests.factories import make_author, make_tag

    author = make_author("Pat Writer")
    article = make_article(title="Old headline", authors=[author])
    url = article.get_absolute_url()
    render(url)

    def edit():
        article.title = "New headline"
        article.save()

    commit(edit)
    assert "New headline" in render(url)[0]

    def rename():
        author.name = "Patricia Writer"
        author.save()

    commit(rename)
    assert "Patricia Writer" in render(url)[0]
    commit(article.tags.add, make_tag("Floods"))
    assert "Floods" in render(url)[0]
    commit(
        Correction.objects.create,
        article=article,
        body="An earlier version misspelt the mayor's name.",
        created_by=editor,
    )
    assert "misspelt the mayor" in render(url)[0]
    commit(workflow.unpublish, article=article, actor=editor)
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_an_address_with_no_article_is_not_kept(fragment_cache):
    from core import page_cache

    article = make_article(slug="real-story")
    missing = article.get_absolute_url().replace("real-story", "made-up-story")
    assert Client().get(missing).status_code == 404
    generation = page_cache.current_generation()
    date = article.published_at.astimezone(timezone.get_current_timezone()).date()
    assert fragment_cache.get(f"fragment:{generation}:article:{date}:made-up-story") is None
    render(article.get_absolute_url())
    assert fragment_cache.get(f"fragment:{generation}:article:{date}:real-story") is not None
    overlong = article.get_absolute_url().replace("real-story", "x" * 5000)
    assert Client().get(overlong).status_code == 404


@pytest.mark.django_db
def test_a_list_page_counts_its_articles_once_per_generation(fragment_cache, commit, editor):
    """The paginator's count (the one query of a list that grows with the archive) is
    kept; publishing into the list starts a new generation and is counted at once."""
    section = make_section(slug="politics")
    for n in range(12):  # PER_PAGE: one page
        make_article(title=f"Story {n}", section=section)
    render("/section/politics/")
    content, queries = render("/section/politics/")
    assert not any("COUNT(" in sql for sql in queries)
    assert 'href="?page=2"' not in content
    assert Client().get("/section/politics/?page=2").status_code == 404

    draft = make_article(title="Thirteenth", section=section, live=False)
    commit(workflow.publish, article=draft, actor=editor)
    content, _ = render("/section/politics/")
    assert "Thirteenth" in content
    assert 'href="?page=2"' in content
    assert Client().get("/section/politics/?page=2").status_code == 200
