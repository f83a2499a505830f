"""The admin's imports run here, in the worker (or at once with the immediate backend).

The import itself is one transaction, so its progress is not visible in the database
until it ends; the task publishes progress through the cache (shared by web and
worker when REDIS_URL is set) and writes the outcome to the `ImportRun` afterwards.
The uploaded file is deleted once the run has finished, whatever the outcome.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from articles.wxr import WxrError

from . import importer
from .models import ImportRun

logger = logging.getLogger(__name__)


def progress_key(run_id: int) -> str:
    return f"wordpress-import-progress:{run_id}"


def progress_of(run: ImportRun) -> tuple[int, int]:
    """(items done, items total) of a running import, from the cache when it is there."""
    return cache.get(progress_key(run.pk)) or (run.items_done, run.items_total)


@task()
def run_import(run_id: int) -> str:
    """Import an uploaded export; returns the run's final state."""
    run = ImportRun.objects.filter(pk=run_id, state=ImportRun.State.QUEUED).first()
    if run is None:
        return "skipped"
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING)
    options = importer.Options(
        default_section=run.options.get("default_section") or None,
        skip_comments=bool(run.options.get("skip_comments")),
        dry_run=bool(run.options.get("dry_run")),
        uploads_dir=Path(run.options["uploads_dir"]) if run.options.get("uploads_dir") else None,
    )

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(run.pk), (done, total), timeout=24 * 3600)

    try:
        summary = importer.run(run.file.path, options, progress=progress)
    except WxrError as exc:
        run.state, run.error = ImportRun.State.FAILED, str(exc)
    except Exception as exc:
        logger.exception("WordPress import %s failed", run.pk)
        run.state = ImportRun.State.FAILED
        run.error = (
            f"The import stopped with an unexpected error ({exc.__class__.__name__}); "
            "nothing was imported."
        )
    else:
        run.state, run.summary = ImportRun.State.DONE, summary.as_dict()
        run.items_done = run.items_total = summary.items_done
    run.finished_at = timezone.now()
    run.file.delete(save=False)
    run.save()
    cache.delete(progress_key(run.pk))
    return run.state
