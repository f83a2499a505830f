"""The reader's IP address behind our own reverse proxies (flood control and Akismet use it)."""

import logging

import pytest
from django.test import RequestFactory

from comments.forms import client_ip
from comments.models import Comment
from core import client_ip as client_ip_module
from tests.factories import make_article

from .helpers import comment_url, form_data


def _request(remote="10.0.0.5", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **meta)


def test_without_proxies_remote_addr_is_the_reader(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_ip(_request("198.51.100.7", forwarded="203.0.113.1")) == "198.51.100.7"


def test_behind_one_proxy_the_last_forwarded_address_is_the_reader(settings):
    """A client can prepend anything to X-Forwarded-For; only our proxy's entry is trusted."""
    settings.TRUSTED_PROXY_HOPS = 1
    request = _request(forwarded="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_behind_two_proxies_the_second_from_the_right_is_the_reader(settings):
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_ip(_request(forwarded="6.6.6.6, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-ip", " , ", "1.2.3.4, junk"])
def test_missing_or_garbage_forwarded_header_falls_back_to_the_connecting_address(
    settings, forwarded, monkeypatch
):
    """Never None behind proxies: no address would turn flood control off and reach
    Akismet without an IP. The proxy's own address is stricter, never looser."""
    monkeypatch.setattr(client_ip_module, "_warned_about_forwarding", False)
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(_request("10.0.0.5", forwarded=forwarded)) == "10.0.0.5"


def test_too_few_forwarded_entries_for_the_hops_falls_back(settings, monkeypatch):
    monkeypatch.setattr(client_ip_module, "_warned_about_forwarding", False)
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_ip(_request("10.0.0.5", forwarded="203.0.113.9")) == "10.0.0.5"


def test_the_fallback_is_logged_once_per_process(settings, monkeypatch, caplog):
    monkeypatch.setattr(client_ip_module, "_warned_about_forwarding", False)
    settings.TRUSTED_PROXY_HOPS = 1
    with caplog.at_level(logging.WARNING, logger="core.client_ip"):
        for _ in range(3):
            client_ip(_request("10.0.0.5"))
        client_ip(_request("10.0.0.6", forwarded="garbage"))
    warnings = [r for r in caplog.records if r.name == "core.client_ip"]
    assert len(warnings) == 1
    assert "X-Forwarded-For" in warnings[0].getMessage()
    assert "10.0.0.5" in warnings[0].getMessage()


def test_a_good_forwarded_header_logs_nothing(settings, monkeypatch, caplog):
    monkeypatch.setattr(client_ip_module, "_warned_about_forwarding", False)
    settings.TRUSTED_PROXY_HOPS = 1
    with caplog.at_level(logging.WARNING, logger="core.client_ip"):
        assert client_ip(_request(forwarded="203.0.113.9")) == "203.0.113.9"
    assert not caplog.records


def test_no_address_at_all_is_none(settings, monkeypatch):
    monkeypatch.setattr(client_ip_module, "_warned_about_forwarding", False)
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(_request("not-an-ip", forwarded="")) is None
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_ip(_request("not-an-ip")) is None


def test_flood_control_holds_behind_a_proxy_without_forwarded_header(
    client, settings, monkeypatch, db, django_capture_on_commit_callbacks
):
    """The reported hole: TRUSTED_PROXY_HOPS=1, no X-Forwarded-For, flood control off."""
    monkeypatch.setattr(client_ip_module, "_warned_about_forwarding", False)
    settings.TRUSTED_PROXY_HOPS = 1
    settings.COMMENTS_FLOOD_SECONDS = 60
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(comment_url(article), form_data(), REMOTE_ADDR="10.0.0.5")
        second = client.post(comment_url(article), form_data(), REMOTE_ADDR="10.0.0.5")
    assert (first.status_code, second.status_code) == (302, 429)
    assert Comment.objects.get().ip_address == "10.0.0.5"


def test_ipv6_is_accepted(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(_request(forwarded="2001:db8::1")) == "2001:db8::1"
