"""The page cache's WSGI front door (newsroom.wsgi.application): hits answered before
Django runs, with the same headers, validators and rules as the middleware."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.page_cache import PageCacheApplication
from newsroom import wsgi
from tests.factories import make_article


def call(path, method="GET", secure=False, **headers):
    """Run the WSGI application as gunicorn would; return status, headers, body, queries."""
    environ = getattr(RequestFactory(), method.lower())(path, secure=secure, headers=headers)
    environ = environ.environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, response_headers

    # newsroom.wsgi's application, with Django's handler built anew: middleware reads
    # some settings (SECURE_SSL_REDIRECT) once, when it is built.
    application = PageCacheApplication(WSGIHandler(), request_id=wsgi.application.request_id)
    with CaptureQueriesContext(connection) as queries:
        chunks = application(environ, start_response)
        body = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
    names = [name.lower() for name, _ in answer["headers"]]
    assert len(names) == len(set(names)), f"a header sent twice: {answer['headers']}"
    return int(answer["status"][:3]), dict(answer["headers"]), body, len(queries)


def test_gunicorn_serves_django_behind_the_front_door():
    assert isinstance(wsgi.application, PageCacheApplication)
    assert isinstance(wsgi.application.application, WSGIHandler)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: the handler must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def article(db):
    return make_article(title="Front door story")


def test_a_hit_runs_no_query_and_keeps_every_header_of_the_miss(page_cache, article):
    status, miss, body, queries = call(article.get_absolute_url())
    assert (status, miss["X-Page-Cache"]) == (200, "miss")
    assert queries > 0
    status, hit, hit_body, queries = call(article.get_absolute_url())
    assert (status, hit["X-Page-Cache"], queries) == (200, "hit", 0)
    assert hit_body == body
    for name in (
        "Content-Type",
        "Cache-Control",
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "ETag",
        "Last-Modified",
    ):
        assert hit[name] == miss[name], name
    assert hit["Content-Length"] == str(len(body))
    assert hit["X-Request-ID"] != miss["X-Request-ID"]  # one id per request


def test_a_tracked_link_is_answered_by_the_front_door_without_django(page_cache, article):
    """A shared link with a click id per reader: the gunicorn path answers it from the
    plain address's entry (core/page_keys.py), and from this process's copy of it."""
    _, _, body, _ = call(article.get_absolute_url())
    for query in ("?fbclid=IwAR1", "?fbclid=IwAR2&utm_source=facebook"):
        status, headers, tracked, queries = call(article.get_absolute_url() + query)
        assert (status, headers["X-Page-Cache"], queries) == (200, "hit", 0), query
        assert tracked == body


def test_conditional_requests_get_a_304_from_the_front_door(page_cache, article):
    _, first, _, _ = call(article.get_absolute_url())
    status, headers, body, queries = call(article.get_absolute_url(), If_None_Match=first["ETag"])
    assert (status, body, queries) == (304, b"", 0)
    assert headers["ETag"] == first["ETag"]
    assert "Content-Type" not in headers
    status, _, _, _ = call(article.get_absolute_url(), If_Modified_Since=first["Last-Modified"])
    assert status == 304
    status, _, body, _ = call(article.get_absolute_url(), If_None_Match='"something-else"')
    assert status == 200
    assert body


def test_head_from_the_front_door_has_the_length_and_no_body(page_cache, article):
    _, _, body, _ = call(article.get_absolute_url())
    status, headers, head_body, _ = call(article.get_absolute_url(), method="HEAD")
    assert (status, headers["X-Page-Cache"], head_body) == (200, "hit", b"")
    assert headers["Content-Length"] == str(len(body))


def test_scheme_and_host_are_part_of_the_key(page_cache, article, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.com"]
    call(article.get_absolute_url())
    _, headers, _, _ = call(article.get_absolute_url(), secure=True)
    assert headers["X-Page-Cache"] == "miss"
    _, headers, _, _ = call(article.get_absolute_url(), Host="news.example.com")
    assert headers["X-Page-Cache"] == "miss"


def test_an_http_request_is_still_redirected_to_https(page_cache, article, settings):
    """A cached HTTPS page never answers a plain-HTTP request SECURE_SSL_REDIRECT sends on."""
    call(article.get_absolute_url(), secure=True)
    settings.SECURE_SSL_REDIRECT = True
    status, headers, _, _ = call(article.get_absolute_url())
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_a_host_django_refuses_is_refused_even_after_a_hit(page_cache, article):
    call(article.get_absolute_url())
    status, _, _, _ = call(article.get_absolute_url(), Host="evil.example.net")
    assert status == 400


def test_personal_cookies_and_posts_pass_the_front_door(page_cache, article):
    call(article.get_absolute_url())
    _, headers, _, _ = call(article.get_absolute_url(), Cookie="comments_mine=abc")
    assert "X-Page-Cache" not in headers
    status, headers, _, _ = call(article.get_absolute_url(), method="POST")
    assert "X-Page-Cache" not in headers
    assert status in {403, 405}


def test_a_change_is_seen_by_the_front_door_at_once(
    page_cache, article, django_capture_on_commit_callbacks
):
    call(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Front door story, updated"
        article.save()
    _, headers, body, _ = call(article.get_absolute_url())
    assert headers["X-Page-Cache"] == "miss"
    assert b"Front door story, updated" in body


def test_the_front_door_does_nothing_with_the_cache_off(settings, article):
    settings.PAGE_CACHE_ENABLED = False
    call(article.get_absolute_url())
    _, headers, _, queries = call(article.get_absolute_url())
    assert "X-Page-Cache" not in headers
    assert queries > 0


def test_preconditions_are_left_to_django(page_cache, article):
    call(article.get_absolute_url())  # stored: the next request could be a hit
    status, headers, _, _ = call(article.get_absolute_url(), If_Match='"another-version"')
    assert status == 412
    assert headers.get("X-Page-Cache") != "hit"
