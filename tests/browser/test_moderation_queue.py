"""The moderator's tools, clicked in real Chromium: every decision button on a
comment's page, and a phone-sized queue of 30 mixed comments cleared one tap
each (with JavaScript, in place; without, back to the same filtered page), and
WordPress's keyboard shortcuts."""

import pytest

from comments.models import Comment, CommentEvent
from tests.comments.helpers import make_comment
from tests.factories import make_article, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
TOUCH = {"viewport": PHONE, "has_touch": True, "is_mobile": True}
Kind = CommentEvent.Kind
HoldKind = Comment.HoldKind


def moderator_page(browser, live_server, **context_options):
    make_user("mod", group="Moderators", password="mod-pass-123")
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill("mod")
    page.locator("#id_password").fill("mod-pass-123")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


@pytest.mark.parametrize(
    ("button", "before", "after", "kind"),
    [
        ("Approve", {"status": "pending", "spam_verdict": "ham"}, "approved", Kind.APPROVED),
        ("Spam", {"status": "pending", "spam_verdict": "ham"}, "spam", Kind.SPAMMED),
        ("Not spam", {"status": "spam", "spam_verdict": "spam"}, "approved", Kind.NOT_SPAM),
        ("Trash", {"status": "pending", "spam_verdict": "ham"}, "trash", Kind.TRASHED),
    ],
)
def test_every_decision_button_on_a_comments_page_works(
    browser, live_server, button, before, after, kind
):
    page = moderator_page(browser, live_server)
    comment = make_comment(make_article(title="Pier repairs"), **before)
    page.goto(f"/admin/comments/comment/{comment.pk}/change/")
    page.locator(".comment-decisions").get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    comment.refresh_from_db()
    assert comment.status == after
    event = comment.events.get(kind=kind)
    assert event.actor.username == "mod"
    assert page.locator(".messagelist").inner_text().startswith("Comment by")


def mixed_queue(n=30):
    """n pending comments with every reason to wait, long and short, with links."""
    article = make_article(title="Harbour wall")
    reasons = [
        (HoldKind.FIRST_COMMENT, "First comment from this email address."),
        (HoldKind.LINKS, "3 links (the limit is fewer than 2)."),
        (HoldKind.KEYWORD, "Keyword: casino"),
        (HoldKind.AKISMET_UNAVAILABLE, "timed out"),
        (HoldKind.HOLD_ALL, "Every comment is held for a moderator."),
    ]
    comments = []
    for i in range(n):
        kind, note = reasons[i % len(reasons)]
        body = f"Comment {i}: " + ("see https://example.com/a/very/long/path " * (1 + i % 4))
        if i % 7 == 0:
            body += "word " * 300
        comments.append(
            make_comment(
                article,
                status="pending",
                spam_verdict="unchecked" if kind == HoldKind.AKISMET_UNAVAILABLE else "ham",
                hold_kind=kind,
                hold_note=note,
                body=body,
                author_url="https://a-rather-long-domain-name.example/with/a/path" if i % 3 else "",
            )
        )
    return comments


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_moderator_clears_30_mixed_comments_on_a_phone_one_tap_each(browser, live_server):
    comments = mixed_queue(30)
    page = moderator_page(browser, live_server, **TOUCH)
    page.goto("/admin/comments/comment/?status=pending")
    assert no_sideways_scroll(page)
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 30
    # Each card says why it waited.
    first = page.locator("#result_list tbody tr", has_text="Comment 0:")
    assert "First comment from this address" in first.inner_text()
    assert (
        "Keyword: casino"
        in page.locator("#result_list tbody tr", has_text="Comment 2:").inner_text()
    )

    plan = {}
    for index, comment in enumerate(comments):
        decision = ["Approve", "Spam", "Trash"][index % 3]
        plan[comment.pk] = decision
        row = page.locator(f'.row-decisions[data-comment="{comment.pk}"]')
        row.get_by_role("button", name=decision, exact=True).tap()
        row.locator(".row-decisions__result").filter(has_text="Comment by").wait_for()
    assert no_sideways_scroll(page)
    expected = {"Approve": "approved", "Spam": "spam", "Trash": "trash"}
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == expected[plan[comment.pk]]
    assert Comment.objects.pending().count() == 0
    assert CommentEvent.objects.filter(actor__username="mod").count() == 30


def test_without_javascript_a_row_button_returns_to_the_same_filtered_page(browser, live_server):
    comments = mixed_queue(5)
    page = moderator_page(browser, live_server, **TOUCH, java_script_enabled=False)
    queue = "/admin/comments/comment/?held=links&status=pending"
    page.goto(queue)
    links_held = [c for c in comments if c.hold_kind == HoldKind.LINKS]
    assert page.locator("#result_list tbody tr").count() == len(links_held) == 1
    page.get_by_role("button", name="Spam", exact=True).tap()
    page.wait_for_load_state()
    assert page.url.endswith(queue)
    assert "marked as spam" in page.locator(".messagelist").inner_text()
    links_held[0].refresh_from_db()
    assert links_held[0].status == "spam"
    assert no_sideways_scroll(page)


def test_keyboard_shortcuts_move_and_decide(browser, live_server):
    article = make_article(title="Lighthouse")
    older = make_comment(article, status="pending", body="Older one")
    newer = make_comment(article, status="pending", body="Newer one")
    page = moderator_page(browser, live_server)
    page.goto("/admin/comments/comment/?status=pending")
    page.keyboard.press("j")  # the first row (newest first)
    page.keyboard.press("a")
    page.locator(f'.row-decisions[data-comment="{newer.pk}"] .row-decisions__result').filter(
        has_text="approved"
    ).wait_for()
    # After a decision the next undecided row is current: "s" marks it as spam.
    page.keyboard.press("Escape")
    page.locator("body").focus()
    page.keyboard.press("s")
    page.locator(f'.row-decisions[data-comment="{older.pk}"] .row-decisions__result').filter(
        has_text="spam"
    ).wait_for()
    newer.refresh_from_db()
    older.refresh_from_db()
    assert (newer.status, older.status) == ("approved", "spam")
