"""Replying without JavaScript: real Reply links (?replytocom=ID#respond) that
render the form set to reply, on a page no shared cache keeps."""

import re

import pytest
from django.test import Client

from comments.models import Comment, DiscussionSettings
from tests.factories import make_article

from .helpers import comment_url, form_data, make_comment


@pytest.fixture
def article(db, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    return make_article(title="Park benches")


def test_reply_links_are_real_links(client, article):
    comment = make_comment(article, author_name="Bea")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="?replytocom={comment.pk}#respond"' in html
    assert 'id="respond"' in html


def test_reply_links_keep_the_discussion_page(client, article):
    DiscussionSettings(per_page=1).save()
    first, second = make_comment(article), make_comment(article)
    html = client.get(article.get_absolute_url() + "?cpage=2").content.decode()
    assert f'href="?cpage=2&amp;replytocom={second.pk}#respond"' in html
    assert f"replytocom={first.pk}" not in html


def test_replytocom_presets_the_parent_and_is_private(client, article):
    comment = make_comment(article, author_name="Bea")
    response = client.get(article.get_absolute_url(), {"replytocom": comment.pk})
    html = response.content.decode()
    assert re.search(rf'name="parent" value="{comment.pk}"', html)
    assert "Reply to Bea" in html
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    cancel = re.search(r'<a class="comment-form__cancel" href="([^"]+)"', html).group(1)
    assert cancel == article.get_absolute_url() + "#respond"


@pytest.mark.parametrize("value", ["", "abc", "²", "-3", "999999", "9" * 40])
def test_a_bad_replytocom_is_ignored_and_still_private(client, article, value):
    response = client.get(article.get_absolute_url(), {"replytocom": value})
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert re.search(r'name="parent"(?! value)', response.content.decode())


def test_replytocom_of_a_comment_that_cannot_be_replied_to_is_ignored(client, article):
    other = make_comment(make_article(title="Elsewhere"))
    pending = make_comment(article, status="pending")
    for target in (other, pending):
        html = client.get(article.get_absolute_url(), {"replytocom": target.pk}).content.decode()
        assert f'value="{target.pk}"' not in html
        assert "Leave a comment" in html


def test_posting_the_reply_form_saves_a_reply(article):
    parent = make_comment(article, author_name="Bea")
    client = Client()
    html = client.get(article.get_absolute_url(), {"replytocom": parent.pk}).content.decode()
    parent_value = re.search(r'name="parent" value="(\d+)"', html).group(1)
    response = client.post(comment_url(article), form_data(parent=parent_value))
    assert response.status_code == 302
    assert Comment.objects.get(parent=parent).depth == 1


def test_a_rejected_reply_comes_back_still_a_reply(client, article):
    parent = make_comment(article, author_name="Bea")
    response = client.post(comment_url(article), form_data(parent=parent.pk, email="bad"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Reply to Bea" in html
    assert re.search(rf'name="parent" value="{parent.pk}"', html)
