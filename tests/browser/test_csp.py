"""Every public page and the article admin form run in Chromium without a CSP violation.

An init script records each `securitypolicyviolation` event before any page script
runs; console errors that mention the Content Security Policy are collected too. The
admin form is loaded as an editor, with the prose editor on the page.
"""

import pytest

from tests.articles.test_images import upload
from tests.comments.helpers import make_comment
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber
  );
});
"""


@pytest.fixture
def watched(browser, live_server):
    """A new page factory whose pages record CSP violations and CSP console errors."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        context.add_init_script(RECORD_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.csp_console = []
        page.on(
            "console",
            lambda msg: (
                page.csp_console.append(msg.text)
                if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


def assert_no_violation(page, url):
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{url}: {violations}"
    assert page.csp_console == [], f"{url}: {page.csp_console}"


def test_public_pages_run_without_csp_violations(watched, live_server):
    article = make_article(
        title="Harbour reopens",
        section=make_section("News", slug="news"),
        tags=[make_tag("Harbour", slug="harbour")],
        authors=[make_author("Ada Author", slug="ada")],
        featured_image=upload(),
    )
    first = make_comment(article, body="Good news for the harbour.")
    make_comment(article, body="Agreed.", parent=first)
    urls = [
        "/",
        article.get_absolute_url(),
        "/section/news/",
        "/tag/harbour/",
        "/author/ada/",
        "/archive/",
        f"/archive/{article.published_at.year}/",
        "/search/?q=harbour",
        "/privacy/",
        "/corrections/",
        "/no-such-page/",
    ]
    page = watched()
    for url in urls:
        response = page.goto(url)
        assert response.status in (200, 404), url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert_no_violation(page, url)

    # The article's comment script runs: a reply link moves the form, and writing in
    # the form fetches the CSRF token (a `connect-src` request).
    page.goto(article.get_absolute_url())
    page.locator("[data-reply-to]").first.click()
    page.locator("#comment-form textarea").first.fill("A reply")
    page.wait_for_function(
        "document.querySelector('#comment-form [name=csrfmiddlewaretoken]').value !== ''"
    )
    assert_no_violation(page, "article, after replying")


def test_article_admin_runs_without_csp_violations(watched, editor):
    article = make_article(title="Harbour reopens", live=False, featured_image=upload())
    page = watched()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    assert_no_violation(page, "/admin/")

    for url in ["/admin/articles/article/add/", f"/admin/articles/article/{article.pk}/change/"]:
        page.goto(url)
        editor_box = page.locator(".prose-editor [contenteditable=true]")
        editor_box.click()
        editor_box.press_sequentially("Typed in the editor.")
        page.locator(".field-section .select2-selection").click()  # select2 autocomplete
        page.keyboard.press("Escape")
        assert_no_violation(page, url)
    for url in ["/admin/articles/article/", "/admin/comments/comment/"]:
        page.goto(url)
        assert_no_violation(page, url)
