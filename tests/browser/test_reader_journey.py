"""A reader's journey in real headless Chromium: front page → article → author → section → archive."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_browses_from_front_page_to_archive(page):
    section = make_section("Local", slug="local")
    author = make_author("Rita Reporter", slug="rita", bio="<p>Covers the council.</p>")
    helper = make_author("Hal Helper", slug="hal")
    tag = make_tag("Council", slug="council")
    article = make_article(
        title="Council approves new bridge",
        section=section,
        authors=[author],
        additional=[helper],
        tags=[tag],
        body='<p>The vote was close.</p><blockquote class="pullquote"><p>It is a good day.</p></blockquote>',
    )
    make_article(title="Bridge opponents regroup", section=section, tags=[tag])

    page.goto("/")
    assert page.title().startswith("The Newsroom")
    page.get_by_role("link", name="Council approves new bridge").first.click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Council approves new bridge"
    assert page.locator("blockquote.pullquote").inner_text() == "It is a good day."
    assert (
        "Additional reporting by Hal Helper" in page.locator(".additional-reporting").inner_text()
    )
    expect(page.get_by_role("heading", name="Related stories")).to_be_visible()

    page.locator(".byline").get_by_role("link", name="Rita Reporter").click()
    page.wait_for_url("**/author/rita/")
    assert "Covers the council." in page.content()

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Local").click()
    page.wait_for_url("**/section/local/")
    expect(
        page.get_by_role("main")
        .locator(".card-list")
        .get_by_role("link", name="Bridge opponents regroup")
    ).to_be_visible()

    page.get_by_role("link", name="Archive").first.click()
    page.wait_for_url("**/archive/")
    expect(
        page.locator(".archive-list").get_by_role("link", name="Council approves new bridge")
    ).to_be_visible()


def test_skip_link_moves_focus_to_main(page):
    make_article(title="Anything")
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"


def test_share_links_and_copy_link_work_under_a_strict_csp(browser, live_server):
    """The share box needs no inline script: under `script-src 'self'` the plain links are
    there and Copy link copies the canonical address. Without JS the links remain."""
    article = make_article(title="Harbour wall repaired")
    context = browser.new_context(base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))

    def with_csp(route):
        response = route.fetch()
        route.fulfill(
            response=response,
            headers={**response.headers, "content-security-policy": STRICT_CSP},
        )

    page.route(f"**{article.get_absolute_url()}", with_csp)
    response = page.goto(article.get_absolute_url())
    assert response.headers["content-security-policy"] == STRICT_CSP
    share = page.get_by_role("region", name="Share this story")
    for network in ("X", "Facebook", "LinkedIn", "WhatsApp", "Bluesky", "Email"):
        assert share.get_by_role("link", name=network).count() == 1
    share.get_by_role("button", name="Copy link").click()
    share.get_by_text("Link copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(article.get_absolute_url())
    assert violations == []
    context.close()

    no_js = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = no_js.new_page()
    page.goto(article.get_absolute_url())
    share = page.get_by_role("region", name="Share this story")
    assert share.get_by_role("link", name="Bluesky").count() == 1
    assert not share.get_by_role("button", name="Copy link").is_visible()
    no_js.close()
