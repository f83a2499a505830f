"""The outermost middleware: liveness answered first, then request id and slow-request log.

`LivenessMiddleware` answers `/healthz` before anything else runs, so a load
balancer's or container's health probe is answered whatever Host header it
sends (no ALLOWED_HOSTS match needed) and over plain HTTP even when
SECURE_SSL_REDIRECT is on: it says the process is up, nothing more.

The id is the proxy's `X-Request-ID` when a trusted proxy stands in front
(`TRUSTED_PROXY_HOPS` ≥ 1) and the value is a plausible id; otherwise a new
one. It is set for the whole request in `newsroom.logs.request_id` (so every
log line carries it) and sent back in the response's `X-Request-ID`, which
gunicorn's access log records. A request slower than `SLOW_REQUEST_SECONDS`
is logged as a warning with its method, path, status and duration.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.conf import settings

from .logs import request_id
from .views import healthz

logger = logging.getLogger("newsroom.requests")

# Ids proxies generate (uuid, hex, nginx's $request_id, ...): short and printable.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def incoming_request_id(environ) -> str:
    """The trusted proxy's request id, or a new one (from the WSGI environ or META)."""
    if settings.TRUSTED_PROXY_HOPS > 0:
        proposed = environ.get("HTTP_X_REQUEST_ID", "")
        if _VALID_ID.match(proposed):
            return proposed
    return uuid.uuid4().hex


class LivenessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = incoming_request_id(request.META)
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            duration = time.perf_counter() - started
            if duration >= settings.SLOW_REQUEST_SECONDS:
                logger.warning(
                    "Slow request: %s %s took %d ms",
                    request.method,
                    request.path,
                    duration * 1000,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round(duration * 1000),
                    },
                )
            return response
        finally:
            request_id.reset(token)
