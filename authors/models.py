from django.conf import settings
from django.db import models

from core.reverse import reverse_cached
from core.sanitize import clean_bio

from . import photos


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
    # Which square copies of the photo exist (authors/photos.py writes them on save).
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    email = models.EmailField(blank=True, help_text="Internal only; never shown to readers.")
    is_active = models.BooleanField(default=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # Editors edit every profile; others (journalists) only their own.
        permissions = [("change_any_author", "Can change any author's profile")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.bio = clean_bio(self.bio)
        photo = self.photo
        if photo and not photo._committed:
            # Stored first, so the copies are named after the stored file.
            photo.save(photo.name, photo.file, save=False)
        if (photo.name or "") != (self.photo_renditions or {}).get("source", ""):
            self.photo_renditions = photos.make_squares(photo)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "photo_renditions"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_cached("articles:author", slug=self.slug)

    @property
    def picture(self) -> photos.Photo | None:
        """The photo as pages draw it: a small square, 2x for sharp screens."""
        return photos.photo(self)
