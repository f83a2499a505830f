"""Housekeeping: purge old spam (discards first), blank old IPs, notify about
unchecked comments. Idempotent: running it twice changes nothing more."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from comments.maintenance import blank_personal_data, purge_spam
from comments.models import Comment
from comments.notifications import notify_unchecked
from tests.factories import make_article

from .helpers import make_comment


@pytest.fixture
def article(db):
    return make_article()


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def test_spam_is_purged_after_retention_days_and_discards_after_one_day(article, settings):
    """Policy: spam kept COMMENTS_SPAM_RETENTION_DAYS (15); discards only a day."""
    settings.COMMENTS_SPAM_RETENTION_DAYS = 15
    old_spam = make_comment(article, status="spam", spam_verdict="spam", created_at=ago(days=16))
    young_spam = make_comment(article, status="spam", spam_verdict="spam", created_at=ago(days=14))
    old_discard = make_comment(
        article, status="spam", spam_verdict="discard", created_at=ago(days=2)
    )
    young_discard = make_comment(
        article, status="spam", spam_verdict="discard", created_at=ago(hours=2)
    )
    old_approved = make_comment(article, status="approved", created_at=ago(days=400))
    assert purge_spam() == 2
    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert remaining == {young_spam.pk, young_discard.pk, old_approved.pk}
    assert old_spam.pk not in remaining
    assert old_discard.pk not in remaining
    assert purge_spam() == 0


def test_ip_and_user_agent_are_blanked_after_retention_days(article, settings):
    """Policy: IP and user agent kept COMMENTS_IP_RETENTION_DAYS (60)."""
    settings.COMMENTS_IP_RETENTION_DAYS = 60
    old = make_comment(
        article,
        created_at=ago(days=61),
        akismet_params={"user_ip": "192.0.2.10", "user_agent": "UA", "comment_content": "x"},
    )
    young = make_comment(article, created_at=ago(days=59))
    assert blank_personal_data() == 1
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.ip_address is None
    assert old.user_agent == ""
    assert old.akismet_params["user_ip"] == ""
    assert old.akismet_params["comment_content"] == "x"
    assert young.ip_address == "192.0.2.10"
    assert blank_personal_data() == 0


def test_moderators_hear_once_about_comments_unchecked_for_a_day(article, moderator):
    make_comment(
        article, status="pending", spam_verdict="error", created_at=ago(hours=25), body="Stuck one"
    )
    make_comment(article, status="pending", spam_verdict="unchecked", created_at=ago(hours=2))
    assert notify_unchecked() == 1
    assert notify_unchecked() == 0
    (message,) = mail.outbox
    assert "Stuck one" in message.body
    assert "without a spam check" in message.body


def test_maintenance_command_is_idempotent(article, moderator):
    make_comment(article, status="spam", created_at=ago(days=30))
    make_comment(article, created_at=ago(days=90))
    out = StringIO()
    call_command("comments_maintenance", stdout=out)
    assert "spam_purged: 1" in out.getvalue()
    assert "personal_data_blanked: 1" in out.getvalue()
    out = StringIO()
    call_command("comments_maintenance", stdout=out)
    assert "spam_purged: 0" in out.getvalue()
    assert "personal_data_blanked: 0" in out.getvalue()
