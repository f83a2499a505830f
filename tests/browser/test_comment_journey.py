"""The reader's comment journey in real headless Chromium: post, see it awaiting
moderation, come back to a prefilled form (consent cookie), reply to a comment."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.comments.helpers import make_comment
from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_comments_replies_and_is_remembered(page, settings, page_cache):
    """With the page and fragment caches on, as in production."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article(title="Bridge reopens")
    earlier = make_comment(article, author_name="Earlier Reader", body="First!")

    page.goto(article.get_absolute_url())
    expect(page.get_by_role("heading", name="1 comment")).to_be_visible()
    form = page.locator("#comment-form")
    form.locator("#id_comment").fill("Good news for cyclists.")
    form.locator("#id_name").fill("Cy Clist")
    form.locator("#id_email").fill("cy@example.com")
    form.get_by_label("Save my name, email, and website").check()
    form.get_by_role("button", name="Post comment").click()

    mine = Comment.objects.get(author_name="Cy Clist")
    page.wait_for_url(f"**{article.get_absolute_url()}#comment-{mine.pk}")
    own = page.locator(f"#comment-{mine.pk}")
    assert "Your comment is awaiting moderation." in own.inner_text()
    assert "awaiting moderation" in page.locator(".messages").inner_text()

    # Back later: the consented cookie fills the form in (comments.js).
    page.goto(article.get_absolute_url())
    assert page.locator("#id_name").input_value() == "Cy Clist"
    assert page.locator("#id_email").input_value() == "cy@example.com"

    # Reply to the earlier comment: the form moves under it and carries the parent.
    page.locator(f"#comment-{earlier.pk}").get_by_role("link", name="Reply").click()
    assert page.locator(f"#comment-{earlier.pk} #comment-form").count() == 1
    page.locator("#id_comment").fill("Agreed, first indeed.")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    reply = Comment.objects.get(body="Agreed, first indeed.")
    assert reply.parent_id == earlier.pk
