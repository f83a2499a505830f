"""Newsroom's article and comment tables, used as they are (unmanaged)."""

from django.db import models
from django.utils import timezone


class Article(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    standfirst = models.TextField()
    body = models.TextField()
    status = models.CharField(max_length=20)
    published_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "articles_article"

    def __str__(self):
        return self.title


class Comment(models.Model):
    article = models.ForeignKey(Article, models.DO_NOTHING)
    author_name = models.CharField(max_length=100)
    body = models.TextField()
    status = models.CharField(max_length=10, default="pending")
    created_at = models.DateTimeField(default=timezone.now)
    # The rest of the row a new comment needs (the table's NOT NULL columns), so the
    # bare form view can insert one.
    author_email = models.EmailField(max_length=254, default="")
    author_url = models.CharField(max_length=200, default="")
    depth = models.SmallIntegerField(default=0)
    is_staff_reply = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField(null=True)
    user_agent = models.TextField(default="")
    referrer = models.TextField(default="")
    spam_verdict = models.CharField(max_length=10, default="unchecked")
    akismet_params = models.JSONField(default=dict)
    check_attempts = models.SmallIntegerField(default=0)
    pending_report = models.CharField(max_length=10, default="")
    reported_as = models.CharField(max_length=10, default="")
    hold_kind = models.CharField(max_length=20, default="")
    hold_note = models.CharField(max_length=200, default="")

    class Meta:
        managed = False
        db_table = "comments_comment"

    def __str__(self):
        return self.author_name
