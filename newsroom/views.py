"""Project-level pages that belong to no app: health checks, privacy notice, errors."""

import sys

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_safe

from core.cache_control import mark_private, private_page, public_page

from . import health

# Seconds a client is asked to wait when the database is away.
RETRY_AFTER_SECONDS = 30


@private_page
@require_safe
def healthz(request):
    """Liveness: the process answers. Cheap, touches nothing (see /readyz for dependencies)."""
    return JsonResponse({"status": "ok"})


@private_page
@require_safe
def readyz(request):
    """Readiness: database, cache and task queue; 503 naming each failing part."""
    checks = health.run_all()
    failing = [name for name, result in checks.items() if result != "ok"]
    return JsonResponse(
        {"status": "error" if failing else "ok", "failing": failing, "checks": checks},
        status=503 if failing else 200,
    )


def database_unavailable() -> HttpResponse:
    """The friendly 503 page: self-contained, rendered without touching the database."""
    try:
        body = loader.get_template("503.html").render({})
        content_type = "text/html; charset=utf-8"
    except Exception:  # the page itself must never fail: fall back to plain text
        body = "The site cannot reach its database just now. Please try again in a minute."
        content_type = "text/plain; charset=utf-8"
    response = HttpResponse(body, status=503, content_type=content_type)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return mark_private(response)


@public_page
def privacy(request):
    return render(
        request,
        "privacy.html",
        {
            "spam_retention_days": settings.COMMENTS_SPAM_RETENTION_DAYS,
            "ip_retention_days": settings.COMMENTS_IP_RETENTION_DAYS,
            "privacy_email": settings.PRIVACY_EMAIL,
        },
    )


@public_page
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


# -- Error pages --------------------------------------------------------------------------
#
# Django's default handlers are wrapped in `requires_csrf_token`, which runs the CSRF
# check again and so reads the form a second time. When the body is what failed (a
# urlencoded form declaring `charset=latin-1` or `utf-16`, a broken multipart body), that
# second read raises inside the error handler and the reader gets a 500. These handlers
# never read the body: none of the error pages holds a form that posts.


def _forget_unreadable_body(request: HttpRequest) -> None:
    """Make `request.POST` an empty form if the body cannot be decoded.

    Anything that runs after the handler (middleware, context processors) then sees an
    empty form instead of raising the same error again.
    """
    if request.method != "POST":
        return
    try:
        request.POST  # noqa: B018  (the read is the test)
    except (BadRequest, SuspiciousOperation, MultiPartParserError, ValueError, OSError):
        # (UnicodeDecodeError is a ValueError; too many fields is a SuspiciousOperation.)
        request._mark_post_parse_error()


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    _forget_unreadable_body(request)
    response = render(request, template, status=status)
    return mark_private(response)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the reader's form could not be confirmed as ours."""
    return _error_page(request, "403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: a self-contained template rendered without the request context.

    Something is already broken, so this touches neither the database nor the body.
    A database that cannot be reached (down, restarting) is the 503 "back in a moment"
    page instead.
    """
    _forget_unreadable_body(request)
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable()
    try:
        body = loader.get_template("500.html").render({})
    except Exception:  # the page itself must never fail: fall back to plain text
        return HttpResponseServerError(
            "Something went wrong on our side. Please try again in a minute.",
            content_type="text/plain; charset=utf-8",
        )
    return mark_private(HttpResponseServerError(body))
