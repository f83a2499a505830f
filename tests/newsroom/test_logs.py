"""JSON log lines with the request id on each, and the slow-request log."""

import io
import json
import logging

import pytest
from django.http import HttpResponse
from django.test import Client

from newsroom.logs import JsonFormatter, RequestIdFilter, request_id
from newsroom.middleware import RequestLogMiddleware, incoming_request_id


@pytest.fixture
def json_log():
    """Lines written through the production handler set-up (filter + JSON formatter)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.json")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield logger, lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_every_line_logged_during_a_request_carries_its_id(rf, json_log, settings):
    logger, lines = json_log
    settings.SLOW_REQUEST_SECONDS = 60

    def view(request):
        logger.info("first")
        logger.warning("second", extra={"article": 7})
        return HttpResponse("ok")

    response = RequestLogMiddleware(view)(rf.get("/somewhere/"))
    logger.info("after the request")
    first, second, after = lines()
    assert first["request_id"] == second["request_id"] == response["X-Request-ID"]
    assert first["message"] == "first"
    assert first["level"] == "INFO"
    assert first["logger"] == "tests.json"
    assert second["article"] == 7
    assert after["request_id"] == "-"
    assert request_id.get() == "-"


def test_exceptions_are_logged_on_one_line(json_log):
    logger, lines = json_log
    try:
        raise ValueError("bad value")
    except ValueError:
        logger.exception("it failed", extra={"thing": object()})
    (line,) = lines()
    assert line["message"] == "it failed"
    assert "ValueError: bad value" in line["exception"]
    assert line["thing"].startswith("<object object")


def test_gunicorn_access_lines_become_fields():
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(r)s", (), None)
    record.args = {
        "r": "GET /x/?q=1 HTTP/1.1",
        "m": "GET",
        "U": "/x/",
        "q": "q=1",
        "s": "200",
        "h": "10.0.0.1",
        "M": 12,
        "{x-request-id}o": "abc123",
    }
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET"
    assert line["path"] == "/x/"
    assert line["query"] == "q=1"
    assert line["status"] == 200
    assert line["duration_ms"] == 12
    assert line["request_id"] == "abc123"
    assert line["remote_addr"] == "10.0.0.1"


@pytest.mark.parametrize(
    ("hops", "header", "kept"),
    [
        (1, "edge-42.abc", True),
        (1, "3f2c9a1e-1b2c-4d5e-8f90-aabbccddeeff", True),
        (0, "edge-42.abc", False),  # no proxy of ours: anyone could have sent it
        (1, "has spaces", False),
        (1, "<script>", False),
        (1, "x" * 129, False),
        (1, "", False),
    ],
)
def test_request_id_is_taken_from_a_trusted_proxy_only(rf, settings, hops, header, kept):
    settings.TRUSTED_PROXY_HOPS = hops
    request = rf.get("/", HTTP_X_REQUEST_ID=header)
    rid = incoming_request_id(request.META)
    assert (rid == header) is kept
    if not kept:
        assert len(rid) == 32


def test_slow_requests_are_logged_with_path_status_and_duration(db, settings, caplog):
    settings.SLOW_REQUEST_SECONDS = 0
    with caplog.at_level(logging.WARNING, logger="newsroom.requests"):
        Client().get("/privacy/")
    (record,) = caplog.records
    assert record.getMessage().startswith("Slow request: GET /privacy/ took ")
    assert record.path == "/privacy/"
    assert record.status == 200
    assert isinstance(record.duration_ms, int)


def test_fast_requests_are_not_logged(db, settings, caplog):
    settings.SLOW_REQUEST_SECONDS = 30
    with caplog.at_level(logging.WARNING, logger="newsroom.requests"):
        Client().get("/privacy/")
    assert caplog.records == []
