"""Newsroom settings: one module, every value read from the environment.

Defaults give a zero-configuration development setup (SQLite, local-memory
cache, immediate tasks, console email). Production (DEBUG off) refuses to
start without SECRET_KEY, queues background work in the database for the
worker, keeps database connections open and logs JSON to stdout.
`.env.example` lists every variable; docs/deployment.md explains them.
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.csp import CSP
from django.utils.functional import lazy
from django_prose_editor.config import html_tags

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is read if present; real environment variables win.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

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

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="The Newsroom")
SITE_LANGUAGE = env.str("SITE_LANGUAGE", default="en")

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

# The search's typo fallback (articles/search.py) compares titles with pg_trgm's `%>`
# operator, whose threshold is a session setting: it is sent as a startup option of
# every PostgreSQL connection, so no connection pays a query for it.
SEARCH_TRIGRAM_THRESHOLD = 0.5

# Production keeps connections open (checked before reuse, so a restarted PostgreSQL
# costs no error); DATABASE_POOL=true uses psycopg's pool instead.
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASE_POOL = env.bool("DATABASE_POOL", default=False)
DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=4)
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=5)


def _database(url: str) -> dict:
    config = env.db_url_config(url)
    config["ATOMIC_REQUESTS"] = False
    config["CONN_HEALTH_CHECKS"] = True
    config["CONN_MAX_AGE"] = 0 if DATABASE_POOL else CONN_MAX_AGE
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        startup = f"-c pg_trgm.word_similarity_threshold={SEARCH_TRIGRAM_THRESHOLD}"
        options["options"] = f"{options.get('options', '')} {startup}".strip()
        # Fail fast (a friendly 503) rather than hold a worker while PostgreSQL is away.
        options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
        if DATABASE_POOL:
            options["pool"] = {
                "min_size": 1,
                "max_size": DATABASE_POOL_MAX_SIZE,
                "timeout": DATABASE_CONNECT_TIMEOUT,
            }
    return config


DATABASES = {
    "default": _database(env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
}
# Read replicas: anonymous reads of public pages go to one of them, everything else
# (writes, the admin, the worker, a reader who has just posted) to the primary.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica{_number}"] = _database(_url)
    DATABASE_REPLICAS.append(f"replica{_number}")
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
# How long after a POST a reader's requests stay on the primary (replication lag).
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that an unreachable Redis is a cache miss.
            "BACKEND": "newsroom.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_TIMEOUT", default=0.5),
                "socket_timeout": env.float("REDIS_TIMEOUT", default=0.5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions (staff only: readers have none) in the cache, written through to the database.
if env.bool("SESSIONS_IN_CACHE", default=False):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The reader page cache (core/page_cache.py). It must be shared by every process that
# serves pages or changes content (web workers, the task worker, management commands),
# so that a change made by one is seen by all: Redis when REDIS_URL is set, otherwise
# a directory on this machine.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# Pieces many pages share (navigation, latest news, must read), under the same rules
# (core/fragments.py); also used when the page cache is off.
FRAGMENT_CACHE_ENABLED = env.bool("FRAGMENT_CACHE_ENABLED", default=True)
PAGE_CACHE_ALIAS = "pages"
if REDIS_URL:
    CACHES["pages"] = {
        **CACHES["default"],  # fail-soft, short timeouts
        "KEY_PREFIX": "newsroom-pages",
    }
else:
    CACHES["pages"] = {
        "BACKEND": "core.file_cache.UncompressedFileCache",
        "LOCATION": env.str("PAGE_CACHE_DIR", default=str(BASE_DIR / ".page-cache")),
        "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_MAX_ENTRIES", default=5000)},
    }
# A request carrying one of these cookies is one reader's own: it neither reads nor fills
# the page cache (session: staff and logged-in users; messages: a one-shot notice;
# comments_mine: the reader's own pending comments are shown to them).
PAGE_CACHE_BYPASS_COOKIES = ["sessionid", "messages", "comments_mine"]

# Axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Failed-login throttling (django-axes; accounts/throttle.py). Counted per account and,
# separately, per IP address; either reaching the limit pauses signing in for the cool-off.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.login_client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Two-factor sign-in (django-otp; accounts/two_factor.py): required for Editors and
# superusers when on, which it is by default in production and not in development.
REQUIRE_2FA_FOR_EDITORS = env.bool("REQUIRE_2FA_FOR_EDITORS", default=not DEBUG)
OTP_TOTP_ISSUER = SITE_NAME

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-gb")
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
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

MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# How long browsers and CDNs may keep an uploaded image.
MEDIA_CACHE_SECONDS = env.int("MEDIA_CACHE_SECONDS", default=60 * 60 * 24)
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs django-storages: pip install 'newsroom[s3]'."
        )
    _bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not _bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    # Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY in the environment, an instance role, ...).
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "default_acl": env.str("AWS_DEFAULT_ACL", default="") or None,
            # Public-read objects linked directly: no expiring signatures in cached pages.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": f"public, max-age={MEDIA_CACHE_SECONDS}"},
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3; got {MEDIA_STORAGE!r}.")
# The app serves MEDIA_ROOT itself (safe content types, caching headers) unless a
# proxy in front does (deploy/nginx.conf) or the media live in a bucket.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=MEDIA_STORAGE == "filesystem")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

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

# Background work through django.tasks. Production (DEBUG off) queues it in the
# database for the worker (`make worker`), so no call to Akismet or an SMTP server
# runs inside a web request; development runs it in the request, after commit.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}; got {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# /readyz fails when the oldest task waiting for the worker is older than this.
READY_MAX_TASK_AGE_SECONDS = env.int("READY_MAX_TASK_AGE_SECONDS", default=300)
# Finished task results are pruned by the worker's schedule after this many days.
TASK_RESULT_RETENTION_DAYS = env.int("TASK_RESULT_RETENTION_DAYS", default=14)
# A task still RUNNING after this long has lost its worker (killed with SIGKILL, say);
# recheck_comments puts the comments app's tasks back in the queue.
TASKS_STALE_SECONDS = env.int("TASKS_STALE_SECONDS", default=600)

# Akismet spam checking (comments/spam.py is the only code that uses these).
AKISMET_API_KEY = env.str("AKISMET_API_KEY", default="")
AKISMET_BLOG_URL = env.str("AKISMET_BLOG_URL", default=SITE_URL)
AKISMET_API_URL = env.str("AKISMET_API_URL", default="https://rest.akismet.com").rstrip("/")
# An inline check holds the reader's request, so it gives up sooner; a failed
# check leaves the comment pending and it is re-checked later.
AKISMET_TIMEOUT = env.float("AKISMET_TIMEOUT", default=2.0 if TASKS_BACKEND == "immediate" else 5.0)
AKISMET_IS_TEST = env.bool("AKISMET_IS_TEST", default=False)

# Comment policy defaults (editors can override most in the admin's Discussion settings).
COMMENTS_MAX_DEPTH = env.int("COMMENTS_MAX_DEPTH", default=3)
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=50)
COMMENTS_MAX_LENGTH = env.int("COMMENTS_MAX_LENGTH", default=5000)
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=30)
COMMENTS_FLOOD_SECONDS = env.int("COMMENTS_FLOOD_SECONDS", default=15)
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
COMMENTS_HOLD_ALL = env.bool("COMMENTS_HOLD_ALL", default=False)
COMMENTS_SPAM_RETENTION_DAYS = env.int("COMMENTS_SPAM_RETENTION_DAYS", default=15)
COMMENTS_IP_RETENTION_DAYS = env.int("COMMENTS_IP_RETENTION_DAYS", default=60)
COMMENTS_NOTIFY_MINUTES = env.int("COMMENTS_NOTIFY_MINUTES", default=60)

# Preview links for unpublished articles expire after this many hours.
PREVIEW_MAX_AGE_HOURS = env.int("PREVIEW_MAX_AGE_HOURS", default=72)

# WordPress import: the largest export accepted (upload and command), and where uploaded
# exports wait for the worker (not under MEDIA_ROOT: they hold commenters' emails and IPs).
WXR_MAX_UPLOAD_MB = env.int("WXR_MAX_UPLOAD_MB", default=512)
WXR_UPLOAD_ROOT = Path(env.str("WXR_UPLOAD_ROOT", default=str(BASE_DIR / "var" / "wxr")))
# Article bodies of large exports are converted in this many processes (1 = in-process).
WXR_WORKERS = env.int("WXR_WORKERS", default=os.cpu_count() or 1)
WXR_PARALLEL_MIN_ITEMS = env.int("WXR_PARALLEL_MIN_ITEMS", default=2000)

# Public pages: how long shared caches (and the page cache) may keep them.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

# Reader search, bounded: searches a minute per reader IP (0 = no limit; kept in the
# cache, so per worker with local memory and site-wide with Redis), and how long its
# queries may run before PostgreSQL cancels them (0 = no limit).
SEARCH_RATE_LIMIT = env.int("SEARCH_RATE_LIMIT", default=30)
SEARCH_TIMEOUT_MS = env.int("SEARCH_TIMEOUT_MS", default=2000)

# Content-Security-Policy (Django's middleware; newsroom/security.py picks the admin's).
# Public pages: nothing inline without a nonce, nothing from elsewhere, no framing.
CSP_PUBLIC_POLICY = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
# The admin and the prose editor: scripts still only ours (or nonced, such as the editor's
# import map). Styles may be inline: the editor (Tiptap) injects a <style> element and
# sets style attributes from JavaScript, and a nonce would switch 'unsafe-inline' off.
CSP_ADMIN_POLICY = {
    **CSP_PUBLIC_POLICY,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-ancestors": [CSP.SELF],
}
CSP_REPORT_URI = env.str("CSP_REPORT_URI", default="")
if CSP_REPORT_URI:
    CSP_PUBLIC_POLICY["report-uri"] = CSP_ADMIN_POLICY["report-uri"] = [CSP_REPORT_URI]
# Report-only: browsers report violations (to CSP_REPORT_URI) but block nothing; for
# trying a policy change on a live site before enforcing it.
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
SECURE_CSP = {} if CSP_REPORT_ONLY else CSP_PUBLIC_POLICY
SECURE_CSP_REPORT_ONLY = CSP_PUBLIC_POLICY if CSP_REPORT_ONLY else {}

# Powerful browser features no page of ours uses.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The CSRF token comes from its own endpoint (/comments/csrf/) or the form, never the
# cookie, so scripts need not read the cookie.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    # Off by default: TLS is usually redirected and HSTS set by the proxy in front.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)

# Requests slower than this are logged (path, status, duration) as warnings.
SLOW_REQUEST_SECONDS = env.float("SLOW_REQUEST_SECONDS", default=1.0)

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# json: one object a line on stdout, with the request id (production default).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text; got {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "newsroom.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "level": LOG_LEVEL,
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own console handler would print every line twice.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Error reporting: only when SENTRY_DSN is set (pip install 'newsroom[sentry]').
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    if importlib.util.find_spec("sentry_sdk") is None:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install 'newsroom[sentry]'."
        )
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,  # readers' IPs and emails stay here
    )
