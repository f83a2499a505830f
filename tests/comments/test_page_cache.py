"""Moderation and the reader's own comments against the page cache.

A moderator's decision shows on the article page at once; a reader who has
just commented sees their pending comment (never a cached page) and nobody
else sees it.
"""

import pytest
from django.test import Client

from comments import moderation
from comments.models import Comment, DiscussionSettings
from tests.factories import make_article
from tests.page_cache import filled, page

from .helpers import comment_url, form_data, make_comment


@pytest.mark.django_db
def test_approving_a_comment_shows_it_at_once(page_cache, commit, moderator):
    article = make_article()
    waiting = make_comment(article, body="Held for a moderator", status=Comment.Status.PENDING)
    assert b"Held for a moderator" not in filled(article.get_absolute_url()).content
    commit(moderation.approve, [waiting], actor=moderator)
    assert b"Held for a moderator" in page(article.get_absolute_url()).content


@pytest.mark.parametrize("decision", [moderation.mark_spam, moderation.trash])
@pytest.mark.django_db
def test_spamming_or_trashing_a_comment_removes_it_at_once(page_cache, commit, moderator, decision):
    article = make_article()
    shown = make_comment(article, body="Buy cheap watches")
    assert b"Buy cheap watches" in filled(article.get_absolute_url()).content
    commit(decision, [shown], actor=moderator)
    assert b"Buy cheap watches" not in page(article.get_absolute_url()).content


@pytest.mark.django_db
def test_a_comment_published_by_the_spam_check_shows_at_once(page_cache, commit):
    from comments.spam import CheckResult

    article = make_article()
    make_comment(article, author_email="regular@example.com")  # a returning commenter
    arriving = make_comment(
        article,
        body="Published by Akismet's verdict",
        author_email="regular@example.com",
        status=Comment.Status.PENDING,
        spam_verdict=Comment.Verdict.UNCHECKED,
    )
    filled(article.get_absolute_url())
    commit(moderation.apply_verdict, arriving.pk, CheckResult(verdict=Comment.Verdict.HAM))
    assert b"Published by Akismet" in page(article.get_absolute_url()).content


@pytest.mark.django_db
def test_a_staff_reply_shows_at_once(page_cache, commit, moderator):
    article = make_article()
    parent = make_comment(article)
    filled(article.get_absolute_url())
    commit(moderation.staff_reply, parent, actor=moderator, body="Thanks, we have corrected it.")
    assert b"we have corrected it" in page(article.get_absolute_url()).content


@pytest.mark.django_db
def test_deleting_a_comment_shows_at_once(page_cache, commit):
    article = make_article()
    doomed = make_comment(article, body="Soon gone")
    filled(article.get_absolute_url())
    commit(doomed.delete)
    assert b"Soon gone" not in page(article.get_absolute_url()).content


@pytest.mark.django_db
def test_closing_comments_in_the_discussion_settings_shows_at_once(page_cache, commit):
    article = make_article()
    assert b"Post comment" in filled(article.get_absolute_url()).content

    def close():
        policy = DiscussionSettings.load()
        policy.close_after_days = 0
        policy.save()
        article.comment_policy = article.CommentPolicy.CLOSED
        article.save()

    commit(close)
    assert b"Post comment" not in page(article.get_absolute_url()).content


@pytest.mark.django_db
def test_changing_threads_per_page_shows_at_once(page_cache, commit):
    article = make_article()
    for _ in range(3):
        make_comment(article)
    assert b"Page 1 of" not in filled(article.get_absolute_url()).content

    def settings_change():
        policy = DiscussionSettings.load()
        policy.per_page = 1
        policy.save()

    commit(settings_change)
    assert b"Page 1 of 3" in page(article.get_absolute_url()).content


@pytest.mark.django_db
def test_a_new_pending_comment_does_not_empty_the_cache(page_cache, commit):
    """A comment waiting for a moderator changes no public page: other readers keep hits."""
    article = make_article()
    filled(article.get_absolute_url())
    commit(make_comment, article, status=Comment.Status.PENDING)
    assert page(article.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_the_commenter_sees_their_pending_comment_and_others_never_do(
    page_cache, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_HOLD_ALL = True
    # The moderators' notice saves the settings row the first time; a saved row is
    # a (rare) settings change. Have it saved already, as on any running site.
    DiscussionSettings.load_saved()
    article = make_article()
    url = article.get_absolute_url()
    filled(url)
    commenter = Client()
    with django_capture_on_commit_callbacks(execute=True):
        commenter.post(comment_url(article), form_data(comment="My pending thought"))
    assert Comment.objects.get().status == Comment.Status.PENDING
    mine = page(url, commenter)
    assert b"My pending thought" in mine.content
    assert "X-Page-Cache" not in mine
    assert "private" in mine["Cache-Control"]
    # Their visit filled nothing: other readers still get the shared page.
    other = page(url)
    assert other["X-Page-Cache"] == "hit"
    assert b"My pending thought" not in other.content


@pytest.mark.django_db
def test_erasing_a_commenters_data_shows_at_once(page_cache, commit):
    """`commenter_data erase` writes in bulk (no save signals): it empties the cache itself."""
    from comments import privacy

    article = make_article()
    make_comment(
        article, author_name="Ada Lovelace", author_email="ada@example.com", body="Kept words"
    )
    assert b"Ada Lovelace" in filled(article.get_absolute_url()).content
    commit(privacy.erase, "ada@example.com", delete_text=True, via="test")
    content = page(article.get_absolute_url()).content
    assert b"Ada Lovelace" not in content
    assert b"Kept words" not in content
    assert privacy.ANONYMOUS_NAME.encode() in content
