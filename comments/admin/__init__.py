"""The comments admin: the moderation queue (queue.py), its list filters,
columns and bulk actions (filters.py, columns.py, display.py, actions.py), its
one-off views (decisions.py: one decision, a staff reply, email links, empty
spam), the spam statistics page (statistics.py), commenters' data requests
(personal_data.py) and the discussion settings (discussion_settings.py).
Importing registers them."""

from . import discussion_settings, queue  # noqa: F401  (registers the ModelAdmins)
