"""The moderators' admin: who may do what (enforced on the server), the queue's
filters and actions, history, replies, and the signed one-click email links."""

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.models import Comment, CommentEvent, DiscussionSettings
from comments.notifications import moderation_token, moderation_url, notify_waiting
from tests.factories import make_article, make_user

from .helpers import make_comment

CHANGELIST = "/admin/comments/comment/"


@pytest.fixture
def article(db):
    return make_article(title="Harbour plans")


def action(client, name, comments, **extra):
    return client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [c.pk for c in comments], **extra},
    )


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("approve_selected", "approved"),
        ("spam_selected", "spam"),
        ("not_spam_selected", "approved"),
        ("trash_selected", "trash"),
    ],
)
def test_moderator_decides_in_bulk(
    moderator_client, moderator, article, name, status, django_capture_on_commit_callbacks
):
    comments = [make_comment(article, status="pending", spam_verdict="unchecked") for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = action(moderator_client, name, comments)
    assert response.status_code == 302
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == status
        assert comment.moderated_by == moderator


def test_a_queue_of_100_is_cleared_in_two_actions_with_the_right_reports(
    moderator_client, article, akismet_http, django_capture_on_commit_callbacks
):
    """Done when: 100 comments, a few bulk actions, the right reports to Akismet."""
    missed_spam = [make_comment(article, status="pending", spam_verdict="ham") for _ in range(40)]
    good = [make_comment(article, status="pending", spam_verdict="ham") for _ in range(60)]
    with django_capture_on_commit_callbacks(execute=True):
        action(moderator_client, "spam_selected", missed_spam)
        action(moderator_client, "approve_selected", good)
    assert Comment.objects.pending().count() == 0
    assert len(akismet_http.to("submit-spam")) == 40
    assert akismet_http.to("submit-ham") == []


def test_journalist_cannot_moderate(journalist_client, article):
    """Policy: Journalists cannot moderate, even by posting directly."""
    comment = make_comment(article, status="pending")
    assert journalist_client.get(CHANGELIST).status_code == 403
    response = action(journalist_client, "approve_selected", [comment])
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"
    url = reverse("admin:comments_comment_decide", args=[comment.pk, "approve"])
    assert journalist_client.post(url).status_code == 403


def test_moderator_sees_comments_only(moderator_client):
    """Policy: the Moderators group sees comments and nothing else."""
    assert moderator_client.get(CHANGELIST).status_code == 200
    assert moderator_client.get("/admin/articles/article/").status_code == 403
    assert moderator_client.get("/admin/auth/user/").status_code == 403
    index = moderator_client.get("/admin/").content.decode()
    assert "/admin/comments/comment/" in index
    assert "/admin/articles/article/" not in index


def test_editor_can_moderate_and_edit_discussion_settings(editor_client, article):
    comment = make_comment(article, status="pending")
    action(editor_client, "approve_selected", [comment])
    comment.refresh_from_db()
    assert comment.status == "approved"
    response = editor_client.get("/admin/comments/discussionsettings/")
    assert response.status_code == 302
    form = editor_client.get(response["Location"])
    assert form.status_code == 200
    assert "Moderation keywords" in form.content.decode()


def test_editor_saves_discussion_settings_and_the_policy_follows(editor_client, db):
    """Policy: editors edit the one "Discussion settings" record in the admin."""
    url = reverse("admin:comments_discussionsettings_add")
    data = {
        "hold_all": "on",
        "max_links": "5",
        "moderation_keys": "casino",
        "blocked_keys": "",
        "close_after_days": "10",
        "max_depth": "2",
        "per_page": "20",
    }
    assert editor_client.post(url, data).status_code == 302
    policy = DiscussionSettings.load()
    assert (policy.pk, policy.hold_all, policy.max_links, policy.max_depth) == (1, True, 5, 2)
    change = reverse("admin:comments_discussionsettings_change", args=[1])
    assert editor_client.post(change, {**data, "max_links": "3"}).status_code == 302
    assert DiscussionSettings.objects.get().max_links == 3
    assert editor_client.get(url).status_code == 403, "one record only"


def test_moderator_cannot_edit_discussion_settings(moderator_client):
    assert moderator_client.get("/admin/comments/discussionsettings/add/").status_code == 403
    DiscussionSettings(max_links=2).save()
    change = reverse("admin:comments_discussionsettings_change", args=[1])
    response = moderator_client.post(change, {"max_links": "99", "per_page": "1"})
    assert response.status_code == 403
    assert DiscussionSettings.objects.get().max_links == 2


def test_moderator_cannot_delete_or_rewrite_comments_by_crafted_posts(moderator_client, article):
    """Moderators decide; they cannot delete comments or change what a reader wrote."""
    comment = make_comment(article, status="pending", body="As typed.")
    response = action(moderator_client, "delete_selected", [comment], post="yes")
    assert Comment.objects.filter(pk=comment.pk).exists()
    delete = reverse("admin:comments_comment_delete", args=[comment.pk])
    assert moderator_client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:comments_comment_change", args=[comment.pk])
    response = moderator_client.post(
        change, {"body": "Rewritten.", "status": "approved", "author_name": "X"}
    )
    assert response.status_code in (200, 302, 403)
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("As typed.", "pending")


def test_user_without_moderate_permission_gets_no_actions(db, article):
    viewer = make_user("viewer", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client = Client()
    client.force_login(viewer)
    comment = make_comment(article, status="pending")
    response = action(client, "approve_selected", [comment])
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert response.status_code in (200, 302, 403)


def test_status_filter_shows_counts(moderator_client, article):
    for status, n in [("pending", 3), ("approved", 2), ("spam", 1)]:
        for _ in range(n):
            make_comment(article, status=status)
    html = moderator_client.get(CHANGELIST).content.decode()
    for label in ["Pending (3)", "Approved (2)", "Spam (1)", "Trash (0)"]:
        assert label in html
    pending = moderator_client.get(CHANGELIST + "?status=pending").context["cl"]
    assert pending.result_count == 3


def test_columns_show_author_email_ip_article_and_verdict(moderator_client, article):
    make_comment(
        article,
        author_name="Ada",
        author_email="ada@x.example",
        ip_address="203.0.113.1",
        spam_verdict="spam",
        status="spam",
    )
    html = moderator_client.get(CHANGELIST).content.decode()
    for text in [
        "Ada",
        "ada@x.example",
        "203.0.113.1",
        "Harbour plans",
        article.get_absolute_url(),
        "Spam",
    ]:
        assert text in html


@pytest.mark.parametrize("q", ["Ada", "ada@x.example", "203.0.113.1", "harbour view"])
def test_search_by_author_email_ip_and_text(moderator_client, article, q):
    make_comment(
        article,
        author_name="Ada",
        author_email="ada@x.example",
        ip_address="203.0.113.1",
        body="Nice harbour view",
    )
    make_comment(
        article,
        author_name="Bob",
        author_email="bob@x.example",
        ip_address="198.51.100.2",
        body="Other",
    )
    cl = moderator_client.get(CHANGELIST, {"q": q}).context["cl"]
    assert [c.author_name for c in cl.result_list] == ["Ada"]


def test_odd_search_terms_are_not_a_500(moderator_client, article):
    make_comment(article)
    for q in ["::1", "not an ip", "%", "'", "\\", "203.0.113.", "nul\x00byte"]:
        assert moderator_client.get(CHANGELIST, {"q": q}).status_code == 200
    for params in [{"status": "bogus"}, {"spam_verdict": "x"}, {"o": "99"}, {"p": "x"}]:
        assert moderator_client.get(CHANGELIST, params).status_code in (200, 302)


def test_change_page_shows_history_and_buttons(
    moderator_client, moderator, article, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status="pending")
    CommentEvent.objects.create(comment=comment, kind=CommentEvent.Kind.AKISMET_ERROR)
    url = reverse("admin:comments_comment_decide", args=[comment.pk, "approve"])
    with django_capture_on_commit_callbacks(execute=True):
        assert moderator_client.post(url).status_code == 302
    html = moderator_client.get(
        reverse("admin:comments_comment_change", args=[comment.pk])
    ).content.decode()
    assert "Akismet unreachable; will retry" in html
    assert "Approved by moderator" in html
    assert "Reply as staff" in html
    assert moderator_client.get(url).status_code == 405


def test_moderator_reply_is_published_at_once_as_staff_reply(
    moderator_client, moderator, article, client
):
    parent = make_comment(article, status="pending")
    url = reverse("admin:comments_comment_reply", args=[parent.pk])
    assert moderator_client.post(url, {"body": "Thanks, <fixed>."}).status_code == 302
    reply = Comment.objects.get(parent=parent)
    parent.refresh_from_db()
    assert reply.status == Comment.Status.APPROVED
    assert reply.is_staff_reply
    assert reply.user == moderator
    assert reply.spam_verdict == Comment.Verdict.SKIPPED
    assert parent.status == Comment.Status.APPROVED
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Thanks, &lt;fixed&gt;." in html
    assert "Staff" in html


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        ("spam", "Thanks.", "Spam and trashed comments cannot be replied to."),
        ("trash", "Thanks.", "Spam and trashed comments cannot be replied to."),
        ("approved", " \x00 ", "Write a reply before sending it."),
    ],
)
def test_staff_reply_refused_says_why_and_saves_nothing(
    moderator_client, article, status, body, message
):
    parent = make_comment(article, status=status)
    url = reverse("admin:comments_comment_reply", args=[parent.pk])
    response = moderator_client.post(url, {"body": body}, follow=True)
    assert message in [str(m) for m in response.context["messages"]]
    assert not Comment.objects.filter(parent=parent).exists()


def test_staff_reply_checks_the_parent_as_it_is_now(moderator, article):
    """The rule is in moderation.staff_reply, under a lock: a stale parent object is re-read."""
    parent = make_comment(article, status="approved")
    stale = Comment.objects.get(pk=parent.pk)
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.SPAM)
    with pytest.raises(moderation.CannotReply):
        moderation.staff_reply(stale, actor=moderator, body="Thanks.")
    assert not Comment.objects.filter(parent=parent).exists()


def test_empty_spam_confirms_then_deletes_only_spam(moderator_client, article):
    make_comment(article, status="spam")
    make_comment(article, status="spam")
    keep = make_comment(article, status="pending")
    url = reverse("admin:comments_comment_empty_spam")
    assert "Delete all 2 comments" in moderator_client.get(url).content.decode()
    assert Comment.objects.count() == 3
    moderator_client.post(url)
    assert list(Comment.objects.all()) == [keep]


def test_recheck_action(
    moderator_client, article, akismet_http, django_capture_on_commit_callbacks
):
    comment = make_comment(article, status="pending", spam_verdict="error")
    with django_capture_on_commit_callbacks(execute=True):
        action(moderator_client, "recheck_selected", [comment])
    comment.refresh_from_db()
    assert comment.spam_verdict == "ham"


# Admin index -------------------------------------------------------------------------


def test_admin_index_shows_pending_count_and_no_key_banner(moderator_client, article):
    make_comment(article, status="pending")
    make_comment(article, status="pending")
    html = moderator_client.get("/admin/").content.decode()
    assert "Comments are not being checked for spam" in html
    assert 'class="count comments-panel__pending">2<' in html


def test_editors_dashboard_shows_the_pending_count_once(editor_client, article):
    """The comments panel is the single source of the count on the admin index."""
    make_comment(article, status="pending")
    html = editor_client.get("/admin/").content.decode()
    assert html.count("comments-panel__pending") == 1
    assert "Comments pending" not in html, "no second, bare count from the dashboard"


def test_no_banner_when_the_key_is_configured(moderator_client, akismet_settings):
    html = moderator_client.get("/admin/").content.decode()
    assert "Comments are not being checked for spam" not in html


# Notification emails and one-click links ----------------------------------------------


def test_moderators_are_emailed_at_most_once_per_interval(moderator, article, settings):
    settings.COMMENTS_NOTIFY_MINUTES = 60
    # The links are signed with a timestamp: the clock stands still so ours match the email's.
    with time_machine.travel(timezone.now(), tick=False):
        first = make_comment(article, status="pending", body="First waiting")
        assert notify_waiting() == 1
        make_comment(article, status="pending", body="Second waiting")
        with CaptureQueriesContext(connection) as queries:
            assert notify_waiting() == 0  # rate-limited
        assert len(queries) == 1  # asked after every held comment: the last notice only
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [moderator.email]
        assert "First waiting" in message.body
        assert moderation_url(first, "approve") in message.body
        assert moderation_url(first, "spam") in message.body
        assert moderation_url(first, "trash") in message.body


def test_pending_comment_triggers_a_notification(
    client, moderator, article, django_capture_on_commit_callbacks
):
    from .helpers import comment_url, form_data

    with django_capture_on_commit_callbacks(execute=True):
        client.post(comment_url(article), form_data(comment="Please look"))
    assert len(mail.outbox) == 1
    assert "Please look" in mail.outbox[0].body


def test_one_click_link_confirms_on_get_and_acts_on_post(
    moderator_client, article, django_capture_on_commit_callbacks
):
    """Policy: a GET never changes anything by itself."""
    comment = make_comment(article, status="pending", body="Link me")
    url = reverse("admin:comments_comment_link", args=[moderation_token(comment, "approve")])
    page = moderator_client.get(url)
    assert page.status_code == 200
    assert "Link me" in page.content.decode()
    comment.refresh_from_db()
    assert comment.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url)
    comment.refresh_from_db()
    assert comment.status == "approved"


def test_one_click_link_needs_a_logged_in_moderator(client, journalist_client, article):
    comment = make_comment(article, status="pending")
    url = reverse("admin:comments_comment_link", args=[moderation_token(comment, "trash")])
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert journalist_client.get(url).status_code == 403
    assert journalist_client.post(url).status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_forged_link_is_refused(moderator_client, article):
    comment = make_comment(article, status="pending")
    token = moderation_token(comment, "approve")
    for bad in [token[:-2] + "xx", "garbage", token + "x"]:
        url = reverse("admin:comments_comment_link", args=[bad])
        assert moderator_client.post(url).status_code == 400
    comment.refresh_from_db()
    assert comment.status == "pending"
