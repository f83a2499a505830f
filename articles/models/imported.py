"""What came from WordPress: one row per imported object, for idempotent re-imports."""

from django.db import models
from django.utils import timezone


class ImportedItem(models.Model):
    """What an object here was on the site it was imported from (WordPress ids, guids).

    One row per (source site, kind, source id); `object_id` is the primary key of the
    object made from it (an Author, Section, Tag, Article, Page, Comment or attachment
    record), and `digest` a hash of the imported fields, so a re-import leaves
    unchanged objects alone and updates those that changed at the source.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        SECTION = "section", "Section"
        TAG = "tag", "Tag"
        ARTICLE = "article", "Article"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"
        COMMENT = "comment", "Comment"

    source = models.CharField(max_length=300, help_text="The WordPress site's base URL.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_id = models.CharField(max_length=200)
    guid = models.CharField(max_length=500, blank=True)
    object_id = models.BigIntegerField()
    digest = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="unique_imported_item"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="imported_object_idx")]

    def __str__(self):
        return f"{self.source} {self.kind} {self.source_id} → {self.object_id}"
