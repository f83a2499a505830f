"""benchmarks/load.py: the growth is measured with requests to both archives in turn."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest

from benchmarks.load import alternating_p50
from tests.servers import QuietHandler


@pytest.fixture
def two_sites():
    """Two loopback servers that record, in one list, which of them was asked."""
    asked: list[str] = []
    servers = []
    for name in ("small", "large"):

        class Handler(QuietHandler):
            site = name

            def do_GET(self):
                asked.append(self.site)
                self.reply(b"ok")

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    urls = [f"http://127.0.0.1:{s.server_address[1]}/" for s in servers]
    yield (*urls, asked)
    for server in servers:
        server.shutdown()
        server.server_close()


def test_the_two_archives_are_asked_in_turn_and_both_timed(two_sites):
    small, large, asked = two_sites
    small_p50, large_p50 = alternating_p50(small, large, seconds=0.2)
    assert small_p50 > 0
    assert large_p50 > 0
    assert len(asked) >= 4
    # small, large, large, small, small, large, …: neither is always asked first.
    pairs = [asked[i : i + 2] for i in range(0, len(asked) - 1, 2)]
    assert pairs[0] == ["small", "large"]
    assert pairs[1] == ["large", "small"]
    assert asked.count("small") == asked.count("large")
