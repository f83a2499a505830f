"""The reader's comment form: posting, validation rules, cookies. No input is a 500."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.forms import DUPLICATE_MESSAGE
from comments.models import Comment, DiscussionSettings
from tests.factories import make_article

from .helpers import comment_url, form_data, make_comment


@pytest.fixture
def article(db):
    return make_article(title="Harbour plans")


def post(client, article, capture, **overrides):
    with capture(execute=True):
        return client.post(comment_url(article), form_data(**overrides))


def test_reader_comment_is_saved_pending_and_redirects_to_its_anchor(
    client, article, django_capture_on_commit_callbacks
):
    response = post(
        client, article, django_capture_on_commit_callbacks, comment="Hello <b>there</b>"
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert comment.body == "Hello <b>there</b>"
    assert comment.ip_address == "127.0.0.1"
    assert "private" in response["Cache-Control"]


def test_poster_sees_own_pending_comment_and_nobody_else_does(
    client, article, django_capture_on_commit_callbacks
):
    """Policy: a pending comment is visible only to the browser that posted it."""
    post(client, article, django_capture_on_commit_callbacks, comment="Mine, awaiting")
    page = client.get(article.get_absolute_url())
    assert "Your comment is awaiting moderation." in page.content.decode()
    assert "Mine, awaiting" in page.content.decode()
    assert "private" in page["Cache-Control"]

    from django.test import Client

    other = Client().get(article.get_absolute_url())
    assert "Mine, awaiting" not in other.content.decode()
    assert "public" in other["Cache-Control"]


def test_comment_is_escaped_on_output(client, article):
    make_comment(article, body="<script>alert(1)</script> see https://example.org/x")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="https://example.org/x" rel="nofollow ugc noopener"' in html


def test_name_and_website_are_escaped_in_text_and_in_attributes(client, article):
    """The name goes into the text, the aria-label and the Reply link's data attribute;
    the website into an href: quotes and angle brackets are escaped in each."""
    name = 'Eve "><img src=x onerror=alert(1)>'
    make_comment(article, author_name=name, author_url='https://eve.example/"onmouseover="x')
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert '"onmouseover="' not in html
    escaped = "Eve &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert f'aria-label="Comment by {escaped}"' in html
    assert f'data-reply-name="{escaped}"' in html
    assert f"<bdi>{escaped}</bdi>" in html
    assert 'href="https://eve.example/&quot;onmouseover=&quot;x"' in html


def test_name_links_to_website_with_nofollow_ugc_noopener_and_email_is_never_shown(client, article):
    make_comment(
        article, author_name="Bo", author_url="https://bo.example/", author_email="bo@x.example"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://bo.example/" rel="nofollow ugc noopener"><bdi>Bo</bdi></a>' in html
    assert "bo@x.example" not in html


def test_form_shows_fields_consent_honeypot_and_akismet_notice(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    for text in [
        'name="comment"',
        'name="name"',
        'name="email"',
        'name="url"',
        "Save my name, email, and website in this browser for the next time I comment.",
        'name="homepage"',
        "This site uses Akismet to reduce spam.",
        "Learn how your comment data is processed",
        'href="/privacy/#comments"',
    ]:
        assert text in html, text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"comment": ""}, "comment", "Please write a comment."),
        ({"name": ""}, "name", "Please give a name"),
        ({"email": ""}, "email", "Please give your email address"),
        ({"email": "not-an-email"}, "email", "Please enter a valid email address"),
        ({"name": "n" * 101}, "name", "at most 100 characters"),
        ({"email": "a" * 250 + "@x.com"}, "email", "at most 254 characters"),
        ({"url": "https://x.example/" + "a" * 200}, "url", "at most 200 characters"),
        ({"url": "javascript:alert(1)"}, "url", "starting with http:// or https://"),
        ({"url": "ftp://files.example/"}, "url", "starting with http:// or https://"),
        ({"comment": "x" * 5001}, "comment", "Please keep your comment to 5,000 characters"),
    ],
)
def test_invalid_fields_return_the_form_filled_in_with_a_message(
    client, article, overrides, field, message
):
    data = form_data(**overrides)
    response = client.post(comment_url(article), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count(message) == 1, "each problem is said once"
    assert Comment.objects.count() == 0
    if data["name"] and field != "name":
        assert f'value="{data["name"]}"' in html
    assert "private" in response["Cache-Control"]


def test_null_bytes_and_odd_input_are_rejected_not_500(client, article):
    for data in [
        form_data(comment="bad\x00byte"),
        {"comment": ["a", "b"], "name": "x"},
        {},
        form_data(parent="'; DROP TABLE"),
        form_data(parent="99999999999999999999999"),
        form_data(parent="-1"),
    ]:
        response = client.post(comment_url(article), data)
        assert response.status_code in (400, 429), data
    assert Comment.objects.count() == 0


def test_duplicate_comment_is_refused(client, article, django_capture_on_commit_callbacks):
    """Policy: same article, same email, same text → 'already said that'."""
    make_comment(article, author_email="dup@example.com", body="Same words")
    response = client.post(
        comment_url(article), form_data(email="DUP@example.com", comment="Same words")
    )
    assert response.status_code == 400
    assert DUPLICATE_MESSAGE.replace("’", "&#x27;") in response.content.decode() or (
        DUPLICATE_MESSAGE in response.content.decode()
    )
    assert Comment.objects.count() == 1


def test_posting_again_within_flood_interval_is_429_with_form_kept(
    client, article, django_capture_on_commit_callbacks
):
    """Policy: one comment per IP per COMMENTS_FLOOD_SECONDS."""
    post(client, article, django_capture_on_commit_callbacks)
    response = client.post(comment_url(article), form_data(name="Quick Fingers"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "posting comments too quickly" in html
    assert 'value="Quick Fingers"' in html
    assert Comment.objects.count() == 1


def test_flood_interval_is_per_ip(client, article, django_capture_on_commit_callbacks):
    post(client, article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(comment_url(article), form_data(), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert Comment.objects.count() == 2


def test_comments_closed_by_switch(client, db):
    article = make_article(comment_policy=Article.CommentPolicy.CLOSED)
    assert "Comments are closed." in client.get(article.get_absolute_url()).content.decode()
    response = client.post(comment_url(article), form_data())
    assert response.status_code == 403
    assert "Comments are closed." in response.content.decode()
    assert Comment.objects.count() == 0


def test_comments_close_automatically_after_the_configured_days(client, settings, db):
    """Policy: comments close COMMENTS_CLOSE_AFTER_DAYS after publication."""
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = make_article(published_at=timezone.now() - timedelta(days=31))
    recent = make_article(published_at=timezone.now() - timedelta(days=29))
    assert "Comments are closed." in client.get(old.get_absolute_url()).content.decode()
    assert 'id="comment-form"' not in client.get(old.get_absolute_url()).content.decode()
    assert client.post(comment_url(old), form_data()).status_code == 403
    assert 'id="comment-form"' in client.get(recent.get_absolute_url()).content.decode()


def test_editors_close_after_days_overrides_the_environment(client, settings, db):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    DiscussionSettings(close_after_days=2).save()
    article = make_article(published_at=timezone.now() - timedelta(days=3))
    response = client.post(comment_url(article), form_data())
    assert response.status_code == 403
    assert "Comments are closed." in response.content.decode()
    assert Comment.objects.count() == 0


def test_unpublished_article_is_404(client, db):
    draft = make_article(live=False)
    assert client.post(draft.get_absolute_url() + "comment/", form_data()).status_code == 404
    future = make_article(published_at=timezone.now() + timedelta(days=1))
    assert client.post(comment_url(future), form_data()).status_code == 404


def test_get_on_comment_url_is_405(client, article):
    assert client.get(comment_url(article)).status_code == 405


def test_reply_to_comment_of_another_article_is_400(client, article):
    other = make_comment(make_article())
    response = client.post(comment_url(article), form_data(parent=str(other.pk)))
    assert response.status_code == 400
    assert Comment.objects.filter(article=article).count() == 0


@pytest.mark.parametrize("status", ["pending", "spam", "trash"])
def test_reply_to_comment_that_is_not_approved_is_400(client, article, status):
    parent = make_comment(article, status=status)
    response = client.post(comment_url(article), form_data(parent=str(parent.pk)))
    assert response.status_code == 400
    assert "That comment cannot be replied to." in response.content.decode()
    assert list(Comment.objects.all()) == [parent]


def test_reply_is_stored_with_parent_and_depth(client, article, django_capture_on_commit_callbacks):
    parent = make_comment(article)
    post(client, article, django_capture_on_commit_callbacks, parent=str(parent.pk))
    reply = Comment.objects.exclude(pk=parent.pk).get()
    assert reply.parent == parent
    assert reply.depth == 1


def test_reply_deeper_than_max_depth_is_400(
    client, article, settings, django_capture_on_commit_callbacks
):
    """Policy: replies nest at most COMMENTS_MAX_DEPTH levels (3 → depths 0, 1, 2)."""
    settings.COMMENTS_MAX_DEPTH = 3
    top = make_comment(article)
    second = make_comment(article, parent=top)
    third = make_comment(article, parent=second)
    response = client.post(comment_url(article), form_data(parent=str(third.pk)))
    assert response.status_code == 400
    assert "Replies cannot be nested this deeply." in response.content.decode()
    assert not Comment.objects.filter(parent=third).exists()
    response = post(client, article, django_capture_on_commit_callbacks, parent=str(second.pk))
    assert response.status_code == 302
    assert Comment.objects.latest("pk").depth == 2


def test_remember_me_cookie_is_set_only_with_consent(
    client, article, django_capture_on_commit_callbacks
):
    response = post(client, article, django_capture_on_commit_callbacks)
    assert (
        not response.cookies.get("comment_author") or not response.cookies["comment_author"].value
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            comment_url(article),
            form_data(name="Kept", remember="on"),
            REMOTE_ADDR="203.0.113.5",
        )
    assert "Kept" in response.cookies["comment_author"].value


def test_filled_honeypot_is_spam_without_asking_akismet(
    client, article, akismet_http, django_capture_on_commit_callbacks
):
    """Policy: the akismet client cannot send the honeypot, so we decide ourselves."""
    response = post(
        client, article, django_capture_on_commit_callbacks, homepage="http://buy.example"
    )
    assert response["Location"] == article.get_absolute_url() + "#comments"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert comment.spam_verdict == Comment.Verdict.HONEYPOT
    assert akismet_http.requests == []


def test_public_article_page_carries_no_csrf_token_or_cookie(client, article):
    """Policy: the article page is shared by caches, so it holds nothing per reader:
    no token in the form, no Set-Cookie, no Vary: Cookie (comments.js fetches one)."""
    page = client.get(article.get_absolute_url())
    assert page["Cache-Control"].startswith("public")
    assert "csrftoken" not in page.cookies
    assert "Cookie" not in page.get("Vary", "")
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="">' in page.content.decode()


def test_token_endpoint_is_private_and_its_token_posts_a_comment(csrf_client, article):
    response = csrf_client.get(reverse("comments:csrf"))
    assert response["Cache-Control"] == "private, no-cache, no-store, max-age=0"
    token = response.json()["token"]
    assert "csrftoken" in response.cookies
    response = csrf_client.post(
        comment_url(article), form_data(csrfmiddlewaretoken=token, comment="With a token.")
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "With a token."


def test_post_without_a_token_saves_nothing_and_gives_the_form_back_to_post_again(
    csrf_client, article
):
    """No JavaScript (or a forged cross-site post): nothing is saved; the reader gets
    the form back, filled in, on a private page whose token lets them post it."""
    response = csrf_client.post(comment_url(article), form_data(comment="Typed without JS."))
    assert response.status_code == 403
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert "has not been posted yet" in html
    assert "Typed without JS." in html
    assert response["Cache-Control"] == "private, no-cache, no-store, max-age=0"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = csrf_client.post(
        comment_url(article), form_data(comment="Typed without JS.", csrfmiddlewaretoken=token)
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_cross_site_post_with_a_token_is_refused(csrf_client, article):
    token = csrf_client.get(reverse("comments:csrf")).json()["token"]
    response = csrf_client.post(
        comment_url(article),
        form_data(csrfmiddlewaretoken=token),
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_page_after_posting_is_private_even_when_the_comment_is_not_shown(
    client, article, django_capture_on_commit_callbacks
):
    """Policy: the thank-you message is this reader's; a shared cache must not keep it."""
    post(client, article, django_capture_on_commit_callbacks, homepage="bot was here")
    page = client.get(article.get_absolute_url())
    assert "awaiting moderation" in page.content.decode()
    assert "private" in page["Cache-Control"]
    assert "public" in client.get(article.get_absolute_url())["Cache-Control"]
