"""An editor answers a commenter's data request in the admin, in real Chromium:
finds the comments by email, downloads the copy, then erases them."""

import json

import pytest

from comments.models import Comment, CommentEvent
from tests.comments.helpers import make_comment
from tests.factories import make_article, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_exports_then_erases_a_commenters_data(browser, live_server):
    article = make_article(title="Harbour plans")
    comment = make_comment(
        article, author_name="Ada Lovelace", author_email="ada@example.com", body="Fix the wall."
    )
    make_user("ed", group="Editors", password="ed-pass-123")

    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/admin/login/?next=/admin/comments/comment/")
    page.locator("#id_username").fill("ed")
    page.locator("#id_password").fill("ed-pass-123")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/comments/comment/**")

    page.get_by_role("link", name="Commenter’s data").click()
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_role("button", name="Find comments").click()
    page.get_by_text("1 comment from ada@example.com").wait_for()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download a copy (JSON)").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["comments"][0]["text"] == "Fix the wall."

    page.get_by_label("Also remove the text of the comments").check()
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Erase this commenter’s data").click()
    page.get_by_text("Personal data erased from 1 comment, text included.").wait_for()
    context.close()

    comment.refresh_from_db()
    assert comment.author_name == "Anonymous"
    assert comment.author_email == ""
    assert comment.status == Comment.Status.APPROVED
    kinds = set(comment.events.values_list("kind", flat=True))
    assert {CommentEvent.Kind.DATA_EXPORTED, CommentEvent.Kind.DATA_ERASED} <= kinds
