"""Comments from a WordPress export: queues, threading, skipped pings, never Akismet."""

import datetime
from datetime import UTC

import pytest

from articles.models import Article, ImportedItem
from comments.models import Comment, CommentEvent
from comments.notifications import notify_unchecked, notify_waiting
from comments.wxr import plain_text
from tests.wxr_files import comment, item, run_import, wxr

pytestmark = pytest.mark.django_db


def thread():
    return [
        comment(1, "<p>First!</p>", author="Ann", email="ann@example.com",
                url="https://ann.example.com", ip="203.0.113.9", date_gmt="2019-05-04 09:00:00"),
        comment(2, "Reply to Ann", author="Ben", parent=1, approved="0"),
        comment(3, "Reply to Ben", author="Cat", parent=2, approved="1"),
        comment(4, "Buy pills", author="Spammer", approved="spam"),
        comment(5, "Binned", author="Dan", approved="trash"),
        comment(6, "Linked to you", author="Blog", type="pingback"),
        comment(7, "Tracked", author="Blog", type="trackback"),
    ]  # fmt: skip


def test_comments_in_their_queues_with_threading(tmp_path):
    summary = run_import(tmp_path, wxr(items=[item(1, comments=thread())]))
    article = Article.objects.get()
    by_name = {c.author_name: c for c in Comment.objects.all()}
    assert set(by_name) == {"Ann", "Ben", "Cat", "Spammer", "Dan"}
    ann = by_name["Ann"]
    assert (ann.article, ann.author_email, ann.author_url, ann.ip_address) == (
        article, "ann@example.com", "https://ann.example.com", "203.0.113.9",
    )  # fmt: skip
    assert ann.body == "First!"
    assert ann.created_at == datetime.datetime(2019, 5, 4, 9, 0, tzinfo=UTC)
    assert {name: c.status for name, c in by_name.items()} == {
        "Ann": Comment.Status.APPROVED,
        "Ben": Comment.Status.PENDING,
        "Cat": Comment.Status.APPROVED,
        "Spammer": Comment.Status.SPAM,
        "Dan": Comment.Status.TRASH,
    }
    assert (by_name["Ben"].parent, by_name["Ben"].depth) == (ann, 1)
    assert (by_name["Cat"].parent, by_name["Cat"].depth) == (by_name["Ben"], 2)
    assert summary.comments == {"created": 5}
    assert summary.comments_by_status == {"approved": 2, "pending": 1, "spam": 1, "trash": 1}
    assert summary.skipped["pingback"] == 1
    assert summary.skipped["trackback"] == 1
    assert set(CommentEvent.objects.values_list("kind", flat=True)) == {CommentEvent.Kind.IMPORTED}


def test_approved_comments_show_on_the_article(client, tmp_path):
    run_import(tmp_path, wxr(items=[item(1, comments=thread())]))
    page = client.get(Article.objects.get().get_absolute_url()).text
    assert "First!" in page
    assert "Reply to Ben" in page
    assert "Reply to Ann" not in page
    assert "Buy pills" not in page
    assert "Binned" not in page


def test_imported_comments_are_never_sent_to_akismet(tmp_path, settings, monkeypatch):
    """Not at import, and not later by the re-check of unchecked comments."""
    from comments import spam, tasks

    settings.AKISMET_API_KEY = "key"
    calls = []
    monkeypatch.setattr(spam, "check", lambda *a, **k: calls.append(a))
    run_import(tmp_path, wxr(items=[item(1, comments=thread(), date_gmt="2026-05-31 10:00:00")]))
    assert tasks.recheck_due() == 0
    assert calls == []
    assert set(Comment.objects.values_list("spam_verdict", flat=True)) == {"imported"}
    assert not Comment.objects.due_for_check().exists()


def test_imported_comments_notify_nobody(tmp_path, mailoutbox, moderator):
    run_import(tmp_path, wxr(items=[item(1, comments=thread())]))
    assert notify_waiting() == 0
    assert notify_unchecked() == 0
    assert mailoutbox == []


def test_reimport_changes_nothing_and_updates_a_changed_comment(tmp_path):
    run_import(tmp_path, wxr(items=[item(1, comments=thread())]))
    before = list(Comment.objects.order_by("pk").values_list("pk", "status", "body", "parent"))
    events = CommentEvent.objects.count()
    summary = run_import(tmp_path, wxr(items=[item(1, comments=thread())]))
    assert (
        list(Comment.objects.order_by("pk").values_list("pk", "status", "body", "parent")) == before
    )
    assert CommentEvent.objects.count() == events
    assert summary.comments == {"unchanged": 5}
    changed = thread()
    changed[1] = comment(2, "Reply to Ann", author="Ben", parent=1, approved="1")
    summary = run_import(tmp_path, wxr(items=[item(1, comments=changed)]))
    assert Comment.objects.get(author_name="Ben").status == Comment.Status.APPROVED
    assert summary.comments == {"unchanged": 4, "updated": 1}


def test_skip_comments(tmp_path):
    summary = run_import(tmp_path, wxr(items=[item(1, comments=thread())]), skip_comments=True)
    assert Comment.objects.count() == 0
    assert summary.skipped["comment (--skip-comments)"] == 7


def test_messy_fields_are_tidied(tmp_path):
    comments = [
        comment(1, "x", author="", email="not an email", url="javascript:alert(1)", ip="::ffff:1.2.3.4"),
        comment(2, "y", author="A" * 300, ip="unknown", parent=99),
    ]  # fmt: skip
    summary = run_import(tmp_path, wxr(items=[item(1, comments=comments)]))
    first, second = Comment.objects.order_by("pk")
    assert (first.author_name, first.author_email, first.author_url) == ("Anonymous", "", "")
    assert first.ip_address == "::ffff:1.2.3.4"
    assert len(second.author_name) == 100
    assert second.ip_address is None
    assert second.parent is None
    assert "Comment 2: its parent 99 is not in the file" in summary.warnings[0]


def test_comments_remembered_per_source(tmp_path):
    run_import(tmp_path, wxr(items=[item(1, comments=thread())]))
    assert ImportedItem.objects.filter(kind="comment").count() == 5


def test_plain_text():
    html = '<p>Hello <a href="https://x.example">there</a> &amp; bye<br />line</p><p>Two</p>'
    assert plain_text(html) == "Hello there (https://x.example) & bye\nline\n\nTwo"
