"""What in the comments app changes public pages, told to the page cache.

An approved comment is on its article's public page (and in its count), so
saving one (published by Akismet's verdict, a staff reply, an edit) starts a
new page-cache generation after commit. Moderators' decisions are bulk updates
that send no signal: `moderation._decide` calls the page cache itself, and so
does `CommentQuerySet.delete` (a deleted comment's replies move up the thread).
Editing the discussion settings changes every discussion's paging and form. Inside
`core.page_cache_hold.held()` (an import) saved comments tell nothing: the import
tells the cache once, at its end.
"""

from __future__ import annotations

from django.db.models.signals import post_save

from core import page_cache
from core.page_cache_hold import is_held

from .models import Comment, DiscussionSettings


def _comment_saved(sender, instance: Comment, using=None, **kwargs):
    if instance.status == Comment.Status.APPROVED and not is_held():
        page_cache.changed_on_commit(using=using)


def _settings_saved(sender, using=None, **kwargs):
    page_cache.changed_on_commit(using=using)


def connect() -> None:
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid="comments.invalidation.comment")
    post_save.connect(
        _settings_saved, sender=DiscussionSettings, dispatch_uid="comments.invalidation.settings"
    )
