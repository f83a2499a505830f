from django.conf import settings
from django.db import models
from django.urls import reverse

from core.sanitize import clean_bio


class AuthorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Author(models.Model):
    """A person who writes for the site. Guest contributors have no user account."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="Leave empty for guest contributors who do not log in.",
    )
    job_title = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True, help_text="A few sentences. Links and emphasis only.")
    website = models.URLField(blank=True)
    photo = models.ImageField(upload_to="authors/", blank=True)
    email = models.EmailField(blank=True, help_text="Internal only; never shown to readers.")
    is_active = models.BooleanField(default=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.bio = clean_bio(self.bio)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})
