"""Tasks for the worker tests, importable by the worker process (`tests.newsroom.worker_tasks`)."""

import time
from pathlib import Path

from django.tasks import task


@task()
def slow_task(seconds: float, marker: str) -> str:
    """Takes `seconds`, then writes `marker`: proof it ran to the end."""
    time.sleep(seconds)
    Path(marker).write_text("finished")
    return "finished"
