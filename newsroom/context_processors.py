"""Template context shared by every page."""

from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_LANGUAGE": settings.SITE_LANGUAGE,
    }
