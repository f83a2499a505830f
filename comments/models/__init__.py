"""Comments, their history, and the editors' discussion settings; import them from here.

- comment: Comment and its queryset
- history: CommentEvent (one line of a comment's history), CommentStatsDay
- discussion_settings: DiscussionSettings (the policy) and its defaults, which
  migrations refer to as ``comments.models.default_*``
"""

from .comment import Comment, CommentQuerySet
from .discussion_settings import (
    DiscussionSettings,
    default_close_after_days,
    default_hold_all,
    default_max_depth,
    default_max_links,
    default_per_page,
)
from .history import CommentEvent, CommentStatsDay

__all__ = [
    "Comment",
    "CommentEvent",
    "CommentQuerySet",
    "CommentStatsDay",
    "DiscussionSettings",
    "default_close_after_days",
    "default_hold_all",
    "default_max_depth",
    "default_max_links",
    "default_per_page",
]
