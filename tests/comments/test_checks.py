"""System checks warn when comments are not being checked for spam."""

from comments import spam
from comments.checks import akismet_configuration


def test_missing_key_is_a_warning(settings):
    settings.AKISMET_API_KEY = ""
    (warning,) = akismet_configuration()
    assert warning.id == "comments.W001"
    assert "not being checked for spam" in warning.msg


def test_configured_key_gives_no_warning(settings):
    settings.AKISMET_API_KEY = "k"
    settings.AKISMET_BLOG_URL = "https://news.example"
    assert akismet_configuration() == []


def test_rejected_key_is_a_warning(settings):
    settings.AKISMET_API_KEY = "k"
    settings.AKISMET_BLOG_URL = "https://news.example"
    spam._remember_key(spam.KeyStatus.INVALID)
    assert [w.id for w in akismet_configuration()] == ["comments.W003"]


def test_blog_url_must_be_http(settings):
    settings.AKISMET_API_KEY = "k"
    settings.AKISMET_BLOG_URL = "news.example"
    assert [w.id for w in akismet_configuration()] == ["comments.W002"]
