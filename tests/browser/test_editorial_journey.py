"""The editorial workflow in real headless Chromium, through the admin as people use it.

A journalist writes an article (prose-editor body, section autocomplete),
previews it and submits it; an editor sends it back with a note; the
journalist fixes it and resubmits; the editor publishes it; a reader finds it
on the front page. Two browser contexts keep the two staff sessions apart.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = [
    pytest.mark.browser,
    # Real commits (live server); the serialized rollback restores the role groups.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADLINE = "Library to open on Sundays"


def _log_in(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def _message(page):
    return page.locator("ul.messagelist")


def _press(page, button):
    """Press a button that posts the article form and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).first.click()  # save_on_top doubles Save


def _block_type(page, label):
    """Choose `label` in the body editor's block-type menu."""
    page.locator(".prose-menubar__selected").first.click()
    page.locator(".prose-menubar__option", has_text=label).click()


PULL_QUOTE = (
    '<blockquote class="pullquote"><p>We waited years for this.</p>'
    "<footer><cite>Ann Smith, librarian</cite></footer></blockquote>"
)


def test_write_preview_submit_revise_and_publish(
    browser, live_server, page, journalist, editor, mailoutbox
):
    make_section("Local", slug="local")
    editor.first_name, editor.last_name = "Eda", "Editor"
    editor.save()

    # --- The journalist writes, previews and submits ---------------------------------------
    writer = _log_in(browser, live_server, "journalist")
    writer.get_by_role("link", name="Write an article").click()
    writer.wait_for_url("**/admin/articles/article/add/")
    writer.get_by_label("Headline:", exact=True).press_sequentially(
        HEADLINE
    )  # keyup fills the slug
    expect(writer.locator("#id_slug")).to_have_value("library-to-open-on-sundays")
    writer.get_by_label("Standfirst").fill("The central library will open from 11am.")
    body = writer.locator(".prose-editor [contenteditable=true]")
    body.click()
    body.press_sequentially("The council agreed the change on Tuesday.")
    body.press("Enter")
    body.press_sequentially("We waited years for this.")
    _block_type(writer, "Pull quote")
    writer.get_by_role("button", name="Attribution").click()
    writer.keyboard.type("Ann Smith, librarian")
    writer.locator(".field-section .select2-selection").click()
    writer.locator(".select2-container--open .select2-search__field").fill("Loc")
    writer.get_by_role("option", name="Local").click()
    _press(writer, "Save and continue editing")
    expect(_message(writer)).to_contain_text("was added successfully")
    article = Article.objects.get(title=HEADLINE)
    assert article.body == "<p>The council agreed the change on Tuesday.</p>" + PULL_QUOTE
    assert [b.author.user for b in article.bylines.all()] == [journalist]

    # A guest contributor for "additional reporting", created from the byline picker's +.
    with writer.expect_popup() as opened:
        writer.locator("#add_id_bylines-1-author").click()
    popup = opened.value
    popup.get_by_label("Name:").fill("Gwen Guest")
    popup.get_by_label("Website:").fill("https://gwen.example")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close", timeout=30_000)  # the popup saves, then closes itself
    expect(writer.locator("#id_bylines-1-author option:checked")).to_have_text("Gwen Guest")
    writer.locator("#id_bylines-1-role").select_option("additional_reporting")
    _press(writer, "Save and continue editing")
    expect(_message(writer)).to_contain_text("was changed successfully")
    assert [(b.author.name, b.role) for b in article.bylines.order_by("position")] == [
        ("Jo Journalist", "author"),
        ("Gwen Guest", "additional_reporting"),
    ]

    with writer.context.expect_page() as opened:
        writer.get_by_role("link", name="Preview", exact=True).click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator(".preview-banner")).to_have_text("Preview — not published")
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(preview.locator('meta[name="robots"]')).to_have_attribute(
        "content", re.compile("noindex")
    )
    preview.close()

    _press(writer, "Submit for review")
    expect(_message(writer)).to_contain_text("submitted for review")
    expect(writer.locator(".editorial-status__state")).to_contain_text("In review")
    assert any(HEADLINE in m.subject for m in mailoutbox if editor.email in m.to)

    # --- Spotting a slip, the journalist takes it back and submits it again ----------------
    writer.get_by_label("Why (optional, for the history)").fill("Forgot the opening hour.")
    with writer.expect_navigation():
        writer.get_by_role("button", name="Withdraw to draft").click()
    expect(_message(writer)).to_contain_text("withdrawn")
    expect(writer.locator(".editorial-status__state")).to_contain_text("Draft")
    expect(writer.locator(".editorial-history")).to_contain_text("Forgot the opening hour.")
    _press(writer, "Submit for review")
    expect(_message(writer)).to_contain_text("submitted for review")

    # --- The editor asks for a change ------------------------------------------------------
    desk = _log_in(browser, live_server, "editor")
    desk.locator("#editorial-dashboard").get_by_role("link", name=HEADLINE).click()
    desk.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/"))
    desk.get_by_label("Note (required when requesting changes)").fill("Add who voted against.")
    _press(desk, "Request changes")
    expect(_message(desk)).to_contain_text("sent back to the author")

    # --- The journalist sees the note, fixes the story and resubmits -----------------------
    writer.reload()
    expect(writer.locator(".editorial-history")).to_contain_text("Add who voted against.")
    writer.locator(".prose-editor [contenteditable=true] p", has_text="Tuesday").click()
    writer.keyboard.press("End")
    writer.keyboard.type(" Two councillors voted against.")
    _press(writer, "Submit for review")
    expect(_message(writer)).to_contain_text("submitted for review")

    # --- The editor publishes --------------------------------------------------------------
    # It ran on our old site in 2011: the editor publishes it under its original date.
    desk.reload()
    desk.get_by_label("When", exact=True).fill("2011-07-22T09:30")
    _press(desk, "Publish with this earlier date")
    expect(_message(desk)).to_contain_text("published with its date")
    article.refresh_from_db()
    assert article.is_live()
    assert "Two councillors voted against." in article.body
    assert "/2011/07/22/" in article.get_absolute_url()

    # --- A reader opens it: dated 2011, not "Updated", comments open -----------------------
    page.goto(article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(page.locator("article")).to_contain_text("Two councillors voted against.")
    # The pull quote in its styled design, its attribution read with it (inside it).
    quote = page.locator("blockquote.pullquote")
    expect(quote).to_have_css("border-top-style", "solid")
    expect(quote.locator("footer cite")).to_have_text("Ann Smith, librarian")
    expect(page.locator(".byline")).to_contain_text("22 July 2011")
    expect(page.locator(".byline__updated")).to_have_count(0)
    expect(page.locator(".additional-reporting")).to_contain_text("Gwen Guest")
    expect(page.locator("#comment-form")).to_be_visible()

    # --- Editing it later loses nothing ----------------------------------------------------
    stored = article.body
    desk.reload()
    _press(desk, "Save and continue editing")
    expect(_message(desk)).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.body == stored
    assert article.revised_at is None

    writer.context.close()
    desk.context.close()


def test_a_new_article_is_kept_as_a_draft_by_its_first_autosave(browser, live_server, journalist):
    """Nothing typed into a brand-new article is lost: the first autosave creates the
    draft, the form becomes its change form, and Save updates that draft (no duplicate)."""
    make_section("Local", slug="local")
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    writer = context.new_page()
    writer.clock.install()  # drive the 60-second autosave timer without waiting for it
    writer.goto("/admin/login/")
    writer.get_by_label("Username").fill("journalist")
    writer.get_by_label("Password").fill("pw")
    writer.get_by_role("button", name="Log in").click()
    writer.wait_for_url("**/admin/")
    writer.goto("/admin/articles/article/add/")
    writer.get_by_label("Headline:", exact=True).press_sequentially("Power cut in the old town")
    body = writer.locator(".prose-editor [contenteditable=true]")
    body.click()
    body.press_sequentially("Homes lost power at noon.")

    writer.clock.run_for(61_000)
    writer.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/$"))
    expect(writer.locator("#editorial-autosave")).to_contain_text("Kept as a draft")
    draft = Article.objects.get()
    assert (draft.title, draft.status, draft.created_by) == (
        "Power cut in the old town",
        Article.Status.DRAFT,
        journalist,
    )

    body.press_sequentially(" It came back at two.")
    _press(writer, "Save and continue editing")
    expect(_message(writer)).to_contain_text("was changed successfully")
    draft = Article.objects.get()
    assert draft.body == "<p>Homes lost power at noon. It came back at two.</p>"
    assert [b.author.user for b in draft.bylines.all()] == [journalist]
    context.close()


# Every construct core/sanitize.py keeps in a body, in the form the editor writes it.
EVERY_ALLOWED_CONSTRUCT = (
    '<p class="lead">The <strong>lead</strong> paragraph, <em>in brief</em>, '
    "citing <cite>The Gazette</cite>.</p>"
    "<h2>Heading two</h2><h3>Heading three</h3><h4>Heading four</h4>"
    '<p>A <a href="https://example.com/report" title="The report">link</a>'
    ' and a mail <a href="mailto:desk@example.com">link</a>,<br>after a break.</p>'
    '<blockquote class="pullquote" cite="https://example.com/speech"><p>We were ready.</p>'
    "<footer><cite>Ann Smith, mayor</cite></footer></blockquote>"
    "<blockquote><p>An ordinary quotation.</p><footer><cite>Bob Jones</cite></footer>"
    "</blockquote>"
    "<ul><li><p>one</p></li><li><p>two</p></li></ul><ol><li><p>first</p></li></ol>"
    '<figure class="wide"><img src="/static/img/logo.png" alt="The logo" width="400" '
    'height="100" loading="lazy"><figcaption>The caption</figcaption></figure>'
    "<hr><p>The end.</p>"
)


def test_opening_and_saving_an_article_loses_no_allowed_markup(browser, live_server, editor):
    """A load-and-save round trip through the body editor keeps every construct the
    sanitiser allows: pull quote and its attribution, lead paragraph, wide figure with
    caption, lists, headings, links. Only the character typed is new."""
    article = make_article(live=False, body=EVERY_ALLOWED_CONSTRUCT)
    assert article.body == EVERY_ALLOWED_CONSTRUCT  # stored as written: the sanitiser keeps it
    desk = _log_in(browser, live_server, "editor")
    desk.goto(f"/admin/articles/article/{article.pk}/change/")
    desk.locator(".prose-editor [contenteditable=true] p", has_text="The end.").click()
    desk.keyboard.press("End")
    desk.keyboard.type("!")
    _press(desk, "Save and continue editing")
    expect(_message(desk)).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.body == EVERY_ALLOWED_CONSTRUCT.replace("The end.", "The end.!")
    desk.context.close()


def test_journalist_form_on_a_phone_orders_bylines_with_buttons(browser, live_server, journalist):
    """At 390 px the whole form fits the screen; bylines are reordered with Move up, not
    typed numbers; the block-type menu names the block in words; Must read is Yes/No."""
    from articles.models import Byline
    from tests.factories import make_author

    guest = make_author("Gwen Guest", slug="gwen-guest")
    article = make_article(
        live=False,
        created_by=journalist,
        is_editors_pick=True,
        authors=[journalist.author_profile, guest],
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.set_default_timeout(10_000)
    phone = context.new_page()
    phone.goto("/admin/login/")
    phone.get_by_label("Username").fill("journalist")
    phone.get_by_label("Password").fill("pw")
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url("**/admin/")
    phone.goto(f"/admin/articles/article/{article.pk}/change/")
    phone.locator(".prose-editor [contenteditable=true]").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone.locator("#bylines-group td.field-position").first).to_be_hidden()
    label = phone.evaluate(
        "getComputedStyle(document.querySelector('.prose-menubar__selected .material-icons'),"
        " '::after').content"
    )
    assert label.strip('"').lower() == "paragraph"
    expect(phone.locator(".field-must_read")).to_contain_text("Yes")

    phone.locator("#bylines-group tr.form-row", has_text="Gwen Guest").get_by_role(
        "button", name="Move up"
    ).click()
    _press(phone, "Save and continue editing")
    expect(_message(phone)).to_contain_text("was changed successfully")
    names = [b.author.name for b in Byline.objects.filter(article=article).order_by("position")]
    assert names == ["Gwen Guest", "Jo Journalist"]
    context.close()
