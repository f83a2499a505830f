"""A Redis outage is a cache miss, not an error page, and is logged once.

Against a port where nothing listens, and against a redis-server of the test's
own (started on a free port, then stopped and started again).
"""

import logging
import shutil
import subprocess
import time

import akismet
import pytest
from django.core.cache import caches
from django.test import Client

from comments import spam
from comments.models import Comment
from newsroom import cache as fail_soft
from tests.comments.helpers import comment_url, form_data
from tests.factories import make_article
from tests.servers import free_port


def _cache_settings(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "newsroom.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "newsroom-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture(autouse=True)
def _fresh_outage_state(monkeypatch):
    monkeypatch.setattr(fail_soft, "outage", fail_soft._Outage())


@pytest.fixture
def dead_redis(settings):
    """REDIS_URL pointing at a port with nothing listening."""
    settings.CACHES = _cache_settings(free_port())


def _outage_logs(caplog):
    return [r for r in caplog.records if r.name == "newsroom.cache"]


def test_every_operation_is_a_miss_when_redis_is_unreachable(dead_redis):
    cache = caches["default"]
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == []
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.touch("k") is False
    cache.delete_many(["a"])
    assert cache.get_or_set("k", 5) == 5
    with pytest.raises(ValueError, match="cache unavailable"):
        cache.incr("k")


def test_the_outage_is_logged_once_not_per_call(dead_redis, caplog, monkeypatch):
    monkeypatch.setattr(fail_soft, "RETRY_SECONDS", 0)  # try Redis on every call
    caplog.set_level(logging.INFO, logger="newsroom.cache")
    cache = caches["default"]
    for _ in range(20):
        cache.get("k")
        cache.set("k", 1)
    (record,) = _outage_logs(caplog)
    assert record.levelname == "ERROR"
    assert "Redis cache unreachable" in record.getMessage()
    assert "serving without the cache" in record.getMessage()


def test_after_a_failure_redis_is_left_alone_for_a_while(dead_redis, monkeypatch):
    """A dead Redis must not cost every cache call a connection attempt."""
    cache = caches["default"]
    cache.get("k")  # fails, opens the outage window
    attempts = []
    monkeypatch.setattr(
        fail_soft.RedisCacheClient,
        "get_client",
        lambda *a, **kw: attempts.append(1) or pytest.fail("Redis was tried during the window"),
    )
    for _ in range(10):
        assert cache.get("k") is None
    assert attempts == []


@pytest.mark.akismet_client(comment_check_response=akismet.CheckResponse.HAM)
def test_pages_and_a_checked_comment_with_redis_unreachable(
    dead_redis,
    db,
    caplog,
    settings,
    monkeypatch,
    akismet_sync_class,
    django_capture_on_commit_callbacks,
):
    """The Akismet key status lives in the cache: without it the key is verified again, and
    the comment is still checked. Pages answer 200; the outage is one log line."""
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_BLOG_URL = "https://news.example"
    monkeypatch.setattr(spam, "CLIENT_CLASS", akismet_sync_class)
    caplog.set_level(logging.INFO, logger="newsroom.cache")
    article = make_article(title="Served without a cache")
    client = Client()
    for url in ("/", article.get_absolute_url(), "/feed/", "/search/?q=cache"):
        response = client.get(url)
        assert response.status_code == 200, url
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(comment_url(article), form_data(comment="Still checked"))
    assert response.status_code == 302
    comment = Comment.objects.get(body="Still checked")
    assert comment.spam_verdict == Comment.Verdict.HAM
    assert len(_outage_logs(caplog)) == 1


def test_readyz_reports_the_cache_when_redis_is_unreachable(dead_redis, db, client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


@pytest.fixture
def own_redis(settings, tmp_path):
    """A redis-server of our own on a free port: (start, stop) functions; started."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = None

    def start():
        nonlocal process
        process = subprocess.Popen(  # noqa: S603
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        ping = [shutil.which("redis-cli") or "redis-cli", "-p", str(port), "ping"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            answer = subprocess.run(ping, capture_output=True, text=True)  # noqa: S603
            if answer.stdout.strip() == "PONG":
                return
            time.sleep(0.1)
        raise TimeoutError("redis-server did not start")

    def stop():
        process.terminate()
        process.wait(10)

    settings.CACHES = _cache_settings(port)
    start()
    yield start, stop
    if process.poll() is None:
        stop()


def test_redis_stopped_then_started_again(own_redis, db, caplog, monkeypatch):
    """Up: values are kept. Stopped: misses, pages still 200, one log line. Back: kept again."""
    start, stop = own_redis
    monkeypatch.setattr(fail_soft, "RETRY_SECONDS", 0)
    caplog.set_level(logging.INFO, logger="newsroom.cache")
    cache = caches["default"]
    article = make_article()

    cache.set("greeting", "hello")
    assert cache.get("greeting") == "hello"

    stop()
    assert cache.get("greeting") is None
    for _ in range(3):
        assert Client().get(article.get_absolute_url()).status_code == 200
    assert Client().get("/readyz").status_code == 503

    start()
    cache.set("greeting", "back")
    assert cache.get("greeting") == "back"
    assert Client().get("/readyz").status_code == 200
    messages = [r.getMessage() for r in _outage_logs(caplog)]
    assert len(messages) == 2
    assert messages[0].startswith("Redis cache unreachable (ConnectionError")
    assert messages[1] == "Redis cache reachable again."
