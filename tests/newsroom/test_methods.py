"""Public pages are reads: GET and HEAD work, other methods are a 405 (never a 500 or a page)."""

import pytest
from django.test import Client

from tests.factories import make_article, make_author, make_section

PAGES = [
    "/",
    "{article}",
    "/section/news/",
    "/author/au/",
    "/archive/",
    "/search/?q=harbour",
    "/corrections/",
    "/feed/",
    "/section/news/feed/atom/",
    "/sitemap.xml",
    "/news-sitemap.xml",
    "/robots.txt",
    "/privacy/",
    "/healthz",
    "/readyz",
    "/comments/csrf/",
]


@pytest.fixture
def article(db):
    return make_article(
        title="Harbour", section=make_section(slug="news"), authors=[make_author(slug="au")]
    )


@pytest.mark.parametrize("page", PAGES)
def test_get_and_head_answer_and_other_methods_are_405(article, page):
    url = page.format(article=article.get_absolute_url())
    client = Client(raise_request_exception=False)
    get = client.get(url)
    assert get.status_code == 200, url
    head = client.head(url)
    assert head.status_code == 200, url
    assert head.content == b""
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, url)
        assert "GET" in response["Allow"]
