"""The editors' comment policy (one row), defaulting from the COMMENTS_* settings."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .comment import Comment


def default_hold_all():
    return settings.COMMENTS_HOLD_ALL


def default_max_links():
    return settings.COMMENTS_MAX_LINKS


def default_close_after_days():
    return settings.COMMENTS_CLOSE_AFTER_DAYS


def default_max_depth():
    return settings.COMMENTS_MAX_DEPTH


def default_per_page():
    return settings.COMMENTS_PER_PAGE


class DiscussionSettings(models.Model):
    """The editors' comment policy: one row (pk=1), defaulting from COMMENTS_* settings.

    `load()` never writes: without a saved row it returns an unsaved instance
    carrying the environment's defaults, so reading the policy costs one query.
    """

    SINGLETON_PK = 1

    hold_all = models.BooleanField(
        "Hold every comment for a moderator",
        default=default_hold_all,
        help_text="When ticked, even comments Akismet passes wait in the queue.",
    )
    max_links = models.PositiveSmallIntegerField(
        "Hold comments with this many links or more",
        default=default_max_links,
        help_text="A comment with fewer links than this may be published without a moderator.",
    )
    moderation_keys = models.TextField(
        "Moderation keywords",
        blank=True,
        help_text=(
            "One word or IP address per line. A comment containing any of them in its text, "
            "name, email, website, IP address or browser is held for a moderator."
        ),
    )
    blocked_keys = models.TextField(
        "Blocked keywords",
        blank=True,
        help_text="One word or IP address per line, matched as above; such comments go to Trash.",
    )
    close_after_days = models.PositiveSmallIntegerField(
        "Close comments after (days)",
        default=default_close_after_days,
        help_text="Counted from publication. 0 keeps comments open for ever.",
    )
    max_depth = models.PositiveSmallIntegerField(
        "Reply depth",
        default=default_max_depth,
        help_text="How deeply replies nest; 1 allows no replies.",
    )
    per_page = models.PositiveSmallIntegerField(
        "Threads per page",
        default=default_per_page,
        help_text="Top-level comments per page of an article's discussion.",
    )
    # Runtime state, not policy: when moderators were last emailed (rate limit).
    last_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "Discussion settings"
        verbose_name_plural = "Discussion settings"

    def __str__(self):
        return "Discussion settings"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> DiscussionSettings:
        """The saved policy, or the environment's defaults (unsaved) when none is saved."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)

    @classmethod
    def load_saved(cls) -> DiscussionSettings:
        """The policy row, created from the defaults if missing (for writers of runtime state)."""
        obj, _ = cls.objects.get_or_create(pk=cls.SINGLETON_PK)
        return obj

    @staticmethod
    def _keys(text: str) -> list[str]:
        return [line.strip().lower() for line in text.splitlines() if line.strip()]

    def _matches(self, keys: list[str], comment: Comment) -> str:
        haystack = "\n".join(
            [
                comment.body,
                comment.author_name,
                comment.author_email,
                comment.author_url,
                comment.ip_address or "",
                comment.user_agent,
            ]
        ).lower()
        return next((key for key in keys if key in haystack), "")

    def moderation_key_in(self, comment: Comment) -> str:
        """The first moderation keyword found in the comment, or ''."""
        return self._matches(self._keys(self.moderation_keys), comment)

    def blocked_key_in(self, comment: Comment) -> str:
        """The first blocked keyword found in the comment, or ''."""
        return self._matches(self._keys(self.blocked_keys), comment)

    def comments_close_at(self, article):
        """When comments on `article` close automatically, or None if they never do.

        The days count from when the article went live on this site, not from its
        date: an archive piece published today with its 2011 date is open for the
        full period. An article set to "Open" never closes by itself.
        """
        if (
            not self.close_after_days
            or article.comment_policy != article.CommentPolicy.SITE_DEFAULT
        ):
            return None
        start = article.went_live_at or article.published_at
        if start is None:
            return None
        return start + timedelta(days=self.close_after_days)

    def comments_open(self, article, now=None) -> bool:
        """Open while the article is live and its setting allows: "Closed" never,
        "Open" always, the site policy until the close-after days have passed."""
        now = now or timezone.now()
        if article.comment_policy == article.CommentPolicy.CLOSED or not article.is_live(now):
            return False
        closes = self.comments_close_at(article)
        return closes is None or now < closes
