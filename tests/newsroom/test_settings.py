"""Settings come from the environment, fail loudly when production is misconfigured,
and default to what production needs when DEBUG is off."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.servers import ROOT

# Variables a developer's shell might set that would change the defaults under test.
_CLEARED = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "DATABASE_REPLICA_URLS",
    "DATABASE_POOL",
    "CONN_MAX_AGE",
    "TASKS_BACKEND",
    "AKISMET_TIMEOUT",
    "REDIS_URL",
    "MEDIA_STORAGE",
    "SERVE_MEDIA",
    "LOG_FORMAT",
    "SENTRY_DSN",
    "SESSIONS_IN_CACHE",
}


def _environment(**env) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    environment.update(env)
    return environment


def _run(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def _settings(*names: str, **env) -> dict:
    """The named settings as a fresh process sees them with `env`."""
    code = (
        "import json, newsroom.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    result = _run(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


PRODUCTION = {"SECRET_KEY": "settings-test-secret"}
DEVELOPMENT = {"DEBUG": "true"}


def test_production_refuses_to_start_without_secret_key():
    result = _run("import newsroom.settings", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_manage_py_says_a_missing_secret_key_in_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_environment(SECRET_KEY=""),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Configuration error: SECRET_KEY is not set. Set it in the environment "
        "(or set DEBUG=true for development)."
    ]


def test_make_serve_stops_before_serving_without_secret_key():
    """`make serve` forces DEBUG off; without SECRET_KEY it ends with that one line."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "serve", "PORT=1"],  # noqa: S607
        cwd=ROOT,
        env=_environment(SECRET_KEY="", DEBUG="true"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Configuration error: SECRET_KEY is not set" in result.stderr.splitlines()[0]
    assert "gunicorn" not in result.stdout + result.stderr


def test_debug_runs_without_secret_key_on_sqlite_by_default():
    values = _settings("DATABASES", **DEVELOPMENT)
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_unknown_tasks_backend_is_refused_with_a_clear_message():
    result = _run("import newsroom.settings", DEBUG="true", TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of" in result.stderr


def test_use_tz_is_on(settings):
    assert settings.USE_TZ is True


# Background work (no network call inside a web request in production) -------------


def test_production_queues_tasks_in_the_database_for_the_worker():
    """DEBUG off: Akismet checks and emails go to django-tasks-db, never run in a request."""
    values = _settings("TASKS", "AKISMET_TIMEOUT", **PRODUCTION)
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert values["AKISMET_TIMEOUT"] == 5.0


def test_development_runs_tasks_inline_with_a_short_akismet_timeout():
    """`make run`: tasks run in the request after commit, so Akismet gets 2 s, not 5."""
    values = _settings("TASKS", "AKISMET_TIMEOUT", **DEVELOPMENT)
    assert values["TASKS"]["default"]["BACKEND"] == (
        "django.tasks.backends.immediate.ImmediateBackend"
    )
    assert values["AKISMET_TIMEOUT"] == 2.0


def test_inline_tasks_chosen_in_production_keep_the_short_timeout():
    values = _settings("TASKS", "AKISMET_TIMEOUT", TASKS_BACKEND="immediate", **PRODUCTION)
    assert values["AKISMET_TIMEOUT"] == 2.0


def test_an_explicit_akismet_timeout_wins():
    assert _settings("AKISMET_TIMEOUT", AKISMET_TIMEOUT="0.5", **DEVELOPMENT) == {
        "AKISMET_TIMEOUT": 0.5
    }


# Database connections ---------------------------------------------------------------

PG = "postgres://news:pw@db.internal:5432/newsroom"


def test_production_keeps_connections_open_with_health_checks():
    default = _settings("DATABASES", DATABASE_URL=PG, **PRODUCTION)["DATABASES"]["default"]
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True
    assert default["OPTIONS"]["connect_timeout"] == 5
    assert "pool" not in default["OPTIONS"]


def test_development_closes_connections_after_each_request():
    default = _settings("DATABASES", DATABASE_URL=PG, **DEVELOPMENT)["DATABASES"]["default"]
    assert default["CONN_MAX_AGE"] == 0


def test_the_trigram_threshold_is_a_startup_option_of_every_connection():
    """No query per new connection: PostgreSQL applies `-c` options as the session starts."""
    url = PG + "?options=-c%20statement_timeout%3D5000"
    default = _settings("DATABASES", DATABASE_URL=url, **PRODUCTION)["DATABASES"]["default"]
    assert default["OPTIONS"]["options"] == (
        "-c statement_timeout=5000 -c pg_trgm.word_similarity_threshold=0.5 -c jit=off"
    )


def test_postgres_jit_is_off_unless_asked_for():
    on = _settings("DATABASES", DATABASE_URL=PG, POSTGRES_JIT="true", **PRODUCTION)["DATABASES"]
    assert "jit" not in on["default"]["OPTIONS"]["options"]


def test_database_pool_replaces_persistent_connections():
    default = _settings("DATABASES", DATABASE_URL=PG, DATABASE_POOL="true", **PRODUCTION)[
        "DATABASES"
    ]["default"]
    assert default["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert default["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 4, "timeout": 5}


def test_replica_urls_become_aliases_with_the_router():
    values = _settings(
        "DATABASES",
        "DATABASE_REPLICAS",
        "DATABASE_ROUTERS",
        DATABASE_URL=PG,
        DATABASE_REPLICA_URLS="postgres://news:pw@r1:5432/newsroom,postgres://news:pw@r2:5432/newsroom",
        **PRODUCTION,
    )
    assert values["DATABASE_REPLICAS"] == ["replica1", "replica2"]
    assert values["DATABASES"]["replica2"]["HOST"] == "r2"
    assert "pg_trgm" in values["DATABASES"]["replica1"]["OPTIONS"]["options"]
    assert values["DATABASE_ROUTERS"] == ["newsroom.db_router.PrimaryReplicaRouter"]


def test_no_replicas_no_router():
    values = _settings("DATABASE_REPLICAS", "DATABASE_ROUTERS", **PRODUCTION)
    assert values == {"DATABASE_REPLICAS": [], "DATABASE_ROUTERS": None}


# Cache, media, logs -----------------------------------------------------------------


def test_redis_url_gives_the_fail_soft_redis_cache_with_short_timeouts():
    caches = _settings("CACHES", REDIS_URL="redis://cache:6379/2", **PRODUCTION)["CACHES"]
    assert caches["default"]["BACKEND"] == "newsroom.cache.FailSoftRedisCache"
    assert caches["default"]["LOCATION"] == "redis://cache:6379/2"
    assert caches["default"]["OPTIONS"] == {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def test_sessions_can_live_in_the_cache_written_through_to_the_database():
    assert _settings("SESSION_ENGINE", **PRODUCTION) == {"SESSION_ENGINE": None}
    assert _settings("SESSION_ENGINE", SESSIONS_IN_CACHE="true", **PRODUCTION) == {
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db"
    }


def test_media_in_an_s3_bucket():
    values = _settings(
        "STORAGES",
        "SERVE_MEDIA",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="news-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.example.net",
        **PRODUCTION,
    )
    storage = values["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "news-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
    assert storage["OPTIONS"]["custom_domain"] == "media.example.net"
    assert storage["OPTIONS"]["querystring_auth"] is False
    assert storage["OPTIONS"]["object_parameters"] == {"CacheControl": "public, max-age=86400"}
    assert values["SERVE_MEDIA"] is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME."),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be filesystem or s3; got 'ftp'."),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be json or text; got 'xml'."),
    ],
)
def test_bad_values_are_refused_by_name(env, message):
    result = _run("import newsroom.settings", **env, **PRODUCTION)
    assert result.returncode != 0
    assert message in result.stderr


def test_filesystem_media_are_served_by_the_app_by_default():
    values = _settings("STORAGES", "SERVE_MEDIA", **PRODUCTION)
    assert values["STORAGES"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    assert values["SERVE_MEDIA"] is True


def test_logs_are_json_in_production_and_text_in_development():
    assert _settings("LOG_FORMAT", **PRODUCTION) == {"LOG_FORMAT": "json"}
    assert _settings("LOG_FORMAT", **DEVELOPMENT) == {"LOG_FORMAT": "text"}


# Sentry -----------------------------------------------------------------------------


class _SentryIngest(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding:
            body = f"(compressed with {encoding})".encode()
        _SentryIngest.received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_errors_go_to_sentry_when_sentry_dsn_is_set():
    """An exception in a view is reported to the DSN's ingest endpoint (here a loopback one)."""
    _SentryIngest.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SentryIngest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dsn = f"http://publickey@127.0.0.1:{server.server_address[1]}/42"
    code = """
import django, sentry_sdk
django.setup()
from django.test import Client, override_settings
from django.urls import path

def broken(request):
    raise RuntimeError("kaboom in a view")

urlpatterns = [path("broken/", broken)]
static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # no collectstatic
storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": static}
with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"], STORAGES=storages):
    response = Client(raise_request_exception=False).get("/broken/")
print(response.status_code, sentry_sdk.get_client().is_active())
sentry_sdk.flush(5)
"""
    try:
        result = _run(
            code, SENTRY_DSN=dsn, DJANGO_SETTINGS_MODULE="newsroom.settings", **PRODUCTION
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    # Logs are on stdout too (JSON lines); the script's own line is the last.
    assert result.stdout.splitlines()[-1] == "500 True"
    paths = [path for path, _ in _SentryIngest.received]
    assert paths
    assert all(path == "/api/42/envelope/" for path in paths)
    assert any(b"kaboom in a view" in body for _, body in _SentryIngest.received)


def test_nothing_goes_to_sentry_without_a_dsn():
    code = "import django, sentry_sdk; django.setup(); print(sentry_sdk.get_client().is_active())"
    result = _run(code, DJANGO_SETTINGS_MODULE="newsroom.settings", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
