"""How the task worker stays out of the readers' way on a small server.

Two mechanisms, both set up by `manage.py run_worker`:

- `lower_priority(nice)`: the process's niceness, and its session's (Linux autogroup);
- `yield_to_busy_cpus()`: before each task, while every CPU is busy with other work,
  the worker waits (a few milliseconds at a time, at most WORKER_YIELD_SECONDS per
  task), so that a burst of readers is served first and the queue catches up after.

Niceness alone could not do the second. The scheduler gives a niced process every
moment the web processes leave free: the gaps while they wait on PostgreSQL. The
worker then ran its checks in the middle of a burst, and its queries ran in
PostgreSQL at full priority. Measured with `make bench-load` on 2 cores, comment POSTs
ran at 190 a second with the worker running at niceness 10 and 280-360 without it.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

AUTOGROUP = Path("/proc/self/autogroup")
PROC_STAT = Path("/proc/stat")
# How long one look waits before looking again.
YIELD_STEP_SECONDS = 0.01


def lower_priority(nice: int) -> None:
    """Add `nice` to this process's niceness, and lower its scheduling group's to `nice`.

    On Linux with autogroup scheduling (`kernel.sched_autogroup_enabled`, on by
    default), CPU time is shared fairly between sessions first, and niceness only
    orders the processes inside one session. A worker in a session of its own (a
    systemd service without a CPU cgroup of its own, a supervisor that starts each
    program with setsid) then got as much CPU as every web process together: measured
    in a burst of comment POSTs on 2 cores, half a core for the worker at niceness 10
    against one for gunicorn's two workers. The session's own niceness (written to
    /proc/self/autogroup) is what weighs against the web's.

    Only a session leader changes its session's niceness: every other process in
    the session is then its own child. A worker started in someone else's session
    (a terminal, `make worker`) leaves the session alone. Under systemd with CPU
    accounting, the unit's CPUWeight= is the knob (deploy/systemd/newsroom-worker.service).
    """
    if not nice:
        return
    os.nice(nice)
    if os.getsid(0) != os.getpid():
        return
    try:
        AUTOGROUP.write_text(str(nice))
    except OSError as exc:  # no autogroup in this kernel, or a read-only /proc
        logger.debug("Could not lower the session's CPU priority: %s", exc)


def runnable_elsewhere() -> int | None:
    """Threads ready to run on this machine besides the caller (Linux), or None."""
    try:
        with PROC_STAT.open("rb") as stat:
            for line in stat:
                if line.startswith(b"procs_running "):
                    return max(int(line.split()[1]) - 1, 0)
    except OSError:
        pass
    return None


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def yield_to_busy_cpus(*, limit: float | None = None, clock=time.monotonic, sleep=time.sleep):
    """Wait while every CPU is busy with other work, for at most `limit` seconds
    (WORKER_YIELD_SECONDS). Returns the seconds waited.

    The limit keeps the queue moving under a load that does not end: at worst one
    task per `limit` seconds plus the task's own time. Without /proc/stat (not Linux)
    it never waits.
    """
    limit = settings.WORKER_YIELD_SECONDS if limit is None else limit
    if limit <= 0:
        return 0.0
    started = clock()
    busy_at = cpus()
    while True:
        others = runnable_elsewhere()
        if others is None or others < busy_at:
            break
        waited = clock() - started
        if waited >= limit:
            break
        sleep(min(YIELD_STEP_SECONDS, limit - waited))
    return clock() - started


_enabled = False


def _before_task(sender, task_result, **kwargs) -> None:
    if _enabled:
        yield_to_busy_cpus()


def yield_before_each_task() -> None:
    """From now on in this process, each task waits for a free CPU first.

    On django.tasks' `task_started`: the task is claimed (RUNNING) while it waits, so
    a second worker does not take it meanwhile, and a SIGTERM lets the wait and the
    task finish (WORKER_YIELD_SECONDS is far below the stop timeouts). The immediate
    backend's tasks, run inside a web request, never wait: only the worker command
    turns this on."""
    global _enabled
    from django.tasks.signals import task_started

    _enabled = True
    task_started.connect(_before_task, dispatch_uid="newsroom.worker_priority.before_task")
