"""Newsroom settings: every value read from the environment.

This module is the entry point (DJANGO_SETTINGS_MODULE=newsroom.settings): it
holds what makes the project what it is (apps, middleware, templates, the
site's own knobs) and imports the rest from newsroom/conf/, one module per
concern (database, caches, sign_in, storage, mail, tasks, comments, security,
observability).

Defaults give a zero-configuration development setup (SQLite, local-memory
cache, immediate tasks, console email). Production (DEBUG off) refuses to
start without SECRET_KEY, queues background work in the database for the
worker, keeps database connections open and logs JSON to stdout.
`.env.example` lists every variable; docs/deployment.md explains them.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.functional import lazy
from django_prose_editor.config import html_tags

# The site's identity is read first: the other parts use it too.
from newsroom.conf.base import BASE_DIR, DEBUG, SITE_LANGUAGE, SITE_NAME, SITE_URL, env  # noqa: F401

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or set DEBUG=true for development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Our own page, which (unlike Django's error handlers) never reads the form body again.
CSRF_FAILURE_VIEW = "newsroom.views.csrf_failure"

# How many reverse proxies of ours stand in front of the app; the reader's IP (flood
# control, Akismet) is then read from X-Forwarded-For. 0 = use REMOTE_ADDR as is.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django_prose_editor",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "core",  # template tags only: {% fragment %} (core/templatetags/fragment_tags.py)
    "authors",
    "articles",
    "comments",
    "accounts",
    "demo",
    "wordpress",
    "newsroom",  # project wiring: roles synced on post_migrate
]

MIDDLEWARE = [
    "newsroom.middleware.LivenessMiddleware",
    "newsroom.middleware.RequestLogMiddleware",
    # Before everything else: a cached page is answered without the rest, and what it
    # stores carries the headers the rest set (security, CSP, permissions policy).
    "core.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.ContentSecurityPolicyMiddleware",
    "newsroom.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.db_router.ReplicaRoutingMiddleware",
    # Last, so that it sees the login view's outcome and answers a lockout with its page.
    "axes.middleware.AxesMiddleware",
    # Last, so it sees every 404 first: static pages and old WordPress addresses.
    "articles.middleware.PageAndRedirectMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-gb")
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# The body editor's newsroom nodes (pull quote, attribution, lead paragraph, …):
# an ES module of ours that the editor's "configurable" preset imports. The body
# is sanitised by core/sanitize.py, so the processors add nothing to nh3's list.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [lazy(static, str)("js/prose_newsroom.js")],
        "extensions": {
            name: html_tags([])
            for name in (
                "NewsroomParagraph",
                "NewsroomBlockquote",
                "Attribution",
                "Cite",
                "NewsroomImage",
            )
        },
    }
]

# Preview links for unpublished articles expire after this many hours.
PREVIEW_MAX_AGE_HOURS = env.int("PREVIEW_MAX_AGE_HOURS", default=72)

# WordPress import: the largest export accepted (upload and command), and where uploaded
# exports wait for the worker (not under MEDIA_ROOT: they hold commenters' emails and IPs).
WXR_MAX_UPLOAD_MB = env.int("WXR_MAX_UPLOAD_MB", default=512)
WXR_UPLOAD_ROOT = Path(env.str("WXR_UPLOAD_ROOT", default=str(BASE_DIR / "var" / "wxr")))
# Article bodies of large exports are converted in this many processes (1 = in-process).
WXR_WORKERS = env.int("WXR_WORKERS", default=os.cpu_count() or 1)
WXR_PARALLEL_MIN_ITEMS = env.int("WXR_PARALLEL_MIN_ITEMS", default=2000)

# Reader search, bounded: searches a minute per reader IP (0 = no limit; kept in the
# cache, so per worker with local memory and site-wide with Redis), and how long its
# queries may run before PostgreSQL cancels them (0 = no limit).
SEARCH_RATE_LIMIT = env.int("SEARCH_RATE_LIMIT", default=30)
SEARCH_TIMEOUT_MS = env.int("SEARCH_TIMEOUT_MS", default=2000)

# The rest, one module per concern. Star imports, because some parts define a setting
# only in some environments (DATABASE_ROUTERS with replicas, SESSION_ENGINE with
# SESSIONS_IN_CACHE, the HTTPS cookie and HSTS settings with DEBUG off).
from newsroom.conf.caches import *  # noqa: E402, F403
from newsroom.conf.comments import *  # noqa: E402, F403
from newsroom.conf.database import *  # noqa: E402, F403
from newsroom.conf.mail import *  # noqa: E402, F403
from newsroom.conf.observability import *  # noqa: E402, F403
from newsroom.conf.security import *  # noqa: E402, F403
from newsroom.conf.sign_in import *  # noqa: E402, F403
from newsroom.conf.storage import *  # noqa: E402, F403
from newsroom.conf.tasks import *  # noqa: E402, F403
