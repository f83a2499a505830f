"""Make the responsive renditions of featured images saved before they existed.

    python manage.py make_renditions           # only articles whose renditions are missing
    python manage.py make_renditions --force   # remake them all (e.g. after changing widths)

Idempotent: an article whose manifest already describes its current image is skipped.
Written with a queryset update, not Article.save(): a backfill is not an edit, so it
must not bump `updated_at` (readers would see "Updated") or `version` (an editor's
open form would report a conflict). An update sends no save signal, so the command
tells the page cache itself once it has changed any article: cached pages would
otherwise point at renditions it has just replaced.
"""

from django.core.management.base import BaseCommand

from articles import images
from articles.models import Article
from core import page_cache


class Command(BaseCommand):
    help = "Make missing renditions (and record dimensions) of articles' featured images."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remake the renditions of every featured image, even those already made.",
        )

    def handle(self, *args, force=False, **options):
        articles = (
            Article.objects.exclude(featured_image="")
            .only("pk", "featured_image", *Article.IMAGE_DERIVED_FIELDS)
            .order_by("pk")
        )
        made = skipped = failed = 0
        for article in articles.iterator(chunk_size=100):
            image = article.featured_image
            old = article.featured_image_renditions or {}
            if old.get("source") == image.name and not force:
                skipped += 1
                continue
            new = images.make_renditions(article)
            Article.objects.filter(pk=article.pk).update(
                featured_image_renditions=new,
                featured_image_width=self._dimension(image, "width"),
                featured_image_height=self._dimension(image, "height"),
            )
            images.delete_renditions(images.stale_renditions(old, new), image.storage)
            if images.rendition_names(new):
                made += 1
            else:
                failed += 1
                self.stderr.write(f"Article {article.pk}: cannot read {image.name}; skipped.")
        if made or failed:
            page_cache.changed_on_commit()
        self.stdout.write(
            f"Renditions made for {made} articles; {skipped} already had them; {failed} unreadable."
        )

    @staticmethod
    def _dimension(image, name):
        try:
            return getattr(image, name)
        except Exception:  # missing or unreadable: leave it empty, as the model field does
            return None
