"""Article.objects.live() defines what readers may see; is_live() mirrors it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, Byline
from tests.factories import make_article, make_author, make_section, make_tag

NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


@time_machine.travel(NOON, tick=False)
def test_live_includes_published_articles_whose_time_has_come(db):
    published = make_article(published_at=NOON - dt.timedelta(minutes=1))
    assert list(Article.objects.live()) == [published]
    assert published.is_live()


@time_machine.travel(NOON, tick=False)
def test_live_excludes_drafts_in_review_and_scheduled(db):
    make_article(live=False)
    make_article(live=False, status=Article.Status.IN_REVIEW)
    scheduled = make_article(published_at=NOON + dt.timedelta(minutes=1))
    assert not Article.objects.live().exists()
    assert not scheduled.is_live()


def test_scheduled_article_goes_live_when_its_time_comes_without_any_job(db):
    """Scheduling is a future published_at; no cron flips anything."""
    with time_machine.travel(NOON, tick=False):
        article = make_article(published_at=NOON + dt.timedelta(hours=2))
        assert not Article.objects.live().filter(pk=article.pk).exists()
    with time_machine.travel(NOON + dt.timedelta(hours=2, seconds=1), tick=False):
        assert Article.objects.live().filter(pk=article.pk).exists()
        assert Article.objects.get(pk=article.pk).is_live()


def test_published_without_date_is_not_live(db):
    article = make_article(published_at=None)
    assert not Article.objects.live().exists()
    assert not article.is_live()


def test_bylines_split_into_authors_and_additional_reporting_in_order(db):
    a, b, c = make_author("A"), make_author("B"), make_author("C")
    article = make_article(authors=[b, a], additional=[c])
    article = Article.objects.with_listing_relations().get(pk=article.pk)
    assert [x.author.name for x in article.author_bylines] == ["B", "A"]
    assert [x.author.name for x in article.additional_reporting] == ["C"]
    assert article.additional_reporting[0].role == Byline.Role.ADDITIONAL_REPORTING


def test_by_author_counts_every_byline_role_once(db):
    author = make_author()
    make_article(authors=[author])
    make_article(authors=[make_author()], additional=[author])
    make_article(authors=[author, make_author()])
    assert Article.objects.live().by_author(author).count() == 3


def test_related_prefers_shared_tags_then_section_then_recency(db):
    section, other = make_section(), make_section()
    t1, t2 = make_tag(), make_tag()
    now = timezone.now()
    article = make_article(section=section, tags=[t1, t2])
    two_tags = make_article(section=other, tags=[t1, t2], published_at=now - dt.timedelta(days=9))
    one_tag = make_article(section=other, tags=[t1], published_at=now - dt.timedelta(days=1))
    same_section = make_article(section=section, published_at=now - dt.timedelta(days=5))
    make_article(section=other)  # unrelated
    make_article(section=section, live=False)  # a draft is never related
    related = list(Article.objects.live().related_to(article))
    assert related == [two_tags, one_tag, same_section]


def test_excerpt_falls_back_to_body_text(db):
    article = make_article(standfirst="", body="<p>" + "word " * 60 + "</p>")
    assert article.excerpt.endswith("…")
    assert len(article.excerpt.split()) == 40


def test_absolute_url_uses_local_publication_date(db, settings):
    settings.TIME_ZONE = "Europe/London"
    article = make_article(
        slug="late", published_at=dt.datetime(2025, 6, 30, 23, 30, tzinfo=dt.UTC)
    )
    # 23:30 UTC is 00:30 on 1 July in London (BST).
    assert article.get_absolute_url() == "/2025/07/01/late/"


@pytest.mark.parametrize(
    ("day", "local_times"),
    [
        # 31 March 2024: clocks go forward at 01:00 GMT, a 23-hour day.
        (dt.date(2024, 3, 31), [(0, 30), (23, 30)]),
        # 27 October 2024: clocks go back at 02:00 BST, a 25-hour day.
        (dt.date(2024, 10, 27), [(0, 30), (23, 30)]),
    ],
)
def test_published_on_is_the_london_calendar_day_when_the_clocks_change(
    db, settings, day, local_times
):
    """published_on(day) is the day in the article's address: local midnight to local midnight."""
    settings.TIME_ZONE = "Europe/London"
    london = ZoneInfo("Europe/London")
    inside = [
        make_article(published_at=dt.datetime.combine(day, dt.time(h, m), tzinfo=london))
        for h, m in local_times
    ]
    make_article(
        published_at=dt.datetime.combine(day, dt.time.min, tzinfo=london) - dt.timedelta(minutes=1)
    )
    make_article(
        published_at=dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=london)
    )
    assert set(Article.objects.published_on(day)) == set(inside)
    assert {a.get_absolute_url().split("/")[3] for a in inside} == {f"{day.day:02d}"}


def test_published_on_the_last_representable_day_is_an_open_range(db):
    assert list(Article.objects.published_on(dt.date.max)) == []


def test_related_for_an_article_without_section_uses_tags_only(db):
    """Two articles without a section are not "in the same section"."""
    tag = make_tag()
    article = make_article(section=None, tags=[tag])
    make_article(section=None)  # no section, no shared tag: unrelated
    tagged = make_article(section=None, tags=[tag])
    assert list(Article.objects.live().related_to(article)) == [tagged]


def test_related_is_empty_without_tags_or_section(db):
    article = make_article(section=None)
    make_article(section=None)
    assert list(Article.objects.live().related_to(article)) == []
