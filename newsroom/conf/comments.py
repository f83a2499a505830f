"""Akismet and the comment policy's defaults."""

from .base import SITE_URL, env
from .tasks import TASKS_BACKEND

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
