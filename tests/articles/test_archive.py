"""The news archive: /archive/, /archive/<yyyy>/, /archive/<yyyy>/<mm>/."""

import datetime as dt

import pytest

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
    assert 'href="/archive/2025/06/"' in html and 'href="/archive/2024/"' in html


def test_archive_year_lists_only_that_year(client, spread):
    response = client.get("/archive/2024/")
    assert [a.title for a in response.context["articles"]] == ["Dec 2024", "Jan 2024"]


def test_archive_month_lists_only_that_month(client, spread):
    response = client.get("/archive/2024/12/")
    assert [a.title for a in response.context["articles"]] == ["Dec 2024"]
    assert b"December 2024" in response.content


def test_archive_empty_period_is_a_normal_page(client, spread):
    response = client.get("/archive/2019/03/")
    assert response.status_code == 200
    assert b"Nothing was published in this period." in response.content


@pytest.mark.parametrize(
    "url", ["/archive/2024/13/", "/archive/2024/00/", "/archive/0000/", "/archive/9999/12/"]
)
def test_archive_impossible_periods_are_404(client, spread, url):
    assert client.get(url).status_code == 404


def test_archive_ignores_drafts(client, spread):
    assert b"Draft" not in client.get("/archive/").content
