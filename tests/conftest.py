"""Shared cast and test-only settings.

The cast: journalist, second_journalist, editor, moderator, reader (no staff
rights) and the anonymous `client`. Each *_client fixture is logged in.
"""

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from django.test import Client

from articles.roles import EDITORS, JOURNALISTS
from comments.roles import MODERATORS
from tests.factories import make_author, make_user

# A read replica that mirrors the primary, for the router tests
# (tests/newsroom/test_db_router.py). Nothing else reads from it: no replica is
# in DATABASE_REPLICAS unless a test puts it there.
django_settings.DATABASES["replica1"] = {
    **django_settings.DATABASES["default"],
    "TEST": {"MIRROR": "default"},
}
connections.__dict__.pop("settings", None)  # in case the aliases were read already


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Tests may run before collectstatic; serve static files without the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WXR_UPLOAD_ROOT = tmp_path / "wxr-uploads"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.AKISMET_API_KEY = ""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
        },
    }
    # Most tests change data with the ORM and read the page again: the page cache is
    # switched on by the tests about it (the `page_cache` fixture).
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = False  # the same, for shared fragments
    # On by default in production; tests that are about it turn it on.
    settings.REQUIRE_2FA_FOR_EDITORS = False
    # Tests search far more than 30 times a minute from 127.0.0.1; the rate-limit tests
    # turn it on themselves.
    settings.SEARCH_RATE_LIMIT = 0


@pytest.fixture
def page_cache(settings):
    """The reader page cache (and the fragment cache beside it) switched on and empty."""
    from django.core.cache import caches

    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def fragment_cache(settings, page_cache):
    """The fragment cache on and empty, the page cache off: every request renders its
    page, and only the kept fragments could be stale."""
    settings.PAGE_CACHE_ENABLED = False
    return page_cache


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and the work it schedules after commit: commit(change, *args, **kw)."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def journalist(db):
    user = make_user("journalist", group=JOURNALISTS)
    make_author("Jo Journalist", slug="jo-journalist", user=user)
    return user


@pytest.fixture
def second_journalist(db):
    user = make_user("journalist2", group=JOURNALISTS)
    make_author("Sam Second", slug="sam-second", user=user)
    return user


@pytest.fixture
def editor(db):
    return make_user("editor", group=EDITORS)


@pytest.fixture
def moderator(db):
    return make_user("moderator", group=MODERATORS)


@pytest.fixture
def reader(db):
    return make_user("reader", is_staff=False)


def _client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def journalist_client(journalist):
    return _client_for(journalist)


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def moderator_client(moderator):
    return _client_for(moderator)


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF, as browsers do."""
    return Client(enforce_csrf_checks=True)


def pytest_collection_modifyitems(config, items):
    """Skip Postgres-only tests visibly when running on SQLite."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL to run)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
