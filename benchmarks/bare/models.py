"""Newsroom's article and comment tables, read as they are (unmanaged)."""

from django.db import models


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
    status = models.CharField(max_length=10)
    created_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "comments_comment"

    def __str__(self):
        return self.author_name
