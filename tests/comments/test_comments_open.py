"""DiscussionSettings.comments_open: when readers may comment on an article.

The close-after days count from when the article went live on this site, so an
archive piece published today with its original date is open for the full
period; each article may keep the site policy, stay open or be closed.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from comments.models import DiscussionSettings
from tests.factories import make_article

from .helpers import comment_url, form_data

Policy = Article.CommentPolicy


@pytest.fixture
def policy(db):
    return DiscussionSettings(close_after_days=14)


def test_backdated_article_published_today_is_open_for_the_full_period(client, editor, policy):
    """An archive piece dated 2011 goes live today: its comments must not close at once."""
    policy.save()
    article = make_article(live=False, published_at=timezone.now().replace(year=2011))
    workflow.publish(article=article, actor=editor)
    article.refresh_from_db()
    assert article.published_at.year == 2011
    assert article.went_live_at >= timezone.now() - timedelta(minutes=1)
    assert policy.comments_open(article)
    assert policy.comments_open(article, now=timezone.now() + timedelta(days=13))
    assert not policy.comments_open(article, now=timezone.now() + timedelta(days=15))
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'id="comment-form"' in page
    assert client.post(comment_url(article), form_data()).status_code != 403


def test_scheduled_article_counts_from_when_its_schedule_comes(editor, policy):
    at = timezone.now() + timedelta(days=3)
    article = make_article(live=False)
    workflow.publish(article=article, actor=editor, at=at)
    article.refresh_from_db()
    assert article.went_live_at == at
    assert policy.comments_close_at(article) == at + timedelta(days=14)


def test_article_without_a_went_live_time_counts_from_its_date(policy):
    """Articles published before the went-live time was recorded keep the old rule."""
    article = make_article(published_at=timezone.now() - timedelta(days=15))
    assert article.went_live_at is None
    assert not policy.comments_open(article)


def test_article_set_open_never_closes_by_itself(policy):
    article = make_article(
        published_at=timezone.now() - timedelta(days=400), comment_policy=Policy.OPEN
    )
    assert policy.comments_close_at(article) is None
    assert policy.comments_open(article)


def test_article_set_closed_is_closed_however_new(client, policy):
    article = make_article(comment_policy=Policy.CLOSED)
    assert not policy.comments_open(article)
    assert client.post(comment_url(article), form_data()).status_code == 403


def test_open_article_is_still_closed_until_it_is_live(policy):
    article = make_article(
        published_at=timezone.now() + timedelta(days=1), comment_policy=Policy.OPEN
    )
    assert not policy.comments_open(article)
