"""/healthz: liveness plus a database round trip."""

from unittest import mock

from django.db import OperationalError


def test_healthz_reports_ok_with_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_down(client, db):
    with mock.patch("newsroom.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_server_error_page_renders_without_the_database(rf):
    """The 500 page is self-contained: it must render even when the database is the problem."""
    from django.views.defaults import server_error

    with mock.patch("newsroom.views.connection.cursor", side_effect=OperationalError("down")):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_csrf_failure_is_a_friendly_page(db):
    """A stale form gets a page that says nothing was published, in the site's layout."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content
    assert b'class="skip-link"' in response.content
