"""Every error page is safe on a request whose body cannot be decoded.

A urlencoded form that declares a charset other than UTF-8 (latin-1, utf-16, ...) is a
400 in Django; a broken multipart body is too. The error handlers must answer that
request with their page, never a 500 caused by reading the body a second time.
"""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.test import Client, override_settings
from django.urls import path

from newsroom.urls import urlpatterns as site_patterns
from tests.factories import make_article

TOKEN = "a" * 32

UNDECODABLE_BODIES = [
    pytest.param(
        "application/x-www-form-urlencoded; charset=latin-1",
        f"name=caf%E9&csrfmiddlewaretoken={TOKEN}".encode("latin-1"),
        id="urlencoded-latin-1",
    ),
    pytest.param(
        "application/x-www-form-urlencoded; charset=utf-16",
        f"name=caf\xe9&csrfmiddlewaretoken={TOKEN}".encode("utf-16"),
        id="urlencoded-utf-16",
    ),
    pytest.param(
        "application/x-www-form-urlencoded; charset=iso-8859-15",
        b"name=\xe9\xff",
        id="urlencoded-iso-8859-15",
    ),
    pytest.param(
        "multipart/form-data; charset=utf-16",  # no boundary: the parser gives up
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n\xe9\r\n--x--'.encode("utf-16"),
        id="multipart-without-boundary",
    ),
]


def _raise(exc):
    def view(request):
        raise exc  # before reading the form: the handler is the first to meet the body

    return view


urlpatterns = [
    path("boom/400/", _raise(BadRequest("bad"))),
    path("boom/403/", _raise(PermissionDenied("no"))),
    path("boom/404/", _raise(Http404("gone"))),
    path("boom/500/", _raise(RuntimeError("broken"))),
    *site_patterns,
]
handler400 = "newsroom.views.bad_request"
handler403 = "newsroom.views.permission_denied"
handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"


def _post(client, url, content_type, body, *, cookie=True):
    if cookie:
        client.cookies["csrftoken"] = TOKEN
    return client.generic("POST", url, body, content_type=content_type)


@pytest.fixture
def article(db):
    return make_article(title="Harbour")


@pytest.fixture(params=["plain", "csrf-enforcing"])
def client(request):
    return Client(
        enforce_csrf_checks=request.param == "csrf-enforcing", raise_request_exception=False
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("content_type", "body"), UNDECODABLE_BODIES)
@pytest.mark.parametrize(
    ("url", "enforced", "plain"),
    [
        # With CSRF enforced the check reads the form first, so the body's 400 comes
        # before anything else; without it a GET-only page answers 405 unread.
        ("/", 400, 405),
        ("/search/", 400, 405),
        ("/no-such-page/", 404, 404),
        ("/admin/login/", 400, 400),
        ("{comment}", 400, 400),  # CSRF-exempt; the comment view reads the form itself
    ],
)
def test_site_urls_answer_undecodable_posts_with_an_error_page(
    client, article, url, enforced, plain, content_type, body
):
    url = url.format(comment=article.get_absolute_url() + "comment/")
    response = _post(client, url, content_type, body)
    status = enforced if client.handler.enforce_csrf_checks else plain
    assert response.status_code == status
    assert "text/html" in response["Content-Type"]
    if status != 405:
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("content_type", "body"), UNDECODABLE_BODIES)
@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        ("/boom/400/", 400, "couldn’t understand that request"),
        ("/boom/403/", 403, "can’t do that here"),
        ("/boom/404/", 404, "can’t find that page"),
        ("/boom/500/", 500, "Something went wrong on our side"),
        ("/nowhere/", 404, "can’t find that page"),
    ],
)
def test_each_error_handler_renders_its_page_for_an_undecodable_body(
    url, status, text, content_type, body
):
    client = Client(raise_request_exception=False)
    # No CSRF cookie and no CSRF enforcement: the body is still unread when the
    # handler runs (with enforcement the CSRF failure page answers, tested below).
    response = _post(client, url, content_type, body, cookie=False)
    assert response.status_code == status
    assert text in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("content_type", "body"), UNDECODABLE_BODIES)
def test_csrf_failure_page_is_safe_on_an_undecodable_body(content_type, body):
    """No CSRF cookie: refused before the form is read, and the failure page never reads it."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = _post(client, "/admin/login/", content_type, body, cookie=False)
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


@pytest.mark.django_db
def test_the_500_page_carries_no_inline_style():
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/boom/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<style" not in html
    assert "style=" not in html
    assert "css/error.css" in html
