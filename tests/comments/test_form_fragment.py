"""The blank comment form's fields are rendered once per page-cache generation; a
form with the reader's input or a reply target is always rendered for them."""

import re

import pytest
from django.test import Client

from tests.factories import make_article

from .helpers import comment_url, form_data, make_comment


def form_fields(html: str) -> str:
    return html[html.index('<div class="comment-form__field') : html.index("Post comment")]


@pytest.mark.django_db
def test_a_blank_form_is_the_same_on_every_article_and_kept(fragment_cache):
    first, second = make_article(), make_article()
    one = Client().get(first.get_absolute_url()).content.decode()
    two = Client().get(second.get_absolute_url()).content.decode()
    assert form_fields(one) == form_fields(two)
    assert 'name="comment"' in form_fields(two)
    assert any("comment-form-fields" in key for key in fragment_cache._cache)


@pytest.mark.django_db
def test_a_rejected_form_shows_the_readers_words_and_errors_not_the_kept_form(fragment_cache):
    article = make_article()
    Client().get(article.get_absolute_url())  # the blank form is fragment_cache
    response = Client().post(
        comment_url(article), form_data(comment="My fragment_cache words", email="not-an-email")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "My fragment_cache words" in form_fields(html)
    assert 'aria-invalid="true"' in form_fields(html)


@pytest.mark.django_db
def test_a_reply_form_names_its_parent_not_the_kept_blank_parent(fragment_cache):
    article = make_article()
    comment = make_comment(article)
    Client().get(article.get_absolute_url())
    html = Client().get(f"{article.get_absolute_url()}?replytocom={comment.pk}").content.decode()
    assert re.search(rf'name="parent" value="{comment.pk}"', form_fields(html))
