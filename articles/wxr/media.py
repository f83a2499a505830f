"""Featured images: a post's WordPress thumbnail attachment copied onto its article.

Contract: `FeaturedImages` is a part of `ArticleImporter` (a mixin; it uses the
importer's `converter`, `summary` and `saved_images`). `_featured_image(article,
attachment)` copies the attachment's file from the uploads directory into the article's
featured image (not in a dry run; not again when it is already there), saving only that
field, and remembers what it saved so a failed run can delete it; an attachment not found
locally is listed as left remote. Images inside bodies are copied by `content`.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.files import File

from ..models import Article
from .records import Attachment


class FeaturedImages:
    """Featured images for `ArticleImporter`."""

    def _featured_image(self, article: Article, attachment: Attachment) -> None:
        relative = attachment.file or self.converter.upload_path(attachment.url) or ""
        source = self.converter.local_file(relative)
        if source is None:
            self.summary.left_remote(attachment.url)
            return
        self.summary.images_copied += 1
        if self.converter.dry_run:
            return
        name = self.converter.storage_name(relative)
        if article.featured_image.name == name:
            return
        with source.open("rb") as f:
            article.featured_image.save(PurePosixPath(name).name, File(f), save=False)
        # Only the image (and what is derived from it): the import keeps updated_at.
        article.save(update_fields=["featured_image"])
        self.saved_images.append((article.featured_image.name, article.featured_image_renditions))
