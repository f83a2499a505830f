"""One import of a WordPress export, start to finish: what the command and the task run.

`run(path, options)` checks the file's size, reads it once without writing
(`articles.wxr.scan`: a bad file stops here with a `WxrError` naming the problem
and its line), then imports it in ONE transaction: articles, pages and redirects
through `articles.wxr`, comments through `comments.wxr`. Any error rolls the whole
run back, so a failed import writes nothing; `dry_run` rolls back a finished one.
Image files copied into the media storage by a run that is rolled back are deleted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from articles import images
from articles.wxr import ArticleImporter, Summary, WxrError, read, scan
from comments.wxr import CommentImporter
from core import page_cache
from core.page_cache_hold import held

ProgressCallback = Callable[[int, int], None]


class _DryRunRollback(Exception):
    """Raised inside the transaction to roll back a dry run."""


@dataclass(frozen=True)
class Options:
    uploads_dir: Path | None = None
    default_section: str | None = None
    skip_comments: bool = False
    dry_run: bool = False


def max_bytes() -> int:
    return settings.WXR_MAX_UPLOAD_MB * 1024 * 1024


def check_size(size: int) -> None:
    if size > max_bytes():
        raise WxrError(
            f"The file is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{settings.WXR_MAX_UPLOAD_MB} MB (WXR_MAX_UPLOAD_MB)"
        )


def run(path: str | Path, options: Options, *, progress: ProgressCallback | None = None):
    """Import the WXR file at `path`; returns the `Summary`. Raises `WxrError`."""
    path = Path(path)
    if options.uploads_dir is not None and not options.uploads_dir.is_dir():
        raise WxrError(f"The uploads directory {options.uploads_dir} does not exist")
    try:
        check_size(os.path.getsize(path))
    except OSError as exc:
        raise WxrError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    index = scan(path)
    summary = Summary()
    now = timezone.now()
    importer = ArticleImporter(
        index, summary, uploads_dir=options.uploads_dir,
        default_section=options.default_section, dry_run=options.dry_run, now=now,
    )  # fmt: skip
    comments = (
        None if options.skip_comments else CommentImporter(index.site.source, summary, now=now)
    )
    total = index.total
    if total >= settings.WXR_PARALLEL_MIN_ITEMS:
        importer.converter.start_pool(settings.WXR_WORKERS)
    try:
        # Rows are written in bulk (no signals) or with the page cache's per-row handlers
        # held: one change for the whole run, after it commits.
        with transaction.atomic(), held():
            for record in read(path):
                batch = importer.feed(record)
                if batch and comments is not None:
                    comments.import_batch(batch)
                if progress is not None:
                    progress(summary.items_done, total)
            batch = importer.finish()
            if batch and comments is not None:
                comments.import_batch(batch)
            if progress is not None:
                progress(summary.items_done, total)
            if options.dry_run:
                raise _DryRunRollback
            page_cache.changed_on_commit()
    except _DryRunRollback:
        pass
    except BaseException:
        _delete_files(importer)
        raise
    finally:
        importer.converter.close_pool()
    if options.skip_comments and index.comments:
        summary.skipped["comment (--skip-comments)"] += index.comments
    return summary


def _delete_files(importer: ArticleImporter) -> None:
    """Remove the files a rolled-back run copied into the media storage."""
    for name in importer.converter.saved_names:
        default_storage.delete(name)
    for name, manifest in importer.saved_images:
        default_storage.delete(name)
        for rendition in images.rendition_names(manifest):
            default_storage.delete(rendition)
