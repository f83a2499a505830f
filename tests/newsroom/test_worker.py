"""The worker (`make worker` → `manage.py run_worker`) and its schedule of periodic jobs."""

import os
import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsroom import schedule
from newsroom.tasks import prune_task_results
from tests.newsroom.worker_tasks import slow_task
from tests.servers import ROOT, database_url, stop

MAINTENANCE = "comments.tasks.maintenance"
PRUNE = "newsroom.tasks.prune_task_results"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _enqueued(path):
    return DBTaskResult.objects.filter(task_path=path).count()


# The schedule ------------------------------------------------------------------------


def test_a_first_look_enqueues_every_job(db, database_tasks):
    assert schedule.enqueue_due() == [MAINTENANCE, PRUNE]
    assert _enqueued(MAINTENANCE) == 1
    assert _enqueued(PRUNE) == 1


def test_each_job_is_enqueued_once_per_period(db, database_tasks):
    """Maintenance every 15 minutes, pruning daily; looking more often changes nothing."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        schedule.enqueue_due()
        assert schedule.enqueue_due() == []
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert schedule.enqueue_due() == []
    with time_machine.travel(start + timedelta(minutes=15), tick=False):
        assert schedule.enqueue_due() == [MAINTENANCE]
    with time_machine.travel(start + timedelta(days=1), tick=False):
        assert schedule.enqueue_due() == [MAINTENANCE, PRUNE]
    assert _enqueued(MAINTENANCE) == 3
    assert _enqueued(PRUNE) == 2


def test_jobs_missed_while_no_worker_ran_are_enqueued_once(db, database_tasks):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        schedule.enqueue_due()
    with time_machine.travel(start + timedelta(days=3), tick=False):
        assert schedule.enqueue_due() == [MAINTENANCE, PRUNE]
        assert schedule.enqueue_due() == []


def test_the_schedule_needs_the_database_backend(db):
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND=database"):
        schedule.enqueue_due()


def test_pruning_drops_only_old_finished_results(db, database_tasks, settings, tmp_path):
    settings.TASK_RESULT_RETENTION_DAYS = 14
    marker = str(tmp_path / "m")
    with time_machine.travel(timezone.now() - timedelta(days=20), tick=False):
        old_done = slow_task.enqueue(0, marker)
        old_waiting = slow_task.enqueue(0, marker)
    recent_done = slow_task.enqueue(0, marker)
    finished = timezone.now() - timedelta(days=15)
    DBTaskResult.objects.filter(pk=old_done.id).update(status="SUCCESSFUL", finished_at=finished)
    DBTaskResult.objects.filter(pk=recent_done.id).update(
        status="FAILED", finished_at=timezone.now()
    )
    assert prune_task_results.call() == 1
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {
        DBTaskResult.objects.get(pk=old_waiting.id).pk,
        DBTaskResult.objects.get(pk=recent_done.id).pk,
    }


def test_a_failing_tick_does_not_stop_the_scheduler(db, database_tasks, monkeypatch):
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")
        return []

    monkeypatch.setattr(schedule, "enqueue_due", flaky)
    thread = schedule.SchedulerThread(interval=0.01)
    thread.start()
    deadline = time.monotonic() + 10
    while len(calls) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    thread.stop()
    assert len(calls) >= 3
    assert not thread.is_alive()


# The worker process ------------------------------------------------------------------


def _wait_for(predicate, timeout=90, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise TimeoutError(f"timed out waiting for {what}")


def _niceness(pid: int) -> int:
    stat = (Path("/proc") / str(pid) / "stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[16])


AUTOGROUP = Path("/proc/self/autogroup")


def _autogroup_nice(pid) -> int | None:
    """The niceness of a process's session group, or None when it is in no autogroup.

    A process that no setsid() has moved out of init's session (CI runs there) stays in
    the root group, and its file is empty."""
    words = (Path("/proc") / str(pid) / "autogroup").read_text().split()
    return int(words[-1]) if words else None


def _lowered_in(*, new_session: bool) -> tuple[int, int | None]:
    """Run lower_priority(10) in a child; its niceness and its session's (autogroup) after."""
    code = (
        "import os; from newsroom.worker_priority import lower_priority; "
        "lower_priority(10); "
        "group = open('/proc/self/autogroup').read().split(); "
        "print(os.getpriority(os.PRIO_PROCESS, 0), group[-1] if group else 'none')"
    )
    result = subprocess.run(  # noqa: S603
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-v0", "-c", code],
        cwd=ROOT,
        env=_worker_env(),
        capture_output=True,
        text=True,
        start_new_session=new_session,
        check=True,
    )
    nice, group_nice = result.stdout.split()
    return int(nice), None if group_nice == "none" else int(group_nice)


@pytest.mark.skipif(not AUTOGROUP.exists(), reason="this kernel has no autogroup scheduling")
def test_a_worker_leading_its_session_lowers_the_sessions_share_of_the_cpu():
    # Niceness only orders processes inside one session: the session's own weighs
    # against the web's. A worker started by systemd or a supervisor leads its session.
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert _lowered_in(new_session=True) == (own + 10, 10)


@pytest.mark.skipif(not AUTOGROUP.exists(), reason="this kernel has no autogroup scheduling")
def test_a_worker_in_someone_elses_session_leaves_the_session_alone():
    # Started from a terminal (or beside gunicorn in one session): lowering the
    # session would lower the web processes with it.
    before = _autogroup_nice(os.getpid())
    nice, group_nice = _lowered_in(new_session=False)
    assert nice == os.getpriority(os.PRIO_PROCESS, 0) + 10
    assert group_nice == before
    assert _autogroup_nice(os.getpid()) == before


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("WORKER_NICE", "25", "WORKER_NICE must be between 0 and 19; got 25"),
        ("WORKER_YIELD_SECONDS", "-1", "WORKER_YIELD_SECONDS must be between 0 and 60; got -1.0"),
    ],
)
def test_the_worker_settings_refuse_values_out_of_range(name, value, message):
    result = subprocess.run(  # noqa: S603
        [str(ROOT / ".venv/bin/python"), "manage.py", "check"],
        cwd=ROOT,
        env={**_worker_env(), name: value},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert message in result.stderr


def _worker_env():
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "TASKS_BACKEND"}},
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "worker-test-secret",
        "EMAIL_URL": "dummymail://",
        "LOG_FORMAT": "text",
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_make_worker_finishes_the_claimed_task_on_sigterm_then_stops(database_tasks, tmp_path):
    """SIGTERM while a task runs: the task completes and is recorded, the worker exits.

    Also the schedule: the worker's scheduler has enqueued the periodic jobs by then.
    """
    marker = tmp_path / "finished"
    result = slow_task.enqueue(3, str(marker))
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "worker"],  # noqa: S607
            cwd=ROOT,
            env=_worker_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(
            lambda: DBTaskResult.objects.get(pk=result.id).status == "RUNNING",
            what="the slow task to be claimed",
        )
        assert not marker.exists()
        process.send_signal(signal.SIGTERM)  # to make, which passes it on once
        process.wait(60)
    finally:
        stop(process, sig=signal.SIGKILL)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL", log_path.read_text()
    assert row.return_value == "finished"
    assert marker.read_text() == "finished"
    assert "shutting down gracefully" in log_path.read_text()
    # Periodic jobs, enqueued by the scheduler thread and not lost: run or still waiting.
    for path in (MAINTENANCE, PRUNE):
        statuses = set(DBTaskResult.objects.filter(task_path=path).values_list("status", flat=True))
        assert statuses, path
        assert statuses <= {"READY", "SUCCESSFUL"}, (path, statuses)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_idle_worker_stops_at_once_on_sigterm(database_tasks, tmp_path):
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603
            [str(ROOT / ".venv/bin/python"), "manage.py", "run_worker", "--no-scheduler"],
            cwd=ROOT,
            env={**_worker_env(), "TASKS_BACKEND": "database"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(
            lambda: process.poll() is not None or "Starting worker" in log_path.read_text(),
            what="the worker to start",
        )
        # It runs below the web processes' priority (WORKER_NICE, 10 by default).
        assert _niceness(process.pid) == os.getpriority(os.PRIO_PROCESS, 0) + 10
        if AUTOGROUP.exists():
            # In a session of its own, the session's share of the CPU is lowered too.
            assert _autogroup_nice(process.pid) == 10
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0, log_path.read_text()
        assert time.monotonic() - started < 15
    finally:
        stop(process, sig=signal.SIGKILL)
