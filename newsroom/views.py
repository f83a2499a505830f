"""Project-level pages that belong to no app: health check, privacy notice, errors."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.cache_control import private_page, public_page


@private_page
@require_safe
def healthz(request):
    """Liveness plus a database round trip; 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unavailable", "detail": exc.__class__.__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})


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
