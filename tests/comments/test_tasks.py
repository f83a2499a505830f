"""comments/tasks.py: checks after commit, back-off re-checks, reports sent once."""

import io
import json
from datetime import timedelta
from urllib.parse import parse_qs

import httpx
import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.tasks import task_backends
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import moderation, privacy
from comments.models import Comment, CommentEvent
from comments.tasks import check_comment, enqueue_check, recheck_due, report_comment
from tests.factories import make_article, make_user

from .helpers import comment_url, form_data, make_comment


@pytest.fixture
def article(db):
    return make_article()


def test_check_runs_only_after_the_transaction_commits(
    article, akismet_http, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status="pending", spam_verdict="unchecked")
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_check(comment.pk)
    assert akismet_http.requests == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(akismet_http.to("comment-check")) == 1


@pytest.mark.parametrize(
    ("attempts", "minutes"),
    [(1, 1), (2, 5), (3, 15), (4, 60), (5, 60 * 24), (10, 60 * 24)],
)
def test_backoff_is_1_5_15_60_minutes_then_daily(attempts, minutes):
    assert moderation.backoff(attempts) == timedelta(minutes=minutes)


def test_failed_check_is_retried_with_backoff_by_recheck_comments(article, akismet_http):
    """Policy: Akismet errors are retried at about 1, 5, 15, 60 minutes, then daily."""
    akismet_http.responder = lambda r: httpx.Response(503)
    comment = make_comment(article, status="pending", spam_verdict="unchecked")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        check_comment.call(comment.pk)
    comment.refresh_from_db()
    assert comment.next_check_at == start + timedelta(minutes=1)
    assert comment.check_attempts == 1

    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert recheck_due() == 0  # not due yet
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        assert recheck_due() == 1
    comment.refresh_from_db()
    assert comment.check_attempts == 2
    assert comment.next_check_at == start + timedelta(minutes=2) + timedelta(minutes=5)

    akismet_http.responder = akismet_http.default
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        call_command("recheck_comments", "--batch-size", "1", stdout=io.StringIO())
    comment.refresh_from_db()
    assert comment.spam_verdict == Comment.Verdict.HAM
    assert comment.next_check_at is None
    assert comment.events.filter(kind=CommentEvent.Kind.AKISMET_ERROR).count() == 2


def test_rechecks_stop_for_comments_older_than_15_days(article, akismet_http):
    """Policy: old unchecked comments stay pending for a human instead."""
    akismet_http.responder = lambda r: httpx.Response(503)
    old = make_comment(
        article,
        status="pending",
        spam_verdict="error",
        created_at=timezone.now() - timedelta(days=16),
    )
    assert recheck_due() == 0
    old.refresh_from_db()
    assert old.status == Comment.Status.PENDING
    assert akismet_http.requests == []


def test_recheck_comments_works_in_batches(article, akismet_http):
    for _ in range(7):
        make_comment(
            article,
            status="pending",
            spam_verdict="unchecked",
            created_at=timezone.now() - Comment.CHECK_GRACE,
        )
    assert recheck_due(batch_size=3) == 7
    assert Comment.objects.filter(spam_verdict="ham").count() == 7


def test_failed_check_is_deferred_on_a_backend_that_can_defer(
    article, akismet_http, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    akismet_http.responder = lambda r: httpx.Response(500)
    comment = make_comment(article, status="pending", spam_verdict="unchecked")
    with django_capture_on_commit_callbacks(execute=True):
        check_comment.call(comment.pk)
    (result,) = [r for r in task_backends["default"].results if r.task.name == "check_comment"]
    comment.refresh_from_db()
    assert result.task.run_after == comment.next_check_at
    assert result.kwargs == {"recheck_reason": "recheck_queue"}


def test_check_skips_comments_a_moderator_already_decided(article, akismet_http):
    comment = make_comment(article, status="approved", spam_verdict="unchecked")
    assert check_comment.call(comment.pk) == "skipped"
    assert check_comment.call(999999) == "skipped"
    assert akismet_http.requests == []


# Reports -------------------------------------------------------------------------------


@pytest.fixture
def moderator_user(db):
    return make_user("mod1", group="Moderators")


def test_spam_on_a_comment_akismet_passed_sends_submit_spam_once(
    article, akismet_http, moderator_user, django_capture_on_commit_callbacks
):
    """Policy: a human 'Spam' on ham is reported; exactly once per decision."""
    comment = make_comment(article, spam_verdict="ham")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.mark_spam([comment.pk], actor=moderator_user)
    # The same report enqueued again (a retried task) sends nothing more.
    assert report_comment.call(comment.pk, "spam") == "skipped"
    with django_capture_on_commit_callbacks(execute=True):
        moderation.mark_spam([comment.pk], actor=moderator_user)
    assert len(akismet_http.to("submit-spam")) == 1
    assert akismet_http.to("submit-ham") == []
    assert comment.events.filter(kind=CommentEvent.Kind.REPORTED_SPAM).count() == 1


def test_not_spam_on_a_comment_akismet_caught_sends_submit_ham_and_approves(
    article, akismet_http, moderator_user, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status="spam", spam_verdict="spam")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.mark_not_spam([comment.pk], actor=moderator_user)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == moderator_user
    assert len(akismet_http.to("submit-ham")) == 1
    assert comment.events.filter(kind=CommentEvent.Kind.REPORTED_HAM).exists()


def test_decisions_that_agree_with_akismet_send_no_report(
    article, akismet_http, moderator_user, django_capture_on_commit_callbacks
):
    ham = make_comment(article, status="pending", spam_verdict="ham")
    spam = make_comment(article, status="spam", spam_verdict="spam")
    honeypot = make_comment(article, status="spam", spam_verdict="honeypot")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve([ham.pk], actor=moderator_user)
        moderation.mark_spam([spam.pk], actor=moderator_user)
        moderation.mark_not_spam([honeypot.pk], actor=moderator_user)
        moderation.trash([ham.pk], actor=moderator_user)
    assert akismet_http.requests == []


def test_report_is_sent_with_the_data_as_submitted(
    article, akismet_http, moderator_user, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status="pending", spam_verdict="unchecked")
    check_comment.call(comment.pk)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.mark_spam([comment.pk], actor=moderator_user)
    checked = parse_qs(akismet_http.to("comment-check")[0].content.decode())
    reported = parse_qs(akismet_http.to("submit-spam")[0].content.decode())
    assert checked == reported


def test_a_decision_undone_before_its_report_went_cancels_it(
    article, akismet_http, moderator_user, django_capture_on_commit_callbacks
):
    comment = make_comment(article, spam_verdict="ham")
    with django_capture_on_commit_callbacks(execute=False):
        moderation.mark_spam([comment.pk], actor=moderator_user)
    with django_capture_on_commit_callbacks(execute=False):
        moderation.mark_not_spam([comment.pk], actor=moderator_user)
    assert report_comment.call(comment.pk, "spam") == "skipped"
    assert akismet_http.requests == []


def test_failed_report_is_kept_and_retried_by_maintenance(
    article, akismet_http, moderator_user, django_capture_on_commit_callbacks
):
    comment = make_comment(article, spam_verdict="ham")
    akismet_http.responder = lambda r: (
        httpx.Response(502) if "submit" in r.url.path else akismet_http.default(r)
    )
    with django_capture_on_commit_callbacks(execute=True):
        moderation.mark_spam([comment.pk], actor=moderator_user)
    comment.refresh_from_db()
    assert comment.pending_report == "spam"
    assert comment.events.filter(kind=CommentEvent.Kind.REPORT_FAILED).exists()

    akismet_http.responder = akismet_http.default
    call_command("comments_maintenance", stdout=io.StringIO())
    comment.refresh_from_db()
    assert comment.pending_report == ""
    assert len(akismet_http.to("submit-spam")) == 2  # one failed, one delivered
    assert comment.events.filter(kind=CommentEvent.Kind.REPORTED_SPAM).count() == 1


def test_recheck_by_a_moderator_never_reports(
    article, akismet_http, moderator_user, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status="pending", spam_verdict="ham")
    with django_capture_on_commit_callbacks(execute=True):
        assert moderation.recheck([comment.pk], actor=moderator_user) == 1
    assert len(akismet_http.to("comment-check")) == 1
    assert "recheck_reason=recheck_queue" in akismet_http.to("comment-check")[0].content.decode()
    assert akismet_http.to("submit-spam") == akismet_http.to("submit-ham") == []


# Unexpected failures: nothing is lost, nothing is left without a retry ---------------


def _bug(*args, **kwargs):
    raise ValueError("a bug nobody foresaw")


def test_an_unexpected_error_in_a_check_is_an_error_verdict_with_a_retry(
    article, akismet_http, monkeypatch
):
    """Policy: spam.check never raises; any failure keeps the comment pending and re-checked."""
    monkeypatch.setattr("comments.spam._request_kwargs", _bug)
    comment = make_comment(article, status="pending", spam_verdict="unchecked")
    assert check_comment.call(comment.pk) == Comment.Verdict.ERROR
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.next_check_at is not None
    assert "ValueError" in comment.events.get(kind=CommentEvent.Kind.AKISMET_ERROR).note


def test_an_unexpected_error_in_a_report_puts_it_back_for_a_retry(
    article, akismet_http, moderator_user, monkeypatch, django_capture_on_commit_callbacks
):
    """Policy: a claimed report that could not be sent, for whatever reason, is not lost."""
    comment = make_comment(article, spam_verdict="ham")
    monkeypatch.setattr("comments.spam._request_kwargs", _bug)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.mark_spam([comment.pk], actor=moderator_user)
    comment.refresh_from_db()
    assert comment.pending_report == "spam"
    assert "ValueError" in comment.events.get(kind=CommentEvent.Kind.REPORT_FAILED).note


def test_a_task_backend_that_cannot_enqueue_loses_no_comment(
    client, article, akismet_http, monkeypatch, django_capture_on_commit_callbacks
):
    """The comment is committed before the check is enqueued: if enqueueing fails the
    reader still gets their redirect, and the comment waits, unchecked, for recheck_comments."""
    monkeypatch.setattr(task_backends["default"], "enqueue", _bug)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(comment_url(article), form_data())
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.status, comment.spam_verdict) == ("pending", "unchecked")
    later = timezone.now() + Comment.CHECK_GRACE
    assert list(Comment.objects.due_for_check(later)) == [comment]
    monkeypatch.undo()
    akismet_http.responder = akismet_http.default
    assert recheck_due(now=later) == 1


def test_a_check_stores_what_it_sent_with_its_verdict_in_one_update(article, akismet_http):
    comment = make_comment(article, status="pending", spam_verdict="unchecked")
    with CaptureQueriesContext(connection) as ctx:
        assert check_comment.call(comment.pk) == "ham"
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert len([sql for sql in updates if '"comments_comment"' in sql]) == 1, updates
    comment.refresh_from_db()
    sent = parse_qs(akismet_http.to("comment-check")[0].content.decode())
    assert comment.akismet_params["comment_content"] == sent["comment_content"][0]
    assert comment.akismet_params["comment_author_email"] == comment.author_email


def test_an_erasure_during_a_check_is_not_undone_by_its_verdict(article, akismet_http):
    """The payload is built before the call to Akismet and stored with the verdict; an
    erasure in between must not get the reader's name, email and IP written back."""
    comment = make_comment(
        article,
        status="pending",
        spam_verdict="unchecked",
        author_email="leaving@example.com",
        ip_address="192.0.2.44",
    )

    def erase_then_answer(request):
        if request.url.path.endswith("/comment-check"):
            privacy.erase("leaving@example.com", via="test")
        return akismet_http.default(request)

    akismet_http.responder = erase_then_answer
    check_comment.call(comment.pk)
    comment.refresh_from_db()
    assert comment.author_email == ""
    assert comment.spam_verdict == "ham"
    stored = json.dumps(comment.akismet_params)
    assert "leaving@example.com" not in stored
    assert "192.0.2.44" not in stored
