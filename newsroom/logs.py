"""Log lines for production: one JSON object a line, each tagged with its request's id.

`request_id` holds the id of the request being handled (set by
`newsroom.middleware.RequestLogMiddleware`); `RequestIdFilter` copies it onto
every record so that each line a request logs, whichever logger wrote it,
carries the same id ("-" outside a request: the worker, commands).
`JsonFormatter` also formats gunicorn's access log (gunicorn.conf.py), taking
the method, path, status, duration and request id from gunicorn's atoms.
"""

from __future__ import annotations

import contextlib
import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id: ContextVar[str] = ContextVar("request_id", default="-")

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged.
_STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}

# gunicorn access-log atoms → our field names.
_ACCESS_ATOMS = {"m": "method", "U": "path", "q": "query", "s": "status", "h": "remote_addr"}


class RequestIdFilter(logging.Filter):
    """Put the current request's id on the record (as ``record.request_id``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", ...extra}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(_access_fields(record.args))
        else:
            entry["message"] = record.getMessage()
            entry["request_id"] = getattr(record, "request_id", request_id.get())
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def _access_fields(atoms: dict) -> dict:
    fields = {"message": atoms.get("r", "")}
    for atom, name in _ACCESS_ATOMS.items():
        if atoms.get(atom) not in (None, "", "-"):
            fields[name] = atoms[atom]
    if "status" in fields:
        with contextlib.suppress(ValueError):
            fields["status"] = int(fields["status"])
    if atoms.get("M") not in (None, "-"):
        fields["duration_ms"] = int(atoms["M"])
    # The id our middleware put on the response (from the proxy's X-Request-ID or new).
    fields["request_id"] = atoms.get("{x-request-id}o") or "-"
    return fields
