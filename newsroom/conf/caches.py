"""Django's caches, sessions in the cache, and the reader page cache."""

from .base import BASE_DIR, env

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
# Query parameters left out of the page cache's key (a trailing * matches a prefix):
# campaign and click trackers that no page reads, added to links shared on social
# media and in newsletters, often with a new value per click.
PAGE_CACHE_IGNORED_PARAMS = env.list(
    "PAGE_CACHE_IGNORED_PARAMS",
    default=[
        "utm_*",
        "fbclid",
        "gclid",
        "gbraid",
        "wbraid",
        "dclid",
        "msclkid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "yclid",
        "mkt_tok",
    ],
)

# Public pages: how long shared caches (and the page cache) may keep them.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Each process also keeps the pages it served lately in its memory, checked against the
# shared store's generation on every request (core/page_copies.py).
PAGE_CACHE_LOCAL_BYTES = env.int("PAGE_CACHE_LOCAL_BYTES", default=16 * 1024 * 1024)
