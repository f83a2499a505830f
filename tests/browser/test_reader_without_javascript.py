"""A reader without JavaScript, in real Chromium with scripts off: posts in one
press from the cached page, replies through a real Reply link, and a forged
post from another site is refused with nothing saved. With scripts on, the
"remember me" cookie survives a website address full of awkward characters."""

import pytest

from comments.models import Comment
from tests.comments.helpers import make_comment
from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def no_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def fill(form, comment, name="Nora Noscript", email="nora@example.com"):
    form.locator("#id_comment").fill(comment)
    form.locator("#id_name").fill(name)
    form.locator("#id_email").fill(email)


def test_reader_without_javascript_posts_and_replies_in_one_press_each(no_js, settings, page_cache):
    """With the page and fragment caches on, as in production."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article(title="Night buses return")
    earlier = make_comment(article, author_name="Earlier Reader", body="About time.")

    no_js.goto(article.get_absolute_url())
    fill(no_js.locator("#comment-form"), "Good for shift workers.")
    no_js.get_by_role("button", name="Post comment").click()
    no_js.wait_for_load_state()
    mine = Comment.objects.get(body="Good for shift workers.")  # one press
    assert mine.parent is None
    assert "awaiting moderation" in no_js.locator(f"#comment-{mine.pk}").inner_text()

    # Reply: a real link that loads the form set to answer that comment.
    no_js.locator(f"#comment-{earlier.pk}").get_by_role("link", name="Reply").click()
    no_js.wait_for_load_state()
    assert f"replytocom={earlier.pk}" in no_js.url
    assert no_js.url.endswith("#respond")
    assert no_js.locator("#reply-title").inner_text().startswith("Reply to Earlier Reader")
    fill(no_js.locator("#comment-form"), "Agreed, about time.", name="Nora", email="n2@example.com")
    no_js.get_by_role("button", name="Post comment").click()
    no_js.wait_for_load_state()
    reply = Comment.objects.get(body="Agreed, about time.")
    assert reply.parent_id == earlier.pk


def test_forged_post_from_another_site_is_refused_and_nothing_saved(no_js, live_server, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article(title="Bridge tolls")
    # The forger copies the public page's form, token included, onto their own site.
    no_js.goto(article.get_absolute_url())
    token = no_js.locator("input[name=form_token]").get_attribute("value")
    target = live_server.url + article.get_absolute_url() + "comment/"
    evil = f"""<!doctype html><title>Win a prize</title>
    <form method="post" action="{target}">
      <input name="comment" value="Forged words"><input name="name" value="Victim">
      <input name="email" value="victim@example.com"><input name="form_token" value="{token}">
      <button>Claim</button>
    </form>"""
    no_js.route(
        "http://evil.example/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=evil),
    )
    no_js.goto("http://evil.example/prize")
    no_js.get_by_role("button", name="Claim").click()
    no_js.wait_for_load_state()
    assert "has not been posted yet" in no_js.content()
    assert not Comment.objects.exists()


def test_remember_me_survives_an_awkward_website_address(page, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article(title="Cycle lanes")
    name = 'Zoë "Zed" O\'Néill'
    url = 'https://example.com/päth/a,b?q=1&r="two"&s=é'
    page.goto(article.get_absolute_url())
    form = page.locator("#comment-form")
    fill(form, "Remember me, please.", name=name, email="zoe@example.com")
    form.locator("#id_url").fill(url)
    form.get_by_label("Save my name, email, and website").check()
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    stored = Comment.objects.get(body="Remember me, please.")

    page.goto(article.get_absolute_url())
    assert page.locator("#id_name").input_value() == name
    assert page.locator("#id_email").input_value() == "zoe@example.com"
    assert page.locator("#id_url").input_value() == stored.author_url
    assert "päth" in stored.author_url
    assert "&r=" in stored.author_url
    assert page.locator("#id_remember").is_checked()


def test_cancelling_a_rejected_reply_returns_to_the_article(no_js, settings, page_cache):
    """The form comes back with its errors after the POST (at …/comment/); its "Cancel
    reply" link leads to the article, not to the POST-only address (a 405)."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article(title="Harbour wall repaired")
    earlier = make_comment(article, author_name="Earlier Reader", body="At last.")
    no_js.goto(f"{article.get_absolute_url()}?replytocom={earlier.pk}#respond")
    fill(no_js.locator("#comment-form"), "Half a reply", email="not-an-address")
    no_js.get_by_role("button", name="Post comment").click()
    no_js.wait_for_load_state()
    assert no_js.url.endswith("/comment/")
    assert no_js.locator("#reply-title").inner_text().startswith("Reply to Earlier Reader")
    with no_js.expect_navigation() as navigation:
        no_js.get_by_role("link", name="Cancel reply").click()
    response = navigation.value
    assert response.status == 200
    assert no_js.url.endswith(article.get_absolute_url() + "#respond")
    assert not Comment.objects.filter(body="Half a reply").exists()
