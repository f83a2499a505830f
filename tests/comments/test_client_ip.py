"""The reader's IP address behind our own reverse proxies (flood control and Akismet use it)."""

import pytest
from django.test import RequestFactory

from comments.forms import client_ip


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


@pytest.mark.parametrize("forwarded", [None, "", "not-an-ip", " , "])
def test_missing_or_garbage_forwarded_header_gives_no_address(settings, forwarded):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(_request(forwarded=forwarded)) is None


def test_ipv6_is_accepted(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_ip(_request(forwarded="2001:db8::1")) == "2001:db8::1"
