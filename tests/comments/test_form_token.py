"""Posting from the cached public page without JavaScript: the form's signed
token plus the browser's Origin (or Referer) stand in for the CSRF cookie.

Policy: one press posts for a reader without JavaScript; a cross-site forged
post is refused and saves nothing; the public page carries nothing per-reader.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from comments import form_token
from comments.models import Comment
from tests.factories import make_article

from .helpers import comment_url, form_data

SITE = "http://testserver"


@pytest.fixture
def article(db, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    return make_article(title="Tram extension")


@pytest.fixture
def browser_client():
    """A client that enforces CSRF like a real browser session without a CSRF cookie."""
    return Client(enforce_csrf_checks=True)


def token_on_page(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def test_public_page_carries_a_form_token_and_nothing_per_reader(browser_client, article):
    response = browser_client.get(article.get_absolute_url())
    html = response.content.decode()
    assert 'name="form_token" value="' in html
    assert re.search(r'name="csrfmiddlewaretoken" value=""', html)
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    # The token names the article only: any reader's copy of the page posts.
    assert form_token.token_valid(token_on_page(Client(), article), article)


def test_one_press_with_the_pages_token_and_a_same_site_origin(browser_client, article):
    token = token_on_page(browser_client, article)
    response = browser_client.post(
        comment_url(article), form_data(form_token=token), HTTP_ORIGIN=SITE
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_without_origin_a_same_site_referer_is_enough(browser_client, article):
    token = token_on_page(browser_client, article)
    response = browser_client.post(
        comment_url(article),
        form_data(form_token=token),
        HTTP_REFERER=SITE + article.get_absolute_url(),
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_REFERER": "https://evil.example/page"},
        {},  # neither header: Django's own CSRF check decides, and there is no cookie
    ],
)
def test_cross_site_forged_post_is_refused_and_nothing_saved(browser_client, article, headers):
    token = token_on_page(browser_client, article)  # a forger can read the public page too
    response = browser_client.post(comment_url(article), form_data(form_token=token), **headers)
    assert response.status_code == 403
    assert not Comment.objects.exists()
    assert "has not been posted yet" in response.content.decode()


def test_trusted_origins_are_respected(browser_client, article, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.news.example"]
    token = token_on_page(browser_client, article)
    ok = browser_client.post(
        comment_url(article), form_data(form_token=token), HTTP_ORIGIN="https://www.news.example"
    )
    assert ok.status_code == 302
    refused = browser_client.post(
        comment_url(article), form_data(form_token=token), HTTP_ORIGIN="http://www.news.example"
    )
    assert refused.status_code == 403
    assert Comment.objects.count() == 1


def test_a_token_for_another_article_or_forged_is_refused(browser_client, article):
    other = make_article(title="Another story")
    for token in [form_token.make_token(other), "garbage", form_token.make_token(article) + "x"]:
        response = browser_client.post(
            comment_url(article), form_data(form_token=token), HTTP_ORIGIN=SITE
        )
        assert response.status_code == 403
    assert not Comment.objects.exists()


def test_an_expired_token_gives_the_form_back_to_post_again(browser_client, article):
    """Nothing typed is lost: the form comes back filled in, with a CSRF token."""
    with time_machine.travel(timezone.now() - form_token.FORM_TOKEN_MAX_AGE - timedelta(hours=1)):
        old = form_token.make_token(article)
    response = browser_client.post(
        comment_url(article),
        form_data(form_token=old, comment="Kept words."),
        HTTP_ORIGIN=SITE,
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Kept words." in html
    assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', html)
    assert "private" in response["Cache-Control"]
    assert not Comment.objects.exists()


def test_the_csrf_cookie_path_still_works(browser_client, article):
    """A page that carries Django's token (JavaScript fetched it) posts as before."""
    token = browser_client.get("/comments/csrf/").json()["token"]
    response = browser_client.post(
        comment_url(article), form_data(csrfmiddlewaretoken=token), HTTP_ORIGIN=SITE
    )
    assert response.status_code == 302


def test_the_token_is_the_same_all_hour_so_renders_share_an_etag(article):
    """Two renders of the page a few minutes apart are the same bytes (one ETag)."""
    start = timezone.now().replace(minute=0, second=5, microsecond=0)
    with time_machine.travel(start, tick=False):
        first = form_token.make_token(article)
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert form_token.make_token(article) == first
        assert form_token.token_valid(first, article)
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert form_token.make_token(article) != first
