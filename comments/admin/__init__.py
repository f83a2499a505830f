"""The comments admin: the moderation queue (queue.py), its list filters and
columns (filters.py, display.py), the spam statistics page (statistics.py) and
the discussion settings (discussion_settings.py). Importing registers them."""

from . import discussion_settings, queue  # noqa: F401  (registers the ModelAdmins)
