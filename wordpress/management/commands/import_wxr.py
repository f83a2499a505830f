"""`manage.py import_wxr FILE`: import a WordPress export (see docs/wordpress-import.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.wxr import WxrError
from wordpress import importer
from wordpress.progress import Progress, summary_table


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0-1.2): authors, categories, tags, posts, pages, "
        "featured images and comments, with 301s from every old address. Safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xml file from WordPress's Tools → Export")
        parser.add_argument("--dry-run", action="store_true", help="read and report, write nothing")
        parser.add_argument(
            "--uploads-dir",
            type=Path,
            help="a copy of wp-content/uploads: images found there are copied into media",
        )
        parser.add_argument("--default-section", help="the section of posts that have no category")
        parser.add_argument("--skip-comments", action="store_true", help="import no comments")

    def handle(self, *args, **options):
        opts = importer.Options(
            uploads_dir=options["uploads_dir"],
            default_section=options["default_section"],
            skip_comments=options["skip_comments"],
            dry_run=options["dry_run"],
        )
        progress = Progress(self.stderr._out) if options["verbosity"] > 0 else None
        try:
            summary = importer.run(options["file"], opts, progress=progress)
        except WxrError as exc:
            raise CommandError(f"{options['file']}: {exc}. Nothing was imported.") from exc
        if options["verbosity"] > 0:
            self.stdout.write(summary_table(summary.rows()))
            for url in summary.images_remote[:50]:
                self.stdout.write(f"Left remote: {url}")
            if summary.images_remote_count > 50:
                self.stdout.write(f"… and {summary.images_remote_count - 50} more images")
            for warning in summary.warnings:
                self.stdout.write(f"Warning: {warning}")
        if opts.dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS("Import finished."))
