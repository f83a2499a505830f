"""Database connections in production: session settings at connect time, reuse with
health checks (a restarted PostgreSQL costs no error, a healthy connection costs no
query: newsroom/postgres_backend), psycopg's pool when asked for."""

import os
import subprocess
import sys
import tempfile
import wsgiref.util

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article
from tests.servers import ROOT, database_url

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_connection_has_the_trigram_threshold_without_a_query():
    """The search's threshold arrives as a startup option: connecting costs no query."""
    connection.close()
    with CaptureQueriesContext(connection) as queries:
        connection.ensure_connection()
    assert queries.captured_queries == []
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert cursor.fetchone()[0] == "0.5"
        # JIT compiling (10 ms and more) never pays off for a page's queries.
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.fixture
def persistent_connections():
    saved = {k: connection.settings_dict[k] for k in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    connection.settings_dict.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    connection.close()
    yield
    connection.settings_dict.update(saved)
    connection.close()


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid: int) -> None:
    """What a PostgreSQL restart does to an open connection."""
    with psycopg.connect(database_url().replace("postgres://", "postgresql://")) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def _wsgi_get(path: str) -> str:
    """GET through Django's real WSGI handler, which (unlike the test client) runs the
    request_started connection housekeeping gunicorn's requests get. Returns the status."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "127.0.0.1"}
    wsgiref.util.setup_testing_defaults(environ)
    statuses = []
    body = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    b"".join(body)
    body.close()  # request_finished: where Django closes or keeps the connection
    return statuses[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_is_reused_across_requests(persistent_connections):
    article = make_article()
    assert _wsgi_get(article.get_absolute_url()) == "200 OK"
    first = _backend_pid()
    assert _wsgi_get(article.get_absolute_url()) == "200 OK"
    assert _backend_pid() == first


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_the_server_dropped_is_replaced_without_an_error(persistent_connections):
    """CONN_HEALTH_CHECKS: the next request checks the kept connection and reconnects."""
    article = make_article()
    assert _wsgi_get(article.get_absolute_url()) == "200 OK"
    dropped = _backend_pid()
    _terminate(dropped)
    assert _wsgi_get(article.get_absolute_url()) == "200 OK"
    assert _backend_pid() != dropped


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_healthy_kept_connection_is_checked_without_a_query(persistent_connections):
    """Django's own check is a SELECT 1 before each request's first query; ours reads
    the socket. Every statement PostgreSQL receives during a request is the app's."""
    assert type(connections["default"]).__module__ == "newsroom.postgres_backend.base"
    article = make_article()
    assert _wsgi_get(article.get_absolute_url()) == "200 OK"
    with tempfile.TemporaryFile("w+") as trace:
        pgconn = connection.connection.pgconn
        pgconn.trace(trace.fileno())  # libpq's log of the protocol messages
        try:
            with CaptureQueriesContext(connection) as queries:
                assert _wsgi_get(article.get_absolute_url()) == "200 OK"
        finally:
            pgconn.untrace()
        trace.seek(0)
        sent = [line.split("\t") for line in trace]
    # One statement is a Query message (simple protocol) or an Execute (extended).
    statements = [f for f in sent if f[1] == "F" and f[3] in ("Query", "Execute")]
    texts = " ".join(f[4] for f in sent if f[1] == "F" and f[3] in ("Query", "Parse"))
    assert _backend_pid() == connection.connection.info.backend_pid  # the same connection
    assert '"SELECT 1"' not in texts
    assert len(statements) == len(queries.captured_queries) > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_statements_a_connection_repeats_are_prepared(persistent_connections):
    """DATABASE_PREPARED_STATEMENTS (on by default): server-side binding, and a statement
    run DATABASE_PREPARE_THRESHOLD times is prepared, so PostgreSQL parses it once."""
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    article = make_article()
    for _ in range(settings.DATABASE_PREPARE_THRESHOLD + 1):
        assert _wsgi_get(article.get_absolute_url()) == "200 OK"
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('"articles_article"' in statement for statement in prepared), prepared


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_left_inside_a_transaction_is_replaced(persistent_connections):
    article = make_article()
    assert _wsgi_get(article.get_absolute_url()) == "200 OK"
    stuck = _backend_pid()
    connection.connection.execute("BEGIN")  # as a request killed mid-transaction leaves it
    assert _wsgi_get(article.get_absolute_url()) == "200 OK"
    assert _backend_pid() != stuck


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_check_inside_a_transaction_of_django_keeps_the_connection(persistent_connections):
    with transaction.atomic():
        inside = _backend_pid()  # the transaction is open
        connection.health_check_done = False  # as if a check were due now
        assert _backend_pid() == inside  # checked, kept, the transaction intact


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_pool_serves_queries():
    """DATABASE_POOL=true: psycopg's pool is installed and hands out working connections."""
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "for _ in range(3):\n"
        "    with connection.cursor() as c:\n"
        "        c.execute('SHOW pg_trgm.word_similarity_threshold'); value = c.fetchone()[0]\n"
        "    connection.close()  # back to the pool\n"
        "print(type(connection.pool).__name__, value)"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DATABASE_POOL": "true",
        "SECRET_KEY": "pool-test",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "ConnectionPool 0.5"
