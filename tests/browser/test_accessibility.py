"""What a reader's browser must get right on every public page, checked in real Chromium.

Each test guards a rule a template or stylesheet change could quietly break:
no sideways scrolling on a phone, alt text on every image, featured images
that hold their shape before they load, one h1 and the landmarks, labelled
comment fields whose errors are announced, and a focus ring that can be seen
in light and dark mode.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.comments.helpers import make_comment
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def _jpeg(name="photo.jpg", size=(1200, 675)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def newsroom():
    """A small but realistic front page: a lead with a picture, cards, a commented article."""
    section = make_section("Science & Environment", slug="science")
    author = make_author("Dr Imogen Pryce", slug="imogen", bio="<p>Hydrologist.</p>")
    tag = make_tag("River Wend", slug="river-wend")
    lead = make_article(
        title="Storm Ingrid floods the Old Quay for the second time in a decade",
        section=section,
        authors=[author],
        tags=[tag],
        featured_image=_jpeg("lead.jpg"),
        featured_image_alt="Flood water across the Old Quay at dawn.",
        featured_image_caption="The Old Quay, where the river topped the wall.",
        body=(
            "<p>The River Wend burst over the wall.</p>"
            '<p>Read the report at <a href="https://example.com/a/very/long/address/'
            'that/goes/on/and/on/without/any/break/at/all">the agency</a>.</p>'
            '<blockquote class="pullquote"><p>The sofa was floating.</p></blockquote>'
        ),
    )
    for n in range(4):
        make_article(
            title=f"Council story number {n} with a headline long enough to wrap",
            section=section,
            authors=[author],
            featured_image=_jpeg(f"card{n}.jpg", size=(800, 800)) if n % 2 else "",
        )
    first = make_comment(
        lead,
        author_name="Maggie Holt",
        body="Unbroken" + "x" * 120 + " — a reader who never presses the space bar.",
    )
    make_comment(lead, parent=first, author_name="Tom Reyes", author_url="https://example.com")
    # A name and addresses with no break opportunity at all (the form allows 100 and 200).
    make_comment(
        lead,
        author_name="Unbreakable" + "N" * 89,
        author_url="https://example.com/" + "u" * 180,
        body="See https://example.com/" + "path" * 45 + " for more.",
    )
    return {"lead": lead, "section": section, "author": author, "tag": tag}


def _public_pages(data):
    return [
        "/",
        data["lead"].get_absolute_url(),
        data["section"].get_absolute_url(),
        data["tag"].get_absolute_url(),
        data["author"].get_absolute_url(),
        "/archive/",
        "/search/?q=flood",
        "/search/",
        "/corrections/",
        "/privacy/",
    ]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_front_page_article_and_search_do_not_scroll_sideways_on_a_phone(phone, newsroom):
    """At 390px nothing may push the page wider than the screen: long words in comments,
    a 100-letter commenter name, long link addresses, images, or a 200-letter search
    query echoed back."""
    for url in ("/", newsroom["lead"].get_absolute_url(), "/search/?q=" + "a" * 200):
        phone.goto(url)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls {overflow}px sideways at 390px"


def test_every_image_has_alt_text_and_featured_images_hold_their_shape(page, newsroom):
    """Every <img> carries alt (empty for decoration); featured images reserve their box
    with a fixed aspect ratio, so text does not jump when the picture arrives."""
    for url in ("/", newsroom["lead"].get_absolute_url(), newsroom["section"].get_absolute_url()):
        page.goto(url)
        images = page.locator("main img")
        assert images.count() > 0, url
        missing = page.evaluate(
            "[...document.images].filter(i => !i.hasAttribute('alt')).map(i => i.src)"
        )
        assert missing == [], f"{url}: images without alt: {missing}"
        shapes = page.evaluate(
            """[...document.querySelectorAll('.lead__figure img, .article__figure img, .card__media img')]
               .map(i => ({ratio: getComputedStyle(i).aspectRatio, h: i.getBoundingClientRect().height}))"""
        )
        assert shapes, url
        for shape in shapes:
            assert shape["ratio"] != "auto", f"{url}: a featured image has no aspect ratio"
            assert shape["h"] > 0, f"{url}: a featured image collapses before it loads"


def test_public_pages_have_one_h1_landmarks_language_and_no_skipped_heading_levels(page, newsroom):
    for url in _public_pages(newsroom):
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert page.get_attribute("html", "lang"), url
        assert page.get_by_role("main").count() == 1, url
        assert page.get_by_role("banner").count() == 1, url
        assert page.get_by_role("contentinfo").count() == 1, url
        assert page.get_by_role("navigation", name="Sections").count() == 1, url
        skips = page.evaluate(
            """(() => { const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
                 .map(h => +h.tagName[1]);
               return levels.filter((l, i) => i > 0 && l > levels[i - 1] + 1); })()"""
        )
        assert skips == [], f"{url}: heading levels skipped: {skips}"


def test_comment_form_fields_are_labelled_and_errors_are_tied_to_them(page, newsroom):
    """Every field has a <label>; a failed post lands the reader on the first field to
    fix, marked invalid, with aria-describedby pointing only at elements that exist."""
    page.goto(newsroom["lead"].get_absolute_url())
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('#comment-form input:not([type=hidden]), #comment-form textarea')]
           .filter(e => !e.closest('[aria-hidden=true]') && !(e.labels && e.labels.length))
           .map(e => e.name)"""
    )
    assert unlabelled == []

    page.fill("#id_email", "not-an-email")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_comment'")
    assert page.get_attribute("#id_comment", "aria-invalid") == "true"
    dangling = page.evaluate(
        """[...document.querySelectorAll('#comment-form [aria-describedby]')]
           .flatMap(e => e.getAttribute('aria-describedby').split(/\\s+/))
           .filter(id => !document.getElementById(id))"""
    )
    assert dangling == [], f"aria-describedby names missing elements: {dangling}"
    assert page.locator("#id_email_error").inner_text().strip()
    # The error list may not sit inside a <p> (the parser would break the field apart).
    assert page.locator("p .errorlist").count() == 0


def _contrast(rgb_a, rgb_b):
    def luminance(rgb):
        channels = []
        for value in rgb:
            c = value / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        r, g, b = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_focus_on_a_link_is_clearly_visible(browser, live_server, newsroom, scheme):
    """A focused link gets a solid outline at least 2px wide whose colour stands out
    from the page (3:1, WCAG 2.2 focus appearance) in both colour schemes."""
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto("/")
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the masthead's name, a link home
        ring = page.evaluate(
            """(() => { const el = document.activeElement, s = getComputedStyle(el);
               const rgb = c => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
               return {tag: el.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                       colour: rgb(s.outlineColor),
                       paper: rgb(getComputedStyle(document.body).backgroundColor)}; })()"""
        )
        assert ring["tag"] == "A"
        assert ring["style"] not in ("none", "hidden")
        assert ring["width"] >= 2
        assert _contrast(ring["colour"], ring["paper"]) >= 3, ring
    finally:
        context.close()
