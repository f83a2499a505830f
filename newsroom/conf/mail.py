"""Outgoing email."""

from .base import env

# Email: console in development; EMAIL_URL (smtp://user:pass@host:587) in production.
# Django 6.1's MAILERS replaces EMAIL_BACKEND and the EMAIL_HOST* settings.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_email_options = (
    {
        option: _email[key]
        for key, option in [
            ("EMAIL_HOST", "host"),
            ("EMAIL_PORT", "port"),
            ("EMAIL_HOST_USER", "username"),
            ("EMAIL_HOST_PASSWORD", "password"),
            ("EMAIL_USE_TLS", "use_tls"),
            ("EMAIL_USE_SSL", "use_ssl"),
        ]
        if _email.get(key) not in (None, "")
    }
    # A mail server that does not answer gives up after this many seconds.
    | {"timeout": env.float("EMAIL_TIMEOUT", default=10.0)}
    if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    else {}
)
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where readers send data-protection requests (shown on /privacy/).
PRIVACY_EMAIL = env.str("PRIVACY_EMAIL", default="") or DEFAULT_FROM_EMAIL
