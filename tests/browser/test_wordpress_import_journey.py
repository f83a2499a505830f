"""An editor moves a WordPress site over from the admin, in real headless Chromium: the
"WordPress imports" entry on the admin index, the upload form, the Import button, the
summary; then a reader follows an old link and lands on the imported story."""

import pytest
from playwright.sync_api import expect

from tests.wxr_files import comment, item, write, wxr
from wordpress.models import ImportRun

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_imports_a_wordpress_export(page, editor, tmp_path):
    export = write(
        tmp_path,
        wxr(items=[item(42, "Harbour reopens", name="harbour-reopens",
                        link="https://old.example.com/2019/05/03/harbour/",
                        comments=[comment(1, "Great news")])]),
    )  # fmt: skip
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    page.get_by_role("link", name="WordPress imports").click()
    page.get_by_role("link", name="Add WordPress import").click()
    expect(page.get_by_role("heading", name="Import from WordPress")).to_be_visible()
    page.get_by_label("WordPress export (.xml)").set_input_files(str(export))
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("status")).to_contain_text("Finished")
    summary = page.get_by_role("table")
    expect(summary.get_by_role("row", name="Articles created 1")).to_be_visible()
    expect(summary.get_by_role("row", name="Comments by status approved 1")).to_be_visible()
    assert ImportRun.objects.get().state == ImportRun.State.DONE

    page.goto("/2019/05/03/harbour/")  # the old permalink
    expect(page).to_have_url(f"{page.url.split('/2019')[0]}/2019/05/03/harbour-reopens/")
    expect(page.get_by_role("heading", name="Harbour reopens", level=1)).to_be_visible()
    expect(page.get_by_text("Great news")).to_be_visible()


def test_journalist_gets_a_403(page, journalist):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("journalist")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    expect(page.get_by_role("link", name="WordPress imports")).to_have_count(0)
    response = page.goto("/admin/wordpress/importrun/add/")
    assert response.status == 403
