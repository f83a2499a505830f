"""The comment model's own rules: counting links, and deleting without losing replies."""

from datetime import timedelta

import pytest
from django.urls import reverse

from comments.maintenance import purge_spam
from comments.models import Comment, DiscussionSettings
from tests.factories import make_article

from .helpers import make_comment


@pytest.fixture
def article(db):
    return make_article()


@pytest.mark.parametrize(
    ("body", "links"),
    [
        ("no address here", 0),
        ("see https://www.example.com/page", 1),
        ("www.example.com and http://b.example", 2),
        ("HTTPS://A.EXAMPLE, https://b.example.", 2),
    ],
)
def test_each_web_address_counts_as_one_link(body, links):
    """Policy: the link limit counts addresses; https://www.… is one, not two."""
    assert Comment(body=body).link_count() == links


def test_deleting_a_comment_keeps_its_replies_under_the_nearest_survivor(article):
    """Policy (as WordPress): a deleted comment's replies move up; nothing else goes."""
    root = make_comment(article)
    spam = make_comment(article, parent=root, status="spam")
    spam_reply_to_spam = make_comment(article, parent=spam, status="spam")
    reply = make_comment(article, parent=spam, body="A fair point, though.")
    grandchild = make_comment(article, parent=reply)
    Comment.objects.spam().delete()
    assert set(Comment.objects.values_list("pk", flat=True)) == {root.pk, reply.pk, grandchild.pk}
    reply.refresh_from_db()
    grandchild.refresh_from_db()
    assert reply.parent_id == root.pk
    assert grandchild.parent_id == reply.pk
    assert not Comment.objects.filter(pk=spam_reply_to_spam.pk).exists()


def test_deleting_a_top_level_comment_makes_its_replies_top_level(article):
    gone = make_comment(article, status="trash")
    reply = make_comment(article, parent=gone)
    gone.delete()
    reply.refresh_from_db()
    assert reply.parent_id is None


def test_purging_old_spam_keeps_an_approved_staff_reply(article, settings):
    """Housekeeping never takes a legitimate reply with the spam it answered."""
    from datetime import timedelta

    from django.utils import timezone

    settings.COMMENTS_SPAM_RETENTION_DAYS = 15
    old = timezone.now() - timedelta(days=20)
    spam = make_comment(article, status="spam", spam_verdict="spam", created_at=old)
    staff = make_comment(article, parent=spam, is_staff_reply=True, created_at=old)
    assert purge_spam() == 1
    staff.refresh_from_db()
    assert staff.parent_id is None
    assert staff.status == Comment.Status.APPROVED


def test_empty_spam_keeps_replies(moderator_client, article):
    spam = make_comment(article, status="spam")
    reply = make_comment(article, parent=spam)
    moderator_client.post(reverse("admin:comments_comment_empty_spam"))
    assert list(Comment.objects.all()) == [reply]


def test_editor_deleting_a_comment_in_the_admin_keeps_its_replies(editor_client, article):
    parent = make_comment(article, status="trash")
    reply = make_comment(article, parent=parent)
    response = editor_client.post(
        reverse("admin:comments_comment_delete", args=[parent.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert list(Comment.objects.all()) == [reply]
    response = editor_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "delete_selected", "_selected_action": [reply.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body", "Try our CASINO bonus"),
        ("author_name", "Casino Royale"),
        ("author_email", "win@casino.example"),
        ("author_url", "https://casino.example/"),
        ("ip_address", "203.0.113.7"),
        ("user_agent", "CasinoBot/1.0"),
    ],
)
def test_keywords_match_text_name_email_url_ip_and_browser_case_insensitively(field, value):
    """Policy (WordPress's discussion settings): a keyword is a case-insensitive
    substring of the text, name, email, website, IP address or user agent."""
    policy = DiscussionSettings(moderation_keys="  casino \n\n203.0.113.7", blocked_keys="")
    clean = Comment(body="Nice", author_name="Ann", author_email="ann@example.com")
    assert policy.moderation_key_in(clean) == ""
    setattr(clean, field, value)
    assert policy.moderation_key_in(clean) in ("casino", "203.0.113.7")
    assert DiscussionSettings(blocked_keys=policy.moderation_keys).blocked_key_in(clean)


def test_flooding_is_per_ip_within_the_interval_and_can_be_turned_off(db, settings):
    """Policy: one comment per IP per COMMENTS_FLOOD_SECONDS; 0 disables the check."""
    settings.COMMENTS_FLOOD_SECONDS = 15
    comment = make_comment(make_article(), ip_address="203.0.113.9")
    later = comment.created_at + timedelta(seconds=16)
    assert Comment.objects.is_flooding_from("203.0.113.9")
    assert not Comment.objects.is_flooding_from("203.0.113.10")
    assert not Comment.objects.is_flooding_from("")
    assert not Comment.objects.is_flooding_from("203.0.113.9", now=later)
    settings.COMMENTS_FLOOD_SECONDS = 0
    assert not Comment.objects.is_flooding_from("203.0.113.9")


def test_the_arrival_checks_refuse_a_filtered_queryset(db):
    # They are written as SQL over the whole table: a filter would be silently ignored.
    with pytest.raises(TypeError):
        Comment.objects.filter(status="approved").is_duplicate(article=1, email="a@b.c", body="x")


def test_the_duplicate_check_ignores_the_email_case_and_nothing_else(db):
    article = make_article()
    make_comment(article, author_email="Reader@Example.com", body="Same words.")
    found = Comment.objects.is_duplicate
    assert found(article=article, email="reader@example.COM", body="Same words.")
    assert not found(article=article, email="reader@example.com", body="Same words")
    assert not found(article=article, email="other@example.com", body="Same words.")
    assert not found(article=make_article(), email="reader@example.com", body="Same words.")
