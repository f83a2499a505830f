"""newsroom/worker_priority.py: the worker waits for a free CPU before each task."""

from __future__ import annotations

import pytest

from newsroom import worker_priority
from tests.newsroom.worker_tasks import slow_task


class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def machine(monkeypatch):
    """Two CPUs and a list of how many threads are runnable at each look."""
    looks: list[int | None] = []
    monkeypatch.setattr(worker_priority, "cpus", lambda: 2)
    monkeypatch.setattr(
        worker_priority, "runnable_elsewhere", lambda: looks.pop(0) if len(looks) > 1 else looks[0]
    )
    return looks


def test_it_runs_at_once_when_a_cpu_is_free(machine):
    machine[:] = [1]
    fake = FakeTime()
    assert worker_priority.yield_to_busy_cpus(limit=1, clock=fake.clock, sleep=fake.sleep) == 0
    assert fake.slept == []


def test_it_waits_while_every_cpu_is_busy_then_runs(machine):
    machine[:] = [2, 3, 2, 1]
    fake = FakeTime()
    waited = worker_priority.yield_to_busy_cpus(limit=1, clock=fake.clock, sleep=fake.sleep)
    assert len(fake.slept) == 3
    assert waited == pytest.approx(3 * worker_priority.YIELD_STEP_SECONDS)


def test_it_never_waits_longer_than_the_limit(machine):
    # A load that does not end: the queue still moves, one task per limit at worst.
    machine[:] = [5]
    fake = FakeTime()
    waited = worker_priority.yield_to_busy_cpus(limit=0.5, clock=fake.clock, sleep=fake.sleep)
    assert waited == pytest.approx(0.5)
    assert sum(fake.slept) == pytest.approx(0.5)


def test_it_never_waits_when_turned_off_or_without_proc_stat(machine, settings):
    fake = FakeTime()
    machine[:] = [5]
    settings.WORKER_YIELD_SECONDS = 0
    assert worker_priority.yield_to_busy_cpus(clock=fake.clock, sleep=fake.sleep) == 0
    machine[:] = [None]  # not Linux
    assert worker_priority.yield_to_busy_cpus(limit=1, clock=fake.clock, sleep=fake.sleep) == 0
    assert fake.slept == []


def test_runnable_threads_are_read_from_proc_stat_less_the_caller(monkeypatch, tmp_path):
    stat = tmp_path / "stat"
    stat.write_bytes(b"cpu  1 2 3 4\nctxt 99\nprocs_running 3\nprocs_blocked 0\n")
    monkeypatch.setattr(worker_priority, "PROC_STAT", stat)
    assert worker_priority.runnable_elsewhere() == 2
    monkeypatch.setattr(worker_priority, "PROC_STAT", tmp_path / "missing")
    assert worker_priority.runnable_elsewhere() is None


def test_on_this_machine_the_kernels_own_proc_stat_is_read():
    # The format is the kernel's: if the line or its parsing went wrong here, the
    # worker would silently never wait.
    if not worker_priority.PROC_STAT.exists():
        pytest.skip("no /proc/stat here")
    others = worker_priority.runnable_elsewhere()
    assert isinstance(others, int)
    assert others >= 0


def test_only_the_worker_waits_a_task_run_in_a_web_request_never_does(
    monkeypatch, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    calls = []
    monkeypatch.setattr(worker_priority, "yield_to_busy_cpus", lambda: calls.append(1))
    monkeypatch.setattr(worker_priority, "_enabled", False)
    # The immediate backend runs the task in the web request: it never waits.
    assert slow_task.enqueue(0, str(tmp_path / "one")).return_value == "finished"
    assert calls == []
    try:
        worker_priority.yield_before_each_task()  # what run_worker does at start
        assert slow_task.enqueue(0, str(tmp_path / "two")).return_value == "finished"
        assert calls == [1]
    finally:
        monkeypatch.setattr(worker_priority, "_enabled", False)
