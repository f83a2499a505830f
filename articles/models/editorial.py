"""The newsroom's side of an article: revisions, workflow events, internal notes,
corrections shown to readers, and who has the article open in the admin."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .article import Article


class ArticleRevision(models.Model):
    """A snapshot of the words of an article, written by the save path."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_autosave = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.article} @ {self.created_at:%Y-%m-%d %H:%M}"


class ArticleEvent(models.Model):
    """Workflow history: who moved the article from which status to which, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=Article.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.article}: {self.from_status} → {self.to_status}"


class EditorialNote(models.Model):
    """Internal notes between journalist and editor; never shown publicly."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="editorial_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    body = models.TextField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note on {self.article} by {self.author}"


class Correction(models.Model):
    """A dated note appended to a published article, shown at its end and on /corrections/.

    Saving one bumps the article's `updated_at` and `revised_at`, so the page shows it
    was updated.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    body = models.TextField(help_text="Plain text: what was wrong and what is right now.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.article} ({self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A correction changes what readers see: the article counts as modified.
        Article.objects.filter(pk=self.article_id, updated_at__lt=self.created_at).update(
            updated_at=self.created_at
        )
        Article.objects.filter(pk=self.article_id).filter(
            models.Q(revised_at__isnull=True) | models.Q(revised_at__lt=self.created_at)
        ).update(revised_at=self.created_at)


class ArticlePresence(models.Model):
    """Who has an article's admin form open: a heartbeat row per user and article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="unique_presence")]

    def __str__(self):
        return f"{self.user} on {self.article}"

    @classmethod
    def touch(cls, article: Article, user) -> None:
        """Record that `user` has `article` open now."""
        cls.objects.update_or_create(
            article=article, user=user, defaults={"last_seen": timezone.now()}
        )

    @classmethod
    def others(cls, article: Article, user, *, minutes: int = 3) -> list:
        """The other users seen on `article` in the last `minutes`, most recent first."""
        since = timezone.now() - timedelta(minutes=minutes)
        return [
            p.user
            for p in cls.objects.filter(article=article, last_seen__gte=since)
            .exclude(user=user)
            .select_related("user")
            .order_by("-last_seen")
        ]
