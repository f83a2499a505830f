"""The moderator's journey in real headless Chromium: a reader's comment waits
(no Akismet key here, so nothing is published unchecked), the moderator logs in
to the admin, filters the queue to Pending, approves it in bulk, and the reader
then sees it published under the article."""

import pytest

from comments.models import Comment
from tests.factories import make_article, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_moderator_approves_a_waiting_comment_and_readers_see_it(browser, live_server, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article(title="Library hours cut")
    make_user("mod", group="Moderators", password="mod-pass-123")

    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto(article.get_absolute_url())
    form = reader.locator("#comment-form")
    form.locator("#id_comment").fill("Saturday mornings matter to families.")
    form.locator("#id_name").fill("Pat Reader")
    form.locator("#id_email").fill("pat@example.com")
    with reader.expect_navigation():
        form.get_by_role("button", name="Post comment").click()
    comment = Comment.objects.get(author_name="Pat Reader")
    assert comment.status == Comment.Status.PENDING

    # Somebody else does not see it yet.
    stranger = browser.new_context(base_url=live_server.url).new_page()
    stranger.goto(article.get_absolute_url())
    assert "Saturday mornings matter" not in stranger.content()

    moderator = browser.new_context(base_url=live_server.url).new_page()
    moderator.goto("/admin/login/?next=/admin/comments/comment/")
    moderator.locator("#id_username").fill("mod")
    moderator.locator("#id_password").fill("mod-pass-123")
    moderator.get_by_role("button", name="Log in").click()
    moderator.wait_for_url("**/admin/comments/comment/**")
    with moderator.expect_navigation():
        moderator.get_by_role("link", name="Pending").first.click()
    row = moderator.locator("#result_list tbody tr", has_text="Saturday mornings matter")
    row.locator("input.action-select").check()
    moderator.locator("select[name=action]").select_option("approve_selected")
    with moderator.expect_navigation():
        moderator.locator("button[name=index], input[name=index]").first.click()

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by.username == "mod"

    stranger.reload()
    published = stranger.locator(f"#comment-{comment.pk}")
    assert "Saturday mornings matter to families." in published.inner_text()
    assert "awaiting moderation" not in published.inner_text()
    for page in (reader, stranger, moderator):
        page.context.close()
