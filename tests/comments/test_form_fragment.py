"""The blank comment form's fields are rendered once per page-cache generation; a
form with the reader's input or a reply target is always rendered for them."""

import re

import pytest
from django.test import Client

from tests.factories import make_article

from .helpers import comment_url, form_data, make_comment


@pytest.fixture
def kept(settings, page_cache):
    settings.PAGE_CACHE_ENABLED = False
    return page_cache


def form_fields(html: str) -> str:
    return html[html.index('<div class="comment-form__field') : html.index("Post comment")]


@pytest.mark.django_db
def test_a_blank_form_is_the_same_on_every_article_and_kept(kept):
    first, second = make_article(), make_article()
    one = Client().get(first.get_absolute_url()).content.decode()
    two = Client().get(second.get_absolute_url()).content.decode()
    assert form_fields(one) == form_fields(two)
    assert 'name="comment"' in form_fields(two)
    assert any("comment-form-fields" in key for key in kept._cache)


@pytest.mark.django_db
def test_a_rejected_form_shows_the_readers_words_and_errors_not_the_kept_form(kept):
    article = make_article()
    Client().get(article.get_absolute_url())  # the blank form is kept
    response = Client().post(
        comment_url(article), form_data(comment="My kept words", email="not-an-email")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "My kept words" in form_fields(html)
    assert 'aria-invalid="true"' in form_fields(html)


@pytest.mark.django_db
def test_a_reply_form_names_its_parent_not_the_kept_blank_parent(kept):
    article = make_article()
    comment = make_comment(article)
    Client().get(article.get_absolute_url())
    html = Client().get(f"{article.get_absolute_url()}?replytocom={comment.pk}").content.decode()
    assert re.search(rf'name="parent" value="{comment.pk}"', form_fields(html))
