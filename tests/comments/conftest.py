"""Fixtures for the comments tests: Akismet without the network, a fresh cache."""

import httpx
import pytest
from django.core.cache import cache

from comments import spam


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The verified-key status lives in the cache; no test inherits another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def akismet_settings(settings):
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_BLOG_URL = "https://news.example"
    settings.AKISMET_API_URL = "https://rest.akismet.com"
    settings.SITE_URL = "https://news.example"
    settings.AKISMET_IS_TEST = False
    return settings


@pytest.fixture
def akismet(akismet_settings, akismet_sync_class, monkeypatch):
    """Akismet answered by the library's TestSyncClient (verdict set with the
    `akismet_client` mark; the plugin's default is spam)."""
    monkeypatch.setattr(spam, "CLIENT_CLASS", akismet_sync_class)
    return akismet_sync_class


class Recorder:
    """An httpx.MockTransport that records requests and answers with `responder`."""

    def __init__(self):
        self.requests: list[httpx.Request] = []
        self.responder = self.default

    @staticmethod
    def default(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/verify-key"):
            return httpx.Response(200, text="valid")
        if path.endswith("/comment-check"):
            return httpx.Response(200, text="false")
        return httpx.Response(200, text="Thanks for making the web a better place.")

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.responder(request)

    def to(self, endpoint: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path.endswith("/" + endpoint)]


@pytest.fixture
def akismet_http(akismet_settings, monkeypatch):
    """The real akismet.SyncClient over an httpx.MockTransport that records requests."""
    recorder = Recorder()
    monkeypatch.setattr(spam, "CLIENT_CLASS", spam.akismet.SyncClient)
    monkeypatch.setattr(spam, "default_transport", lambda: httpx.MockTransport(recorder.handle))
    return recorder
