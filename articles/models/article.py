"""The Article: words, section, tags, bylines (through Byline), featured image, status.

Its status is written only by articles/workflow.py; its queryset (articles/models/
querysets.py) defines "live".
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator

from core.reverse import reverse_cached
from core.sanitize import body_text, clean_body

from .. import images
from .bylines import Byline
from .querysets import ArticleQuerySet
from .taxonomy import Section, Tag


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    class CommentPolicy(models.TextChoices):
        """Whether readers may comment: the site's policy, or this article's exception."""

        SITE_DEFAULT = "default", "Site policy (open, closing after the set number of days)"
        OPEN = "open", "Open (never close automatically)"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, help_text="The last part of the article's address; unique for its date."
    )
    standfirst = models.TextField(
        blank=True, max_length=400, help_text="One or two sentences under the headline."
    )
    body = models.TextField(blank=True)
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField(
        "authors.Author", through="Byline", related_name="articles", blank=True
    )
    featured_image = images.FeaturedImageField(
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="featured_image_width",
        height_field="featured_image_height",
    )
    # The original's pixel size, recorded by the field when a file is assigned.
    featured_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Which resized copies of the current image exist (articles/images.py writes them on
    # save), so pages build srcset without touching storage.
    featured_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    featured_image_alt = models.CharField(
        max_length=250, blank=True, help_text="Describe the picture for readers who cannot see it."
    )
    featured_image_caption = models.CharField(max_length=300, blank=True)
    featured_image_credit = models.CharField(max_length=150, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When it last went live on this site, which for an archive piece published with
    # an earlier date is later than published_at. Written by the workflow's publish.
    went_live_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When an editor last marked a substantive update (or a correction was added): the
    # page says "Updated" with this date. Ordinary saves do not change it.
    revised_at = models.DateTimeField("shown as updated at", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_created",
        editable=False,
    )
    comment_policy = models.CharField(
        "Comments",
        max_length=10,
        choices=CommentPolicy.choices,
        default=CommentPolicy.SITE_DEFAULT,
    )
    is_editors_pick = models.BooleanField("Must read", default=False)
    seo_title = models.CharField(max_length=70, blank=True)
    meta_description = models.CharField(
        max_length=160, blank=True, help_text="Shown by search engines; up to 160 characters."
    )
    # Optimistic locking: bumped on every save, compared when a form is submitted.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_live_idx"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_idx"),
            # The sitemap index's lastmod: the newest change among live articles.
            models.Index(fields=["status", "-updated_at"], name="article_updated_idx"),
        ]

    def __str__(self):
        return self.title

    # Written by save() whenever featured_image is.
    IMAGE_DERIVED_FIELDS = (
        "featured_image_width",
        "featured_image_height",
        "featured_image_renditions",
    )

    def save(self, *args, **kwargs):
        self.body = clean_body(self.body)
        update_fields = kwargs.get("update_fields")
        stale = []
        if update_fields is None or "featured_image" in update_fields:
            stale = self._update_renditions()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *self.IMAGE_DERIVED_FIELDS}
        super().save(*args, **kwargs)
        if stale:
            # Only once the new manifest is committed: a rollback keeps the old one valid.
            storage = self.featured_image.storage
            transaction.on_commit(
                lambda: images.delete_renditions(stale, storage),
                using=self._state.db,
            )

    def get_absolute_url(self):
        when = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse_cached(
            "articles:detail",
            year=when.year,
            month=f"{when.month:02d}",
            day=f"{when.day:02d}",
            slug=self.slug,
        )

    def _update_renditions(self) -> list[str]:
        """Make renditions when the featured image is not the one they were made from.

        Cheap when the image is unchanged: one comparison with the source recorded in
        the manifest loaded from the database, no storage access. Returns the names of
        the previous image's renditions that the new ones do not overwrite.
        """
        deferred = self.get_deferred_fields()
        if "featured_image" in deferred or "featured_image_renditions" in deferred:
            return []  # neither was loaded, so neither is being changed
        image = self.featured_image
        old = self.featured_image_renditions or {}
        if image and not image._committed:
            # A new upload. What FileField.pre_save would do, done first so the
            # renditions are named after the stored file.
            image.save(image.name, image.file, save=False)
        elif (image.name or "") == old.get("source", ""):
            return []
        if image and self.featured_image_width is None:
            # Django measures an assigned file, but not one saved from a nameless
            # ContentFile (`featured_image.save(name, ContentFile(data))`): read it back.
            self._meta.get_field("featured_image").update_dimension_fields(self, force=True)
        new = images.make_renditions(self)
        self.featured_image_renditions = new
        self.__dict__.pop("featured_picture", None)
        return images.stale_renditions(old, new)

    @cached_property
    def featured_picture(self) -> "images.Picture | None":
        """The featured image as the page renders it: renditions, srcset and size."""
        return images.picture(self)

    def is_live(self, now=None) -> bool:
        """Mirror of ArticleQuerySet.live() for one instance."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )

    @property
    def modified_at(self):
        """When the article last changed, never before it was published (a scheduled
        story changes when it goes live): feeds, sitemaps and metadata all say this."""
        if self.published_at is None:
            return self.updated_at
        return max(self.updated_at, self.published_at)

    @property
    def state(self) -> tuple[str, str]:
        """(kind, label) of where the article stands, as the admin shows it everywhere:
        a published article not yet due is "Scheduled", a due one is "Live"."""
        if self.status == self.Status.PUBLISHED:
            return ("published", "Live") if self.is_live() else ("scheduled", "Scheduled")
        return self.status, self.get_status_display()

    @property
    def excerpt(self) -> str:
        return self.standfirst or Truncator(body_text(self.body)).words(40)

    @property
    def was_updated(self) -> bool:
        """An editor marked a substantive update after publication (or added a correction).

        Saving is not updating: typo fixes, or publishing an archive piece with its
        original date, leave the page without an "Updated" line.
        """
        return bool(self.published_at and self.revised_at and self.revised_at > self.published_at)

    # Bylines are prefetched by with_listing_relations(); these read that cache.
    @property
    def author_bylines(self):
        return [b for b in self.bylines.all() if b.role == Byline.Role.AUTHOR]

    @property
    def additional_reporting(self):
        return [b for b in self.bylines.all() if b.role == Byline.Role.ADDITIONAL_REPORTING]
