"""The discussion's counts are kept per page-cache generation, not counted on every
view, and every change that alters them shows at once.

The page cache itself is off here, so each request renders the article page and
only the kept counts (and the discussion settings) could be stale.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import moderation
from comments.models import Comment, DiscussionSettings
from tests.factories import make_article

from .helpers import make_comment


def heading(article):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="comments-heading"')
    text = html[html.index(">", start) + 1 : html.index("</h2>", start)]
    counted = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    settings_read = [
        q for q in queries.captured_queries if "comments_discussionsettings" in q["sql"]
    ]
    return text, counted, settings_read


@pytest.mark.django_db
def test_a_repeat_view_counts_nothing(fragment_cache):
    article = make_article()
    make_comment(article, body="One")
    make_comment(article, body="Two")
    text, counted, _ = heading(article)
    assert text == "2 comments"
    assert counted
    text, counted, settings_read = heading(article)
    assert text == "2 comments"
    assert counted == []
    assert settings_read == []


@pytest.mark.django_db
def test_approving_a_comment_counts_it_at_once(fragment_cache, commit, moderator):
    article = make_article()
    make_comment(article, body="Shown")
    waiting = make_comment(article, body="Held", status=Comment.Status.PENDING)
    assert heading(article)[0] == "1 comment"
    commit(moderation.approve, [waiting], actor=moderator)
    assert heading(article)[0] == "2 comments"


@pytest.mark.parametrize("decision", [moderation.mark_spam, moderation.trash])
@pytest.mark.django_db
def test_spam_or_trash_leaves_the_count_at_once(fragment_cache, commit, moderator, decision):
    article = make_article()
    make_comment(article, body="Kept")
    gone = make_comment(article, body="Gone")
    assert heading(article)[0] == "2 comments"
    commit(decision, [gone], actor=moderator)
    assert heading(article)[0] == "1 comment"


@pytest.mark.django_db
def test_deleting_a_comment_leaves_the_count_at_once(fragment_cache, commit):
    article = make_article()
    make_comment(article, body="Kept")
    gone = make_comment(article, body="Deleted")
    assert heading(article)[0] == "2 comments"
    commit(Comment.objects.filter(pk=gone.pk).delete)
    assert heading(article)[0] == "1 comment"


@pytest.mark.django_db
def test_a_new_pending_comment_changes_no_public_count(fragment_cache, commit):
    article = make_article()
    make_comment(article, body="Shown")
    assert heading(article)[0] == "1 comment"
    commit(make_comment, article, body="Waiting", status=Comment.Status.PENDING)
    text, counted, _ = heading(article)
    assert (text, counted) == ("1 comment", [])


@pytest.mark.django_db
def test_changing_the_discussion_settings_shows_at_once(fragment_cache, commit):
    article = make_article()
    for n in range(3):
        make_comment(article, body=f"Comment {n}")
    heading(article)

    def fewer_per_page():
        policy = DiscussionSettings.load_saved()
        policy.per_page = 1
        policy.save()

    commit(fewer_per_page)
    response = Client().get(article.get_absolute_url())
    assert b"?cpage=2#comments" in response.content


# The page of comments itself (comments/discussion.py: _kept_page) -----------------


def shown(article, client=None):
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(article.get_absolute_url())
    assert response.status_code == 200
    read = [q for q in queries.captured_queries if 'FROM "comments_comment"' in q["sql"]]
    return response.content.decode(), read


@pytest.mark.django_db
def test_a_repeat_view_reads_no_comments(fragment_cache):
    article = make_article()
    make_comment(article, body="First words")
    first, read = shown(article)
    assert "First words" in first
    assert read
    again, read = shown(article)
    assert (again, read) == (first, [])


@pytest.mark.parametrize(
    ("decision", "visible"),
    [
        (moderation.approve, True),
        (moderation.mark_not_spam, True),
        (moderation.mark_spam, False),
        (moderation.trash, False),
        (moderation.unapprove, False),
    ],
)
@pytest.mark.django_db
def test_a_moderators_decision_shows_in_the_kept_page_at_once(
    fragment_cache, commit, moderator, decision, visible
):
    article = make_article()
    make_comment(article, body="Already there")
    status = Comment.Status.APPROVED if not visible else Comment.Status.PENDING
    if decision is moderation.mark_not_spam:
        status = Comment.Status.SPAM
    subject = make_comment(article, body="The decided comment", status=status)
    assert ("The decided comment" in shown(article)[0]) is not visible
    commit(decision, [subject], actor=moderator)
    assert ("The decided comment" in shown(article)[0]) is visible


@pytest.mark.django_db
def test_edits_replies_deletions_and_erasures_show_in_the_kept_page_at_once(
    fragment_cache, commit, moderator
):
    from comments import privacy

    article = make_article()
    edited = make_comment(article, body="Before the edit")
    gone = make_comment(article, body="About to be deleted")
    make_comment(article, author_name="Ada Lovelace", author_email="ada@example.com")
    shown(article)

    def edit():
        edited.body = "After the edit"
        edited.save()

    commit(edit)
    assert "After the edit" in shown(article)[0]
    commit(moderation.staff_reply, edited, actor=moderator, body="The newsroom answers")
    assert "The newsroom answers" in shown(article)[0]
    commit(Comment.objects.filter(pk=gone.pk).delete)
    assert "About to be deleted" not in shown(article)[0]
    commit(privacy.erase, "ada@example.com", via="test")
    assert "Ada Lovelace" not in shown(article)[0]


@pytest.mark.django_db
def test_a_readers_own_pending_comment_is_never_kept_for_others(fragment_cache):
    from .helpers import form_data

    article = make_article()
    make_comment(article, body="Public words")
    shown(article)  # the public page, kept
    mine = Client()
    response = mine.post(
        article.get_absolute_url() + "comment/", form_data(comment="My pending words")
    )
    assert response.status_code == 302
    assert "My pending words" in shown(article, mine)[0]
    assert "My pending words" not in shown(article)[0]
