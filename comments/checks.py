"""System checks: say loudly when comments are not being checked for spam."""

from django.conf import settings
from django.core.checks import Warning, register

from . import spam


@register("comments")
def akismet_configuration(app_configs=None, **kwargs):
    warnings = []
    if not settings.AKISMET_API_KEY:
        warnings.append(
            Warning(
                "Comments are not being checked for spam: AKISMET_API_KEY is not set.",
                hint="Set AKISMET_API_KEY (and AKISMET_BLOG_URL if it differs from SITE_URL). "
                "Until then every comment waits for a moderator.",
                id="comments.W001",
            )
        )
        return warnings
    blog_url = settings.AKISMET_BLOG_URL or settings.SITE_URL
    if not blog_url.startswith(("http://", "https://")):
        warnings.append(
            Warning(
                f"AKISMET_BLOG_URL must be a full http(s) address; got {blog_url!r}.",
                id="comments.W002",
            )
        )
    try:
        status = spam.key_status()
    except Exception:  # a cache outage must not break `manage.py check`
        status = None
    if status == spam.KeyStatus.INVALID:
        warnings.append(
            Warning(
                "Comments are not being checked for spam: Akismet rejected the API key.",
                hint="Check AKISMET_API_KEY and AKISMET_BLOG_URL against your Akismet account.",
                id="comments.W003",
            )
        )
    return warnings
