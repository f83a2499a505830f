"""One place says how a page may be cached."""

from django.http import HttpResponse
from django.test import RequestFactory

from core.cache_control import mark_private, private_page, public_page


def test_public_page_allows_shared_caches_with_stale_while_revalidate(settings):
    settings.PAGE_CACHE_SECONDS = 120
    response = public_page(lambda r: HttpResponse("ok"))(RequestFactory().get("/"))
    assert (
        response["Cache-Control"] == "public, max-age=60, s-maxage=120, stale-while-revalidate=60"
    )


def test_public_page_leaves_private_responses_private():
    response = public_page(lambda r: mark_private(HttpResponse("mine")))(RequestFactory().get("/"))
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_public_page_does_not_mark_errors_cacheable():
    response = public_page(lambda r: HttpResponse(status=500))(RequestFactory().get("/"))
    assert not response.has_header("Cache-Control")


def test_private_page_is_never_stored():
    response = private_page(lambda r: HttpResponse("x"))(RequestFactory().get("/"))
    assert response["Cache-Control"] == "private, no-cache, no-store, max-age=0"
