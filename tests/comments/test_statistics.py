"""Spam statistics from the comment history: exact figures on a known history,
one query per table, and only for those who moderate."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import moderation
from comments.maintenance import run_all
from comments.models import Comment, CommentEvent, CommentStatsDay
from comments.statistics import roll_up, spam_statistics, totals
from tests.factories import make_article
from tests.queries import count_queries

from .helpers import make_comment

Kind = CommentEvent.Kind
URL = "/admin/comments/comment/statistics/"
NOW = datetime(2026, 3, 18, 12, 0, tzinfo=ZoneInfo("UTC"))  # a Wednesday


@pytest.fixture
def history(db, settings):
    """Eight comments over four weeks; each event at midday so no time zone moves it."""
    settings.TIME_ZONE = "UTC"
    article = make_article()

    def comment(day, *kinds, contradicting=()):
        c = make_comment(article, created_at=datetime(2026, *day, 12, tzinfo=ZoneInfo("UTC")))
        for kind in kinds:
            CommentEvent.objects.create(
                comment=c,
                kind=kind,
                contradicts_akismet=kind in contradicting,
                created_at=c.created_at,
            )
        return c

    # Week of 16 March (this week).
    comment(
        (3, 16), Kind.SUBMITTED, Kind.AKISMET_SPAM, Kind.APPROVED, contradicting=[Kind.APPROVED]
    )
    comment(
        (3, 16),
        Kind.SUBMITTED,
        Kind.AKISMET_HAM,
        Kind.POLICY_HELD,
        Kind.SPAMMED,
        contradicting=[Kind.SPAMMED],
    )
    comment((3, 17), Kind.SUBMITTED, Kind.AKISMET_HAM, Kind.AUTO_APPROVED)
    comment((3, 17), Kind.SUBMITTED, Kind.AKISMET_ERROR, Kind.AKISMET_ERROR, Kind.NOT_CHECKED)
    comment((3, 18), Kind.SUBMITTED, Kind.AKISMET_DISCARD)
    # Week of 9 March.
    comment((3, 10), Kind.SUBMITTED, Kind.AKISMET_HAM, Kind.KEYWORD_HELD, Kind.APPROVED)
    comment((3, 11), Kind.SUBMITTED, Kind.HONEYPOT)
    # February.
    comment((2, 24), Kind.SUBMITTED, Kind.AKISMET_SPAM)
    # Too old for either table (13 months back).
    comment((1, 10), Kind.SUBMITTED)
    CommentEvent.objects.filter(created_at__month=1).update(
        created_at=datetime(2025, 2, 10, 12, tzinfo=ZoneInfo("UTC"))
    )


def figures(period):
    return (
        period.received,
        period.caught,
        period.missed,
        period.false_positives,
        period.held,
        period.approved,
        period.checked,
        period.accuracy,
    )


def test_weekly_figures_on_a_known_history(history):
    weeks = spam_statistics("week", periods=12, now=NOW)
    assert len(weeks) == 12
    assert weeks[-1].start == date(2026, 3, 16)
    assert weeks[0].start == date(2025, 12, 29)
    assert figures(weeks[-1]) == (5, 2, 1, 1, 2, 2, 4, 0.5)
    assert figures(weeks[-2]) == (2, 0, 0, 0, 1, 1, 1, 1.0)
    assert weeks[-2].start == date(2026, 3, 9)
    assert figures(weeks[-4]) == (1, 1, 0, 0, 0, 0, 1, 1.0)  # week of 23 February
    assert figures(weeks[-3]) == (0, 0, 0, 0, 0, 0, 0, None)
    assert weeks[-1].accuracy_display == "50.0%"
    assert weeks[-3].accuracy_display == "—"


def test_monthly_figures_on_a_known_history(history):
    months = spam_statistics("month", periods=12, now=NOW)
    assert [m.start for m in months[-3:]] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert months[0].start == date(2025, 4, 1)  # February 2025 is out of range
    assert figures(months[-1]) == (7, 2, 1, 1, 3, 3, 5, 0.6)
    assert figures(months[-2]) == (1, 1, 0, 0, 0, 0, 1, 1.0)
    assert figures(totals(months)) == (8, 3, 1, 1, 3, 3, 6, pytest.approx(4 / 6))


def test_steady_state_costs_three_queries_per_table(history):
    """Once finished days are rolled up: which days exist, their sums, today's events."""
    spam_statistics("week", now=NOW)
    spam_statistics("month", now=NOW)
    with CaptureQueriesContext(connection) as ctx:
        spam_statistics("week", now=NOW)
        spam_statistics("month", now=NOW)
    assert len(ctx.captured_queries) == 6
    assert all("GROUP BY" in q["sql"].upper() for q in ctx.captured_queries[1:3])


def test_rolling_up_is_one_grouped_query_over_the_missing_days(history):
    with CaptureQueriesContext(connection) as ctx:
        written = roll_up(since=date(2026, 3, 1), until=date(2026, 3, 18))
    assert written == 17
    assert len(ctx.captured_queries) == 3  # days present, the grouped count, one insert
    assert CommentStatsDay.objects.get(day=date(2026, 3, 16)).received == 2
    assert roll_up(since=date(2026, 3, 1), until=date(2026, 3, 18)) == 0


def test_past_figures_survive_the_purge_of_the_spam_they_count(history, settings):
    """Policy: maintenance rolls finished days up before it purges spam and its history."""
    before = figures(spam_statistics("month", now=NOW)[-2])  # February
    with time_machine.travel(NOW, tick=False):
        run_all(NOW)
    Comment.objects.all().delete()  # whatever else goes, the stored days stay
    assert not CommentEvent.objects.exists()
    assert figures(spam_statistics("month", now=NOW)[-2]) == before == (1, 1, 0, 0, 0, 0, 1, 1.0)


def test_today_is_counted_live_from_its_events(history):
    february = Comment.objects.get(created_at__month=2)
    CommentEvent.objects.create(comment=february, kind=Kind.SUBMITTED, created_at=NOW)
    assert spam_statistics("week", now=NOW)[-1].received == 6


def test_decisions_made_through_moderation_are_counted(db, moderator, settings):
    """The real paths set the markers the statistics read."""
    settings.TIME_ZONE = "UTC"
    article = make_article()
    missed = make_comment(article, status="pending", spam_verdict="ham")
    false_positive = make_comment(article, status="spam", spam_verdict="spam")
    agreed = make_comment(article, status="pending", spam_verdict="ham")
    moderation.mark_spam([missed.pk], actor=moderator)
    moderation.approve([false_positive.pk, agreed.pk], actor=moderator)
    this_week = spam_statistics("week", periods=1)[0]
    assert (this_week.missed, this_week.false_positives, this_week.approved) == (1, 1, 2)


def test_page_shows_chart_and_table(moderator_client, history):
    with time_machine.travel(NOW, tick=False):
        html = moderator_client.get(URL).content.decode()
    assert "<svg" in html
    assert 'class="spam-stats__bar spam-stats__bar--caught"' in html
    assert "Week of 16 Mar 2026" in html
    assert "Mar 2026" in html
    assert "<td>50.0%</td>" in html
    assert "<td>60.0%</td>" in html


def test_page_query_count_does_not_grow_with_the_history(moderator_client, history):
    """Session, user, permissions (2), three queries per table (days rolled up already)."""
    with time_machine.travel(NOW, tick=False):
        moderator_client.get(URL)  # rolls the finished days up
        small = count_queries(moderator_client, URL)
        article = make_article(title="More")
        for _ in range(30):
            c = make_comment(article)
            CommentEvent.objects.create(comment=c, kind=Kind.SUBMITTED, created_at=NOW)
        assert count_queries(moderator_client, URL) == small
    assert small == 10


def test_editors_and_moderators_only(client, journalist_client, editor_client, moderator_client):
    assert moderator_client.get(URL).status_code == 200
    assert editor_client.get(URL).status_code == 200
    assert journalist_client.get(URL).status_code == 403
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
