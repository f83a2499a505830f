"""The news archive: /archive/, /archive/<yyyy>/, /archive/<yyyy>/<mm>/."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import make_article


def _at(y, m, d):
    return dt.datetime(y, m, d, 12, tzinfo=dt.UTC)


@pytest.fixture
def spread(db):
    return {
        "2024-01": make_article(title="Jan 2024", published_at=_at(2024, 1, 15)),
        "2024-12": make_article(title="Dec 2024", published_at=_at(2024, 12, 31)),
        "2025-06": make_article(title="Jun 2025", published_at=_at(2025, 6, 1)),
        "draft": make_article(title="Draft", live=False),
    }


def test_archive_index_lists_everything_live_newest_first_with_month_links(client, spread):
    response = client.get("/archive/")
    assert response.status_code == 200
    assert [a.title for a in response.context["articles"]] == ["Jun 2025", "Dec 2024", "Jan 2024"]
    html = response.content.decode()
    assert 'href="/archive/2025/06/"' in html
    assert 'href="/archive/2024/"' in html


def test_archive_year_lists_only_that_year(client, spread):
    response = client.get("/archive/2024/")
    assert [a.title for a in response.context["articles"]] == ["Dec 2024", "Jan 2024"]


def test_archive_month_lists_only_that_month(client, spread):
    response = client.get("/archive/2024/12/")
    assert [a.title for a in response.context["articles"]] == ["Dec 2024"]
    assert b"December 2024" in response.content


def test_archive_period_with_nothing_published_is_404(client, spread):
    """Empty years and months are 404s: crawlers must not walk an endless calendar."""
    assert client.get("/archive/2019/03/").status_code == 404
    assert client.get("/archive/2019/").status_code == 404


def test_archive_index_of_an_empty_site_is_a_normal_page(client, db):
    response = client.get("/archive/")
    assert response.status_code == 200
    assert b"Nothing was published in this period." in response.content


@pytest.mark.parametrize(
    "url", ["/archive/2024/13/", "/archive/2024/00/", "/archive/0000/", "/archive/9999/12/"]
)
def test_archive_impossible_periods_are_404(client, spread, url):
    assert client.get(url).status_code == 404


def test_archive_ignores_drafts(client, spread):
    assert b"Draft" not in client.get("/archive/").content


# --- the newsroom's local time (Europe/London) at the clock changes ----------------------


def _london(y, m, d, h, minute=0):
    return dt.datetime(y, m, d, h, minute, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def london(settings):
    settings.TIME_ZONE = "Europe/London"


@pytest.fixture
def clock_change(db, london):
    """Articles either side of the month boundaries around the 2024 clock changes.

    BST starts 31 March 2024 (01:00 UTC) and ends 27 October 2024 (01:00 UTC):
    00:30 on 1 April in London is 23:30 on 31 March in UTC; 00:30 on 1 November
    is 00:30 UTC (GMT again), 23:30 on 31 October London is 23:30 UTC.
    """
    return {
        "end-of-march": make_article(title="Late March", published_at=_london(2024, 3, 31, 23, 30)),
        "start-of-april": make_article(
            title="Early April", published_at=_london(2024, 4, 1, 0, 30)
        ),
        "end-of-october": make_article(
            title="Late October", published_at=_london(2024, 10, 31, 23, 30)
        ),
        "start-of-november": make_article(
            title="Early November", published_at=_london(2024, 11, 1, 0, 30)
        ),
    }


def _titles(response):
    return [a.title for a in response.context["articles"]]


@time_machine.travel(dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC), tick=False)
def test_archive_months_follow_london_time_during_summer_time(client, clock_change):
    """An article published at 00:30 BST on 1 April belongs to April, though it is March in UTC."""
    assert _titles(client.get("/archive/2024/03/")) == ["Late March"]
    assert _titles(client.get("/archive/2024/04/")) == ["Early April"]


@time_machine.travel(dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC), tick=False)
def test_archive_months_follow_london_time_after_summer_time_ends(client, clock_change):
    assert _titles(client.get("/archive/2024/10/")) == ["Late October"]
    assert _titles(client.get("/archive/2024/11/")) == ["Early November"]


@time_machine.travel(dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC), tick=False)
def test_archive_month_index_uses_london_months(client, clock_change):
    """The month links agree with the month pages: April 2024 is listed for the 00:30 BST story."""
    months = list(client.get("/archive/").context["months"])
    assert [(d.year, d.month) for d in months] == [(2024, 11), (2024, 10), (2024, 4), (2024, 3)]


@time_machine.travel(dt.datetime(2024, 4, 1, 0, 45, tzinfo=ZoneInfo("Europe/London")), tick=False)
def test_article_address_uses_the_london_date(client, london, db):
    """Published 00:30 BST on 1 April: its URL says 2024/04/01 and that address finds it."""
    article = make_article(slug="s", published_at=_london(2024, 4, 1, 0, 30))
    assert article.get_absolute_url() == "/2024/04/01/s/"
    assert client.get("/2024/04/01/s/").status_code == 200
    assert client.get("/2024/03/31/s/").status_code == 404
