"""Reading pages as an anonymous reader against the page cache (with the `page_cache`
and `commit` fixtures of tests/conftest.py)."""

from django.test import Client


def page(url, client=None, *, status=200):
    """Read `url` (as a new anonymous reader unless `client` is given)."""
    response = (client or Client()).get(url)
    assert response.status_code == status, url
    return response


def filled(url):
    """Read `url` twice: the second answer must come from the cache."""
    page(url)
    response = page(url)
    assert response["X-Page-Cache"] == "hit", url
    return response
