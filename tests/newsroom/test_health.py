"""/healthz (the process answers), /readyz (its dependencies) and the database-down page."""

import re
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import OperationalError
from django.tasks import task
from django.test import Client
from django.utils import timezone


@task()
def waiting_task():
    return "done"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _database_down():
    """Every query fails as when PostgreSQL is away."""
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    )


def test_healthz_answers_without_touching_the_database(client, db, django_assert_num_queries):
    """Liveness is cheap: a load balancer may poll it every second."""
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_any_host_and_plain_http(client, db, settings):
    """Probes come from the load balancer or Docker with their own Host, over plain HTTP."""
    settings.ALLOWED_HOSTS = ["news.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert client.get("/privacy/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_is_up_while_the_database_is_down(client, db):
    with _database_down():
        response = client.get("/healthz")
    assert response.status_code == 200


def test_readyz_is_ok_when_every_dependency_answers(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "checks": {"database": "ok", "cache": "ok", "tasks": "ok"},
    }
    assert "no-store" in response["Cache-Control"]


def test_readyz_names_the_database_when_it_is_down(client, db):
    with _database_down():
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database", "tasks"]
    assert body["checks"]["database"] == "unavailable (OperationalError)"
    assert body["checks"]["tasks"] == "unknown (no database)"
    assert body["checks"]["cache"] == "ok"


def test_readyz_names_the_cache_when_it_keeps_nothing(client, db, settings):
    """A cache that loses what it is given (Redis away: fail-soft misses) fails readiness."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


def test_readyz_fails_when_the_oldest_waiting_task_is_too_old(client, db, database_tasks, settings):
    """A stopped worker shows as tasks waiting longer than READY_MAX_TASK_AGE_SECONDS."""
    settings.READY_MAX_TASK_AGE_SECONDS = 300
    with time_machine.travel(timezone.now() - timedelta(minutes=10)):
        waiting_task.enqueue()
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["tasks"]
    # 600 s, and the moment the request itself took.
    assert re.fullmatch(
        r"oldest waiting task has waited 60\d s \(limit 300 s\): is the worker running\?",
        body["checks"]["tasks"],
    )


def test_readyz_is_ok_with_a_fresh_task_waiting(client, db, database_tasks):
    waiting_task.enqueue()
    assert client.get("/readyz").status_code == 200


def test_a_deferred_task_waits_from_when_it_became_due(client, db, database_tasks, settings):
    settings.READY_MAX_TASK_AGE_SECONDS = 300
    long_ago = timezone.now() - timedelta(hours=2)
    with time_machine.travel(long_ago):
        # Enqueued two hours ago, due in the future: not waiting yet.
        waiting_task.using(run_after=timezone.now() + timedelta(days=1)).enqueue()
        # Enqueued two hours ago, due one minute ago: has waited one minute.
        waiting_task.using(run_after=timezone.now() + timedelta(minutes=119)).enqueue()
    assert client.get("/readyz").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        body = Client().get("/readyz").json()
    assert body["failing"] == ["tasks"]
    assert re.search(r"has waited 66\d s", body["checks"]["tasks"])


def test_a_finished_or_running_task_is_not_waiting(client, db, database_tasks, settings):
    from django_tasks_db.models import DBTaskResult

    with time_machine.travel(timezone.now() - timedelta(hours=1)):
        waiting_task.enqueue()
    DBTaskResult.objects.update(status="RUNNING")
    assert client.get("/readyz").status_code == 200


def test_database_outage_is_a_friendly_503_page(db):
    """Any page asked for while PostgreSQL is away: 'back in a moment', Retry-After, not cached."""
    client = Client(raise_request_exception=False)
    with _database_down():
        response = client.get("/")
    assert response.status_code == 503
    assert "We’ll be back in a moment" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


def test_a_comment_post_during_an_outage_says_it_was_not_saved(db):
    client = Client(raise_request_exception=False)
    with _database_down():
        response = client.post("/2026/01/02/anything/comment/", {"comment": "Hello"})
    assert response.status_code == 503
    assert "it has not been saved yet" in response.content.decode()


def test_other_errors_are_still_the_500_page(db):
    client = Client(raise_request_exception=False)
    with mock.patch("newsroom.views.render", side_effect=RuntimeError("bug")):
        response = client.get("/privacy/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_server_error_page_renders_without_the_database(rf):
    """The 500 page is self-contained: it must render even when the database is the problem."""
    from django.views.defaults import server_error

    with _database_down():
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_csrf_failure_is_a_friendly_page(db):
    """A stale form gets a page that says nothing was published, in the site's layout."""
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content
    assert b'class="skip-link"' in response.content
