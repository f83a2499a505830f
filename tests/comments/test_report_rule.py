"""One rule for what a human decision tells Akismet, whatever the entry point.

Policy: a decision that contradicts Akismet is reported exactly once —
approve or "not spam" on a comment Akismet called spam sends submit-ham;
spam on a comment Akismet passed sends submit-spam; nothing else is sent.
The same from the bulk actions, the comment's page, the queue's row buttons
and the one-click email links.
"""

import pytest
from django.urls import reverse

from comments import moderation
from comments.models import CommentEvent
from comments.notifications import moderation_token
from tests.factories import make_article

from .helpers import make_comment

CHANGELIST = "/admin/comments/comment/"


@pytest.fixture
def article(db):
    return make_article(title="Ferry timetable")


def bulk(client, decision, comment):
    name = {"approve": "approve_selected", "spam": "spam_selected"}[decision]
    return client.post(CHANGELIST, {"action": name, "_selected_action": [comment.pk]})


def page_button(client, decision, comment):
    return client.post(reverse("admin:comments_comment_decide", args=[comment.pk, decision]))


def row_button(client, decision, comment):
    return client.post(
        reverse("admin:comments_comment_decide", args=[comment.pk, decision]),
        {"next": CHANGELIST + "?status=pending"},
        HTTP_ACCEPT="application/json",
    )


def email_link(client, decision, comment):
    return client.post(
        reverse("admin:comments_comment_link", args=[moderation_token(comment, decision)])
    )


ENTRY_POINTS = [bulk, page_button, row_button, email_link]


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__)
def test_approving_what_akismet_called_spam_reports_ham_once(
    entry, moderator_client, article, akismet_http, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status="spam", spam_verdict="spam")
    with django_capture_on_commit_callbacks(execute=True):
        response = entry(moderator_client, "approve", comment)
    assert response.status_code in (200, 302)
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert len(akismet_http.to("submit-ham")) == 1
    assert akismet_http.to("submit-spam") == []
    assert comment.events.filter(kind=CommentEvent.Kind.REPORTED_HAM).count() == 1
    decision = comment.events.get(kind=CommentEvent.Kind.APPROVED)
    assert decision.contradicts_akismet

    # Approving again (or "not spam") says nothing new to Akismet.
    with django_capture_on_commit_callbacks(execute=True):
        entry(moderator_client, "approve", comment)
        moderation.mark_not_spam([comment.pk], actor=comment.moderated_by)
    assert len(akismet_http.to("submit-ham")) == 1


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__)
def test_spamming_what_akismet_passed_reports_spam_once(
    entry, moderator_client, article, akismet_http, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status="pending", spam_verdict="ham")
    with django_capture_on_commit_callbacks(execute=True):
        entry(moderator_client, "spam", comment)
        entry(moderator_client, "spam", comment)
    comment.refresh_from_db()
    assert comment.status == "spam"
    assert len(akismet_http.to("submit-spam")) == 1
    assert akismet_http.to("submit-ham") == []
    assert (
        comment.events.filter(kind=CommentEvent.Kind.SPAMMED, contradicts_akismet=True).count() == 1
    )


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__)
def test_decisions_that_agree_with_akismet_report_nothing(
    entry, moderator_client, article, akismet_http, django_capture_on_commit_callbacks
):
    ham = make_comment(article, status="pending", spam_verdict="ham")
    spam = make_comment(article, status="spam", spam_verdict="spam")
    unchecked = make_comment(article, status="pending", spam_verdict="unchecked")
    with django_capture_on_commit_callbacks(execute=True):
        entry(moderator_client, "approve", ham)
        entry(moderator_client, "spam", spam)
        entry(moderator_client, "approve", unchecked)
    assert akismet_http.to("submit-spam") == akismet_http.to("submit-ham") == []
    assert not CommentEvent.objects.filter(contradicts_akismet=True).exists()


def test_not_spam_on_akismet_spam_reports_ham_once(
    moderator, article, akismet_http, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status="spam", spam_verdict="discard")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.mark_not_spam([comment.pk], actor=moderator)
        moderation.approve([comment.pk], actor=moderator)
    assert len(akismet_http.to("submit-ham")) == 1


def test_trash_and_unapprove_report_nothing(
    moderator, article, akismet_http, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status="approved", spam_verdict="spam")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.unapprove([comment.pk], actor=moderator)
        moderation.trash([comment.pk], actor=moderator)
    assert akismet_http.requests == []
