"""Security headers: a strict CSP on public pages, the admin's own policy, and friends."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.views.decorators.csp import csp_override

from newsroom.security import ContentSecurityPolicyMiddleware
from tests.articles.test_images import upload
from tests.comments.helpers import make_comment
from tests.factories import make_article, make_author, make_section, make_tag


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def site(db):
    """An article with comments, tags, a byline and a featured image, in a section."""
    author = make_author("Ada Author", slug="ada")
    article = make_article(
        title="Harbour reopens",
        section=make_section("News", slug="news"),
        tags=[make_tag("Harbour", slug="harbour")],
        authors=[author],
        featured_image=upload(),
    )
    make_comment(article, body="Good news for the harbour.")
    return article


def public_urls(article):
    year = article.published_at.year
    return [
        "/",
        article.get_absolute_url(),
        "/section/news/",
        "/tag/harbour/",
        "/author/ada/",
        "/archive/",
        f"/archive/{year}/",
        "/search/?q=harbour",
        "/privacy/",
        "/corrections/",
        "/no-such-page/",
    ]


@pytest.mark.django_db
def test_public_pages_send_the_strict_policy(site):
    """script-src 'self', no inline without a nonce, no plugins, no <base>, no framing."""
    client = Client()
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"][0] == "'self'", url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert all(v == "'self'" or v.startswith("'nonce-") for v in policy["script-src"])
        assert all(v == "'self'" or v.startswith("'nonce-") for v in policy["style-src"])
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["default-src"] == ["'self'"]
        assert "Content-Security-Policy-Report-Only" not in response


class _InlineFinder(HTMLParser):
    """Collects inline scripts, style elements and style attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.found.append(f"<{tag} style=…>")
        if any(name.startswith("on") for name in attrs):
            self.found.append(f"<{tag} on…=>")
        if tag == "style" and "nonce" not in attrs:
            self.found.append("<style>")
        if (
            tag == "script"
            and "src" not in attrs
            and "nonce" not in attrs
            and attrs.get("type") != "application/ld+json"  # data, never executed
        ):
            self.found.append("<script> without src")


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style(site):
    client = Client()
    for url in public_urls(site):
        finder = _InlineFinder()
        finder.feed(client.get(url).content.decode())
        assert finder.found == [], url


@pytest.mark.django_db
def test_admin_pages_send_the_admin_policy(editor_client):
    """Scripts are still only ours or nonced; inline styles (the prose editor's) are allowed."""
    response = editor_client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    policy = directives(header)
    assert policy["script-src"][0] == "'self'"
    assert policy["script-src"][1].startswith("'nonce-")
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    # The prose editor's import map is an inline script: it carries the nonce.
    nonce = policy["script-src"][1][len("'nonce-") : -1]
    html = response.content.decode()
    assert re.search(rf'<script type="importmap"[^>]*nonce="{nonce}"', html)


@pytest.mark.django_db
def test_report_only_mode_reports_instead_of_enforcing(site, settings):
    settings.CSP_REPORT_ONLY = True
    settings.SECURE_CSP_REPORT_ONLY = settings.SECURE_CSP
    settings.SECURE_CSP = {}
    client = Client()
    response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert "'self'" in response["Content-Security-Policy-Report-Only"]
    login = client.get("/admin/login/")
    assert "Content-Security-Policy" not in login
    assert "'unsafe-inline'" in login["Content-Security-Policy-Report-Only"]


@pytest.mark.django_db
def test_permissions_policy_and_cross_origin_opener_policy(site):
    response = Client().get("/")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_csrf_cookie_is_http_only_and_the_token_comes_from_its_endpoint():
    response = Client().get("/comments/csrf/")
    assert response.cookies["csrftoken"]["httponly"] is True
    assert len(response.json()["token"]) == 64


def test_comments_js_takes_the_token_from_the_endpoint_not_the_cookie():
    source = (Path(__file__).resolve().parents[2] / "static/js/comments.js").read_text()
    assert "data-csrf-url" in source
    assert "csrftoken" not in source


@override_settings(CSP_REPORT_ONLY=False)
def test_a_views_own_policy_is_kept():
    @csp_override({"default-src": ["'none'"]})
    def view(request):
        return HttpResponse()

    request = RequestFactory().get("/admin/anything/")
    response = ContentSecurityPolicyMiddleware(view)(request)
    assert response["Content-Security-Policy"] == "default-src 'none'"
