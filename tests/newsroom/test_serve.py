"""`make serve` end to end: DEBUG off, gunicorn with gunicorn.conf.py, pages and images over HTTP.

The server is the real command (`make serve`: collectstatic, migrate, gunicorn)
pointed at the test database, so it needs PostgreSQL and committed data.
One server serves the whole module; the tests in it read what it logged.
"""

import html
import io
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from authors.models import Author
from tests.factories import make_article
from tests.servers import ROOT, database_url, fetch, free_port, stop, wait_for_http

pytestmark = [pytest.mark.postgres]


def _jpeg(size=(1200, 675)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "steelblue").save(buffer, "JPEG")
    return SimpleUploadedFile("harbour.jpg", buffer.getvalue())


class Server:
    def __init__(self, process, base, log_path: Path, media_root: Path):
        self.process = process
        self.base = base
        self.log_path = log_path
        self.media_root = media_root

    def get(self, path, headers=None, method="GET"):
        return fetch(self.base + path, headers, method)

    def log_lines(self) -> list[dict]:
        lines = []
        for line in self.log_path.read_text().splitlines():
            if line.startswith("{"):
                lines.append(json.loads(line))
        return lines

    def output(self) -> str:
        return self.log_path.read_text()


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, tmp_path_factory):
    """An article with a featured image, committed, and `make serve` running on it."""
    tmp = tmp_path_factory.mktemp("serve")
    media_root = tmp / "media"
    from django.conf import settings

    with django_db_blocker.unblock():
        old_media = settings.MEDIA_ROOT
        settings.MEDIA_ROOT = media_root
        try:
            article = make_article(title="Harbour at dawn", featured_image=_jpeg())
        finally:
            settings.MEDIA_ROOT = old_media
        url = database_url()
    port = free_port()
    log_path = tmp / "serve.log"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "PYTEST_ADDOPTS"}},
        "SECRET_KEY": "serve-test-secret",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media_root),
        "STATIC_ROOT": str(tmp / "static"),
        "WEB_CONCURRENCY": "2",
        "TRUSTED_PROXY_HOPS": "1",
        "SLOW_REQUEST_SECONDS": "0",  # every request is "slow": its log line shows the id
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_FORMAT": "json",
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "serve", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/healthz", timeout=180, process=process)
        yield Server(process, base, log_path, media_root), article
    finally:
        stop(process)
        with django_db_blocker.unblock():
            # What make_article committed (a flush would also drop the migrations' groups).
            article.delete()
            article.section.delete()
            Author.objects.filter(bylines__isnull=True).delete()


def test_pages_load_with_debug_off(served):
    server, article = served
    status, headers, body = server.get(article.get_absolute_url())
    assert status == 200
    assert b"Harbour at dawn" in body
    # DEBUG off: static files come from the collected manifest (hashed names).
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "no hashed stylesheet: is DEBUG off and collectstatic run?"
    status, headers, _ = server.get(stylesheet.group(1).decode())
    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]
    status, _, body = server.get("/no-such-page/")
    assert status == 404
    assert b"Traceback" not in body and b"DEBUG" not in body


def test_every_image_on_the_page_loads_as_an_image(served):
    """Renditions and the original: 200, an image type, nosniff, cacheable."""
    server, article = served
    _, _, body = server.get(article.get_absolute_url())
    page = html.unescape(body.decode())
    urls = set(re.findall(r'<img src="([^"]+)"', page))
    for srcset in re.findall(r'srcset="([^"]+)"', page):
        urls |= {candidate.strip().split(" ")[0] for candidate in srcset.split(",")}
    media_urls = {u for u in urls if u.startswith("/media/")}
    assert len(media_urls) >= 4, urls
    for url in media_urls:
        status, headers, content = server.get(url)
        assert status == 200, url
        assert headers["Content-Type"] in {"image/jpeg", "image/webp"}, url
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "public, max-age=86400"
        assert "Content-Disposition" not in headers
        with Image.open(io.BytesIO(content)) as image:
            assert image.format in {"JPEG", "WEBP"}


def test_an_uploaded_page_or_svg_is_never_served_as_one(served):
    """Whatever lands in MEDIA_ROOT, it cannot run as a page on the site's origin."""
    server, _ = served
    (server.media_root / "evil.html").write_text("<script>alert(1)</script>")
    (server.media_root / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (server.media_root / "evil.jpg.html").write_text("<script>alert(1)</script>")
    for name in ("evil.html", "evil.svg", "evil.jpg.html"):
        status, headers, _ = server.get(f"/media/{name}")
        assert status == 200
        assert headers["Content-Type"] == "application/octet-stream", name
        assert headers["Content-Disposition"].startswith("attachment"), name
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in headers["Content-Security-Policy"]


def test_media_outside_media_root_or_missing_is_a_404(served):
    server, _ = served
    for path in (
        "/media/../manage.py",
        "/media/%2e%2e/manage.py",
        "/media/..%2fmanage.py",
        "/media/no-such.jpg",
        "/media/",
    ):
        status, _, body = server.get(path)
        assert status == 404, path
        assert b"import" not in body


def test_media_answer_conditional_requests(served):
    server, article = served
    url = "/media/" + article.featured_image.name
    status, headers, _ = server.get(url)
    assert status == 200
    status, _, body = server.get(url, {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, _, _ = server.get(url, {"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304
    status, headers, body = server.get(url, method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Type"] == "image/jpeg"
    status, _, _ = server.get(url, method="POST")
    assert status in {403, 405}  # refused by CSRF or the view: never a write


def test_request_id_from_the_proxy_is_on_every_log_line_of_the_request(served):
    server, article = served
    status, headers, _ = server.get(article.get_absolute_url(), {"X-Request-ID": "edge-42.abc"})
    assert status == 200
    assert headers["X-Request-ID"] == "edge-42.abc"
    # A made-up id with odd characters is replaced by our own.
    _, headers, _ = server.get("/healthz", {"X-Request-ID": "<script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    time.sleep(0.5)  # let gunicorn flush the access line
    mine = [line for line in server.log_lines() if line.get("request_id") == "edge-42.abc"]
    loggers = {line["logger"] for line in mine}
    assert loggers == {"newsroom.requests", "gunicorn.access"}, mine
    slow = next(line for line in mine if line["logger"] == "newsroom.requests")
    assert slow["path"] == article.get_absolute_url()
    assert slow["status"] == 200
    assert isinstance(slow["duration_ms"], int)
    access = next(line for line in mine if line["logger"] == "gunicorn.access")
    assert access["status"] == 200 and access["method"] == "GET"


def test_hup_reloads_workers_without_dropping_requests(served):
    """gunicorn.conf.py: HUP replaces every worker gracefully; requests keep succeeding."""
    server, article = served
    output = server.output()
    master = int(re.search(r"Listening at: http://127\.0\.0\.1:\d+ \((\d+)\)", output).group(1))
    booted_before = set(re.findall(r"Booting worker with pid: (\d+)", output))
    assert len(booted_before) >= 2  # WEB_CONCURRENCY=2
    os.kill(master, signal.SIGHUP)
    statuses = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        statuses.append(server.get(article.get_absolute_url())[0])
        booted = set(re.findall(r"Booting worker with pid: (\d+)", server.output()))
        if len(booted - booted_before) >= 2 and len(statuses) >= 5:
            break
        time.sleep(0.2)
    assert len(booted - booted_before) >= 2, "workers were not replaced"
    assert set(statuses) == {200}
