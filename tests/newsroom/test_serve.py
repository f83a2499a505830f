"""`make serve` end to end: DEBUG off, gunicorn with gunicorn.conf.py, pages and images over HTTP.

The server is the real command (`make serve`: collectstatic, migrate, gunicorn)
pointed at the test database, so it needs PostgreSQL and committed data.
One server serves the whole module; the tests in it read what it logged.
"""

import html
import http.client as http_client
import io
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from authors.models import Author
from tests.factories import make_article
from tests.servers import ROOT, database_url, fetch, free_port, stop, wait_for_http

# One `make serve` for the module: keep its tests on one xdist worker.
pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("serve")]


def _jpeg(size=(1200, 675)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "steelblue").save(buffer, "JPEG")
    return SimpleUploadedFile("harbour.jpg", buffer.getvalue())


class Server:
    def __init__(self, process, base, log_path: Path, media_root: Path, static_root: Path):
        self.process = process
        self.base = base
        self.log_path = log_path
        self.media_root = media_root
        self.static_root = static_root

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
        process = subprocess.Popen(  # noqa: S603
            ["make", "--no-print-directory", "-o", ".venv/.installed", "serve", f"PORT={port}"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/healthz", timeout=180, process=process)
        yield Server(process, base, log_path, media_root, tmp / "static"), article
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
    assert b"Traceback" not in body
    assert b"DEBUG" not in body


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
    assert status == 304
    assert body == b""
    status, _, _ = server.get(url, {"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304
    status, headers, body = server.get(url, method="HEAD")
    assert status == 200
    assert body == b""
    assert headers["Content-Type"] == "image/jpeg"
    status, _, _ = server.get(url, method="POST")
    assert status in {403, 405}  # refused by CSRF or the view: never a write


def test_request_id_from_the_proxy_is_on_every_log_line_of_the_request(served):
    server, article = served
    # A query string of its own: rendered by Django (a miss), not answered from the cache.
    url = article.get_absolute_url() + "?from=edge"
    status, headers, _ = server.get(url, {"X-Request-ID": "edge-42.abc"})
    assert status == 200
    assert headers["X-Request-ID"] == "edge-42.abc"
    assert headers["X-Page-Cache"] == "miss"
    # The page cache's front door answers the repeat before Django runs: same id rule.
    status, headers, _ = server.get(url, {"X-Request-ID": "edge-43.abc"})
    assert (status, headers["X-Page-Cache"]) == (200, "hit")
    assert headers["X-Request-ID"] == "edge-43.abc"
    # A made-up id with odd characters is replaced by our own.
    _, headers, _ = server.get("/privacy/", {"X-Request-ID": "<script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    time.sleep(0.5)  # let gunicorn flush the access line
    mine = [line for line in server.log_lines() if line.get("request_id") == "edge-42.abc"]
    loggers = {line["logger"] for line in mine}
    assert loggers == {"newsroom.requests", "gunicorn.access"}, mine
    slow = next(line for line in mine if line["logger"] == "newsroom.requests")
    assert slow["path"] == article.get_absolute_url()  # the path, without the query
    assert slow["status"] == 200
    assert isinstance(slow["duration_ms"], int)
    access = next(line for line in mine if line["logger"] == "gunicorn.access")
    assert access["status"] == 200
    assert access["method"] == "GET"


def test_hup_reloads_workers_without_dropping_requests(served):
    """gunicorn.conf.py: HUP replaces every worker gracefully; requests keep succeeding."""
    server, article = served
    output = server.output()
    master = int(re.search(r"Listening at: http://127\.0\.0\.1:\d+ \((\d+)\)", output).group(1))
    booted_before = set(re.findall(r"Booting worker with pid: (\d+)", output))
    assert len(booted_before) >= 2  # WEB_CONCURRENCY=2
    os.kill(master, signal.SIGHUP)
    statuses = []
    deadline = time.monotonic() + 240  # booting workers on a loaded machine takes a while
    while time.monotonic() < deadline:
        statuses.append(server.get(article.get_absolute_url())[0])
        booted = set(re.findall(r"Booting worker with pid: (\d+)", server.output()))
        if len(booted - booted_before) >= 2 and len(statuses) >= 5:
            break
        time.sleep(0.2)
    assert len(booted - booted_before) >= 2, ("workers were not replaced", statuses)
    assert set(statuses) == {200}, statuses


# nginx in front (deploy/nginx.conf) ---------------------------------------------------


@pytest.fixture(scope="module")
def nginx(served, tmp_path_factory):
    """deploy/nginx.conf, with this machine's ports and paths, in front of the server."""
    server, _ = served
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists() or shutil.which("openssl") is None:
        pytest.skip("nginx and openssl are needed")
    tmp = tmp_path_factory.mktemp("nginx")
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",  # noqa: S607
         "-subj", "/CN=localhost", "-keyout", tmp / "key.pem", "-out", tmp / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    http_port = free_port()
    https_port = free_port(exclude={http_port})
    gunicorn_port = server.base.rsplit(":", 1)[1]
    site = (ROOT / "deploy/nginx.conf").read_text()
    for old, new in [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{gunicorn_port};"),
        ("/srv/newsroom/staticfiles/", f"{server.static_root}/"),
        ("/srv/newsroom/media/", f"{server.media_root}/"),
        ("/etc/letsencrypt/live/news.example.com/fullchain.pem", str(tmp / "cert.pem")),
        ("/etc/letsencrypt/live/news.example.com/privkey.pem", str(tmp / "key.pem")),
        ("/var/log/nginx/newsroom.access.log", str(tmp / "access.log")),
        ("listen [::]:80;", ""),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl;"),
    ]:
        assert old in site, old
        site = site.replace(old, new)
    (tmp / "site.conf").write_text(site)
    temp_paths = " ".join(
        f"{kind}_temp_path {tmp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp / "nginx.conf").write_text(
        f"daemon off; user root; worker_processes 1; pid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ {temp_paths} access_log off; include {tmp}/site.conf; }}\n"
    )
    process = subprocess.Popen(  # noqa: S603
        [binary, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "stderr.log").open("w"),
        start_new_session=True,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{http_port}/", timeout=30, process=process)
        yield f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", tmp
    finally:
        stop(process, sig=signal.SIGQUIT)


def _https(url, headers=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60, context=context) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_nginx_serves_media_itself_with_the_same_safe_headers(served, nginx):
    server, article = served
    https, _, _ = nginx
    url = "/media/" + article.featured_image.name
    lines_before = len(server.log_lines())
    status, headers, body = _https(https + url)
    assert status == 200
    assert headers["Server"].startswith("nginx")
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "public, max-age=86400"
    assert "Content-Disposition" not in headers
    with Image.open(io.BytesIO(body)) as image:
        assert image.format == "JPEG"
    time.sleep(0.3)
    assert not [line for line in server.log_lines()[lines_before:] if line.get("path") == url], (
        "the image went through gunicorn"
    )

    (server.media_root / "nginx-evil.html").write_text("<script>alert(1)</script>")
    (server.media_root / "nginx-evil.svg").write_text("<svg><script>alert(1)</script></svg>")
    for name in ("nginx-evil.html", "nginx-evil.svg"):
        status, headers, _ = _https(f"{https}/media/{name}")
        assert status == 200
        assert headers["Content-Type"] == "application/octet-stream", name
        assert headers["Content-Disposition"] == "attachment", name
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_nginx_serves_static_files_and_proxies_pages_with_a_request_id(served, nginx):
    server, article = served
    https, http, tmp = nginx
    status, headers, body = _https(https + article.get_absolute_url())
    assert status == 200
    assert b"Harbour at dawn" in body
    request_id = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, kept by the app
    time.sleep(0.3)
    assert f"request_id={request_id}" in (tmp / "access.log").read_text()
    assert any(line.get("request_id") == request_id for line in server.log_lines())

    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body).group(1)
    status, headers, _ = _https(https + stylesheet.decode())
    assert status == 200
    assert headers["Server"].startswith("nginx")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"

    host, port = http.removeprefix("http://").split(":")
    connection = http_client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", "/section/news/", headers={"Host": "news.example.com"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.headers["Location"] == "https://news.example.com/section/news/"
    connection.close()
