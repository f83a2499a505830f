"""Nothing an editor does is hidden by a stale cached page.

Each test fills the page cache, makes one change the way the newsroom makes
it (workflow functions, model saves as the admin does them), lets the
transaction commit, and reads the page again as an anonymous reader.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import workflow
from articles.models import Correction
from tests.factories import make_article, make_author, make_section, make_tag
from tests.page_cache import filled, page


@pytest.mark.django_db
def test_publishing_shows_on_the_front_page_section_and_feed(page_cache, commit, editor):
    section = make_section()
    make_article(title="Already there", section=section)
    draft = make_article(title="Fresh news", live=False, section=section)
    for url in ("/", section.get_absolute_url(), "/feed/"):
        assert b"Fresh news" not in filled(url).content
    commit(workflow.publish, article=draft, actor=editor)
    for url in ("/", section.get_absolute_url(), "/feed/"):
        assert b"Fresh news" in page(url).content, url


@pytest.mark.django_db
def test_a_scheduled_article_appears_when_its_time_comes_without_any_write(
    page_cache, commit, editor
):
    """No cron: the cached front page ends at the next scheduled publication."""
    make_article(title="Already there")
    draft = make_article(title="Embargoed story", live=False)
    commit(workflow.publish, article=draft, actor=editor, at=timezone.now() + timedelta(minutes=2))
    assert b"Embargoed story" not in filled("/").content
    with time_machine.travel(timezone.now() + timedelta(minutes=2, seconds=5)):
        assert b"Embargoed story" in page("/").content


@pytest.mark.django_db
def test_pages_cached_after_one_go_live_end_at_the_next(page_cache, commit, editor):
    first = make_article(title="First embargo", live=False)
    second = make_article(title="Second embargo", live=False)
    now = timezone.now()
    commit(workflow.publish, article=first, actor=editor, at=now + timedelta(minutes=1))
    commit(workflow.publish, article=second, actor=editor, at=now + timedelta(minutes=3))
    filled("/")
    with time_machine.travel(now + timedelta(minutes=1, seconds=5)):
        content = filled("/").content
        assert b"First embargo" in content
        assert b"Second embargo" not in content
    with time_machine.travel(now + timedelta(minutes=3, seconds=5)):
        assert b"Second embargo" in page("/").content


@pytest.mark.django_db
def test_editing_an_article_shows_on_its_page_and_the_front(page_cache, commit):
    article = make_article(title="Old headline")
    filled(article.get_absolute_url())
    filled("/")

    def edit():
        article.title = "New headline"
        article.save()

    commit(edit)
    assert b"New headline" in page(article.get_absolute_url()).content
    assert b"New headline" in page("/").content


@pytest.mark.django_db
def test_unpublishing_removes_the_article_everywhere(page_cache, commit, editor):
    article = make_article(title="Withdrawn story")
    url = article.get_absolute_url()
    filled(url)
    filled("/")
    filled("/sitemap.xml")
    commit(workflow.unpublish, article=article, actor=editor)
    page(url, status=404)
    assert b"Withdrawn story" not in page("/").content


@pytest.mark.django_db
def test_a_correction_shows_on_the_article_at_once(page_cache, commit, editor):
    article = make_article()
    filled(article.get_absolute_url())
    filled("/corrections/")
    commit(
        Correction.objects.create,
        article=article,
        body="An earlier version misspelt the mayor's name.",
        created_by=editor,
    )
    assert b"misspelt the mayor" in page(article.get_absolute_url()).content
    assert b"misspelt the mayor" in page("/corrections/").content


@pytest.mark.django_db
def test_renaming_a_section_shows_in_every_page_navigation(page_cache, commit):
    section = make_section("Politics")
    article = make_article(section=section)
    for url in ("/", article.get_absolute_url(), section.get_absolute_url()):
        filled(url)

    def rename():
        section.name = "Government"
        section.save()

    commit(rename)
    for url in ("/", article.get_absolute_url(), section.get_absolute_url()):
        assert b"Government" in page(url).content, url


@pytest.mark.django_db
def test_editing_an_author_shows_on_their_bylines(page_cache, commit):
    author = make_author("Pat Writer")
    article = make_article(authors=[author])
    filled(article.get_absolute_url())
    filled(author.get_absolute_url())

    def rename():
        author.name = "Patricia Writer"
        author.save()

    commit(rename)
    assert b"Patricia Writer" in page(article.get_absolute_url()).content
    assert b"Patricia Writer" in page(author.get_absolute_url()).content


@pytest.mark.django_db
def test_tagging_an_article_shows_on_the_tag_page(page_cache, commit):
    tag = make_tag("Floods")
    article = make_article(title="River bursts its banks")
    filled(tag.get_absolute_url())
    commit(article.tags.add, tag)
    assert b"River bursts its banks" in page(tag.get_absolute_url()).content


@pytest.mark.django_db
def test_changes_roll_back_without_touching_the_cache(page_cache):
    """Only committed changes start a new generation (nothing runs for a rollback)."""
    from core.page_cache import GENERATION_KEY

    article = make_article()
    filled(article.get_absolute_url())
    before = page_cache.get(GENERATION_KEY)
    article.title = "Never committed"
    article.save()  # the test's transaction is never committed: on_commit never runs
    assert page_cache.get(GENERATION_KEY) == before
