"""Playwright driving Debian's Chromium against a live server.

The browser binary is taken from CHROMIUM_PATH or /usr/bin/chromium (CI
installs Debian's `chromium`); without one these tests are skipped visibly.
"""

import os
import shutil

import pytest

from newsroom.roles import sync_roles

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# in the same thread (test set-up) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """The role groups exist in every journey, whatever ran before.

    Browser tests commit for real (live server), so the database is flushed
    after each; serialized_rollback does not reliably bring the groups back
    when other transactional tests ran first. sync_roles is idempotent.
    """
    sync_roles()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
