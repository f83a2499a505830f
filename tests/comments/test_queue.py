"""The moderation queue made for triage: why each comment waits, the whole text
with links and keywords marked, who wrote it, one-click row decisions, and a
list whose query count does not grow with the queue."""

import re

import pytest
from django.urls import reverse

from comments import moderation
from comments.models import Comment, DiscussionSettings
from comments.spam import CheckResult
from tests.factories import make_article
from tests.queries import count_queries

from .helpers import make_comment

CHANGELIST = "/admin/comments/comment/"
HoldKind = Comment.HoldKind


@pytest.fixture
def article(db):
    return make_article(title="Harbour plans")


def pending(article, **overrides):
    overrides.setdefault("status", "pending")
    overrides.setdefault("spam_verdict", "unchecked")
    return make_comment(article, **overrides)


# Why it waits ----------------------------------------------------------------------


def test_first_comment_from_an_address_is_held_with_that_reason(article):
    comment = pending(article)
    moderation.apply_verdict(comment.pk, CheckResult("ham"))
    comment.refresh_from_db()
    assert (comment.status, comment.hold_kind) == ("pending", HoldKind.FIRST_COMMENT)


def test_links_keyword_and_hold_all_each_have_their_kind_and_note(article):
    make_comment(article, author_email="known@example.com")  # a returning commenter
    DiscussionSettings(max_links=2, moderation_keys="casino\n").save()
    links = pending(
        article, author_email="known@example.com", body="http://a.example http://b.example"
    )
    keyword = pending(article, author_email="known@example.com", body="Best CASINO in town")
    for comment in (links, keyword):
        moderation.apply_verdict(comment.pk, CheckResult("ham"))
        comment.refresh_from_db()
    assert links.hold_kind == HoldKind.LINKS
    assert links.hold_note.startswith("2 links")
    assert keyword.hold_kind == HoldKind.KEYWORD
    assert keyword.hold_note == "Keyword: casino"

    DiscussionSettings(hold_all=True).save()
    held = pending(article, author_email="known@example.com")
    moderation.apply_verdict(held.pk, CheckResult("ham"))
    held.refresh_from_db()
    assert held.hold_kind == HoldKind.HOLD_ALL


def test_akismet_unavailable_and_staff_decision_are_reasons(article, moderator):
    comment = pending(article)
    moderation.apply_verdict(comment.pk, CheckResult("error", error="timed out"))
    comment.refresh_from_db()
    assert (comment.hold_kind, comment.hold_note) == (HoldKind.AKISMET_UNAVAILABLE, "timed out")

    approved = make_comment(article)
    moderation.unapprove([approved.pk], actor=moderator)
    approved.refresh_from_db()
    assert (approved.status, approved.hold_kind) == ("pending", HoldKind.STAFF)


def test_a_returning_commenter_passed_by_akismet_is_published_with_no_reason(article):
    make_comment(article, author_email="known@example.com")
    comment = pending(article, author_email="known@example.com")
    moderation.apply_verdict(comment.pk, CheckResult("ham"))
    comment.refresh_from_db()
    assert (comment.status, comment.hold_kind) == ("approved", "")


def test_hold_column_and_filter(moderator_client, article):
    pending(article, body="Waiting for links", hold_kind=HoldKind.LINKS, hold_note="3 links")
    pending(article, body="Waiting for a word", hold_kind=HoldKind.KEYWORD, hold_note="Keyword: x")
    html = moderator_client.get(CHANGELIST, {"status": "pending"}).content.decode()
    assert "Too many links" in html
    assert "3 links" in html
    assert "Moderation keyword (1)" in html  # the filter, with its count
    filtered = moderator_client.get(CHANGELIST, {"held": "keyword"}).content.decode()
    assert "Waiting for a word" in filtered
    assert "Waiting for links" not in filtered


# Readable rows ---------------------------------------------------------------------------


def test_row_shows_the_whole_text_with_links_and_keywords_marked(moderator_client, article):
    DiscussionSettings(moderation_keys="casino").save()
    make_comment(
        article,
        body="Cheap <b>casino</b> at https://spam.example/x?a=1 now",
        author_url="https://ada.example",
        author_email="ada@example.com",
        ip_address="203.0.113.9",
        status="pending",
    )
    make_comment(article, author_email="ada@example.com", status="approved")
    make_comment(article, author_email="ada@example.com", status="approved")
    html = moderator_client.get(CHANGELIST, {"status": "pending"}).content.decode()
    assert "&lt;b&gt;" in html  # escaped, never markup
    assert '<mark class="queue-mark queue-mark--keyword">casino</mark>' in html
    assert '<mark class="queue-mark queue-mark--link">https://spam.example/x?a=1</mark>' in html
    for text in ["https://ada.example", "ada@example.com", "203.0.113.9", "2 approved comments"]:
        assert text in html


def test_a_long_comment_is_shown_in_full_behind_a_disclosure(moderator_client, article):
    body = "word " * 400 + "THE-END"
    make_comment(article, body=body)
    html = moderator_client.get(CHANGELIST).content.decode()
    assert "<details" in html
    assert "THE-END" in html


def test_article_title_links_to_the_comments_place(moderator_client, article):
    approved = make_comment(article)
    waiting = pending(article)
    html = moderator_client.get(CHANGELIST).content.decode()
    assert f'href="{approved.get_absolute_url()}">Harbour plans' in html
    assert f'href="{article.get_absolute_url()}#comments">Harbour plans' in html
    assert reverse("admin:comments_comment_change", args=[waiting.pk]) in html


def test_queue_query_count_does_not_grow_with_the_queue(moderator_client, article):
    """Budget: session, user, permissions, the policy (keywords), the list's count and
    page (approved counts in a subquery of the page's query), the two filters' counts,
    the pending panel; the same at 5 and at 40 comments from different authors."""

    def fill(n):
        for i in range(n):
            make_comment(article, status="pending", author_email=f"a{i}@example.com")
            make_comment(make_article(title=f"Other {i}"), author_email=f"a{i}@example.com")

    fill(5)
    small = count_queries(moderator_client, CHANGELIST, {"status": "pending"})
    fill(35)
    large = count_queries(moderator_client, CHANGELIST, {"status": "pending"})
    assert small == large
    assert small == 11, small


# One click per row ------------------------------------------------------------------------


def test_row_buttons_for_pending_comments(moderator_client, article):
    comment = pending(article)
    html = moderator_client.get(CHANGELIST, {"status": "pending"}).content.decode()
    for decision in ("approve", "spam", "trash"):
        url = reverse("admin:comments_comment_decide", args=[comment.pk, decision])
        assert f'formaction="{url}"' in html
    assert re.search(r'name="next" value="/admin/comments/comment/\?status=pending"', html)


def test_row_button_without_javascript_returns_to_the_same_filtered_page(moderator_client, article):
    comment = pending(article)
    back = CHANGELIST + "?status=pending&held=links&o=-6"
    response = moderator_client.post(
        reverse("admin:comments_comment_decide", args=[comment.pk, "approve"]), {"next": back}
    )
    assert response.status_code == 302
    assert response["Location"] == back
    comment.refresh_from_db()
    assert comment.status == "approved"


@pytest.mark.parametrize(
    "bad", ["https://evil.example/admin/comments/comment/", "//evil.example", "/admin/"]
)
def test_row_button_never_redirects_off_the_queue(moderator_client, article, bad):
    comment = pending(article)
    response = moderator_client.post(
        reverse("admin:comments_comment_decide", args=[comment.pk, "trash"]), {"next": bad}
    )
    assert response["Location"] == reverse("admin:comments_comment_change", args=[comment.pk])


def test_row_button_with_javascript_gets_the_new_status(moderator_client, article):
    comment = pending(article, author_name="Ann")
    response = moderator_client.post(
        reverse("admin:comments_comment_decide", args=[comment.pk, "spam"]),
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {
        "id": comment.pk,
        "status": "spam",
        "status_label": "Spam",
        "message": "Comment by Ann marked as spam.",
    }


def test_journalist_gets_no_row_buttons_and_cannot_decide(journalist_client, article):
    comment = pending(article)
    url = reverse("admin:comments_comment_decide", args=[comment.pk, "approve"])
    assert journalist_client.post(url, HTTP_ACCEPT="application/json").status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_unknown_decision_is_a_404(moderator_client, article):
    comment = pending(article)
    url = reverse("admin:comments_comment_decide", args=[comment.pk, "publish"])
    assert moderator_client.post(url).status_code == 404


# Delete says what happens -------------------------------------------------------------------


def test_delete_page_says_replies_are_kept_and_move_up(editor_client, article):
    parent = make_comment(article, author_name="Top")
    doomed = make_comment(article, parent=parent, author_name="Middle")
    reply = make_comment(article, parent=doomed, author_name="Bottom")
    url = reverse("admin:comments_comment_delete", args=[doomed.pk])
    html = editor_client.get(url).content.decode()
    assert "kept" in html
    assert "up a level" in html
    assert "Bottom" in html
    assert "will be deleted" not in html
    editor_client.post(url, {"post": "yes"})
    reply.refresh_from_db()
    assert reply.parent_id == parent.pk
    assert not Comment.objects.filter(pk=doomed.pk).exists()


def test_delete_selected_page_says_replies_are_kept(editor_client, article):
    parent = make_comment(article, author_name="Top")
    reply = make_comment(article, parent=parent, author_name="Bottom")
    data = {"action": "delete_selected", "_selected_action": [parent.pk]}
    html = editor_client.post(CHANGELIST, data).content.decode()
    assert "Replies to them are <strong>kept</strong>" in html
    assert "will be deleted" not in html
    editor_client.post(CHANGELIST, {**data, "post": "yes"})
    reply.refresh_from_db()
    assert reply.parent_id is None
