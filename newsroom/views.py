"""Project-level pages that belong to no app: health checks, privacy notice, errors."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
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
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return mark_private(response)


def server_error(request, template_name="500.html"):
    """handler500: a database that cannot be reached is a 503 'back soon', not a 500."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable()
    return defaults.server_error(request, template_name)


@public_page
def privacy(request):
    return render(
        request,
        "privacy.html",
        {
            "spam_retention_days": settings.COMMENTS_SPAM_RETENTION_DAYS,
            "ip_retention_days": settings.COMMENTS_IP_RETENTION_DAYS,
        },
    )


@public_page
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")
