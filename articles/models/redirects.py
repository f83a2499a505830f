"""Old addresses answered with a 301: an article's own earlier addresses, and addresses
of a site this one replaced."""

from django.db import models
from django.utils import timezone

from .article import Article
from .pages import Page


class ArticleRedirect(models.Model):
    """An address an article used to have; the public view answers it with a 301.

    Written when the slug or publication date of a published article changes.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_urls")
    old_date = models.DateField()
    old_slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["old_date", "old_slug"], name="unique_old_article_url")
        ]

    def __str__(self):
        return f"{self.old_date:%Y/%m/%d}/{self.old_slug}/ → {self.article}"

    @classmethod
    def remember(cls, article: Article, *, old_slug: str, old_published_at) -> None:
        """Record `article`'s previous address if it differs from its current one."""
        if old_published_at is None:
            return
        old_date = timezone.localtime(old_published_at).date()
        new_date = timezone.localtime(article.published_at).date() if article.published_at else None
        # The current address must never redirect (to itself or elsewhere).
        if new_date is not None:
            cls.objects.filter(old_date=new_date, old_slug=article.slug).delete()
        if (old_date, old_slug) == (new_date, article.slug):
            return
        cls.objects.update_or_create(
            old_date=old_date, old_slug=old_slug, defaults={"article": article}
        )


class Redirect(models.Model):
    """A 301 from an address of a site this one replaced (a WordPress permalink, `/?p=12`,
    `/category/news/`) to where the content lives now.

    `old_path` is the path as requests arrive (decoded, with the query for `/?p=` style
    addresses). When `article` or `page` is set the target follows its current address
    (and the redirect answers only while it is public); otherwise `target` is used.
    """

    old_path = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="redirects"
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="redirects"
    )
    target = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # Query parameters WordPress answers on any path; a request carrying one is looked up.
    QUERY_KEYS = ("p", "page_id", "cat", "tag", "author", "feed")

    def __str__(self):
        return f"{self.old_path} → {self.target_url() or '(gone)'}"

    def target_url(self) -> str | None:
        """Where to send the reader now, or None when the target is not public."""
        if self.article_id:
            return self.article.get_absolute_url() if self.article.is_live() else None
        if self.page_id:
            return self.page.path if self.page.published else None
        return self.target or None

    @staticmethod
    def query_key(path: str, query) -> str | None:
        """The `old_path` a request for `path?query` would be stored under, if any."""
        for key in Redirect.QUERY_KEYS:
            value = query.get(key)
            if value:
                return f"{path}?{key}={value}"
        return None
