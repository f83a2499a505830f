"""Interrupted work is picked up again: a worker killed mid-check, a web worker killed
between saving a comment and enqueuing its check (comments/interrupted.py)."""

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import ThreadingHTTPServer
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from comments.interrupted import MAX_TASK_ATTEMPTS, requeue_stale_tasks
from comments.models import Comment
from tests.factories import make_article
from tests.servers import QuietHandler

from .helpers import comment_url, form_data, make_comment
from .test_worker import ROOT, _database_url


def _task_row(*, path="comments.tasks.check_comment", started_minutes_ago=30, workers=1, **kw):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=kw.pop("status", TaskResultStatus.RUNNING),
        task_path=path,
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=now - timedelta(minutes=started_minutes_ago + 1),
        started_at=now - timedelta(minutes=started_minutes_ago),
        worker_ids=[f"worker-{n}" for n in range(workers)],
        **kw,
    )


# --- a task worker killed with SIGKILL ---------------------------------------------------


def test_a_task_running_longer_than_the_stale_limit_is_requeued(db, settings):
    settings.TASKS_STALE_SECONDS = 600
    stale = _task_row(started_minutes_ago=11)
    fresh = _task_row(started_minutes_ago=5)
    other_app = _task_row(path="articles.tasks.import_wxr", started_minutes_ago=60)
    done = _task_row(status=TaskResultStatus.SUCCESSFUL, started_minutes_ago=60)

    assert requeue_stale_tasks().requeued == 1
    for row in (stale, fresh, other_app, done):
        row.refresh_from_db()
    assert (stale.status, stale.started_at) == (TaskResultStatus.READY, None)
    assert fresh.status == other_app.status == TaskResultStatus.RUNNING
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.ready().filter(pk=stale.pk).exists()  # a worker will take it


def test_a_task_that_lost_its_worker_every_time_is_given_up(db, settings):
    """Not re-queued for ever: after MAX_TASK_ATTEMPTS workers it is FAILED, with a reason
    (its comment is still re-checked by recheck_comments)."""
    settings.TASKS_STALE_SECONDS = 600
    row = _task_row(workers=MAX_TASK_ATTEMPTS)
    result = requeue_stale_tasks()
    assert (result.requeued, result.failed) == (0, 1)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "comments.interrupted.WorkerLost"
    assert "worker-0" in row.traceback


def test_recheck_comments_and_maintenance_requeue_stale_tasks(db, settings):
    settings.TASKS_STALE_SECONDS = 600
    first, second = _task_row(), _task_row()
    out = StringIO()
    call_command("recheck_comments", stdout=out)
    assert "Re-queued 2 stalled task(s); gave up on 0." in out.getvalue()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == TaskResultStatus.READY
    third = _task_row()
    out = StringIO()
    call_command("comments_maintenance", stdout=out)
    assert "stale_tasks_requeued: 1" in out.getvalue()
    third.refresh_from_db()
    assert third.status == TaskResultStatus.READY


class _SlowAkismet(QuietHandler):
    """A loopback Akismet whose comment-check hangs until `release` is set."""

    release = threading.Event()
    checks_started = threading.Event()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.endswith("/comment-check"):
            _SlowAkismet.checks_started.set()
            _SlowAkismet.release.wait(60)
        self.reply(b"valid" if self.path.endswith("/verify-key") else b"false")


@pytest.fixture
def slow_akismet():
    _SlowAkismet.release = threading.Event()
    _SlowAkismet.checks_started = threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowAkismet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/akismet"
    _SlowAkismet.release.set()
    server.shutdown()
    server.server_close()


def _worker_command():
    return [
        sys.executable,
        "manage.py",
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_check_whose_worker_was_killed_runs_again(settings, slow_akismet):
    """A real db_worker is SIGKILLed in the middle of a check: its task stays RUNNING;
    once stale it is re-queued, and the next worker finishes the check."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article = make_article()
    assert (
        Client().post(comment_url(article), form_data(comment="Killed mid-check")).status_code
        == 302
    )
    comment = Comment.objects.get()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "database",
        "AKISMET_API_KEY": "worker-test-key",
        "AKISMET_API_URL": slow_akismet,
        "AKISMET_BLOG_URL": "https://news.example",
        "AKISMET_TIMEOUT": "60",
        "SECRET_KEY": "worker-test-secret",
        "DEBUG": "true",
        "EMAIL_URL": "dummymail://",
    }
    worker = subprocess.Popen(  # noqa: S603 - our own manage.py
        _worker_command(), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        assert _SlowAkismet.checks_started.wait(60), "the worker never asked Akismet"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(30)
    task = DBTaskResult.objects.get(task_path="comments.tasks.check_comment")
    assert task.status == TaskResultStatus.RUNNING  # stuck: no worker takes it again
    comment.refresh_from_db()
    assert comment.spam_verdict == Comment.Verdict.UNCHECKED

    assert requeue_stale_tasks().requeued == 0  # not stale yet
    later = timezone.now() + timedelta(seconds=settings.TASKS_STALE_SECONDS + 1)
    assert requeue_stale_tasks(now=later).requeued == 1

    _SlowAkismet.release.set()
    second = subprocess.run(  # noqa: S603 - our own manage.py
        _worker_command(), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert second.returncode == 0, second.stderr[-3000:]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 2
    comment.refresh_from_db()
    assert comment.spam_verdict == Comment.Verdict.HAM


# --- a comment whose check never reached the queue ---------------------------------------


def test_a_comment_whose_check_was_never_enqueued_is_found_after_the_grace_period(
    client, db, settings, akismet_http, monkeypatch
):
    """The comment commits but its check never reaches the queue (with the database
    backend the task is written in the comment's transaction, so that is a queue
    refusing the row; with another backend, a process dying before its on-commit
    enqueue). No task exists; once the grace period has passed, recheck_comments
    checks it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def refuse(*args, **kwargs):
        raise RuntimeError("queue unavailable")

    article = make_article()
    with monkeypatch.context() as refusing:
        refusing.setattr(DatabaseBackend, "_task_to_db_task", refuse)
        assert client.post(comment_url(article), form_data()).status_code == 302
    comment = Comment.objects.get()
    assert not DBTaskResult.objects.exists()
    assert (comment.status, comment.spam_verdict) == ("pending", "unchecked")

    # Within the grace period its own task may still be on its way: left alone.
    assert comment not in Comment.objects.due_for_check()
    with time_machine.travel(timezone.now() + Comment.CHECK_GRACE + timedelta(seconds=1)):
        assert list(Comment.objects.due_for_check()) == [comment]
        out = StringIO()
        call_command("recheck_comments", stdout=out)
    assert "Re-checked 1 comment(s)." in out.getvalue()
    comment.refresh_from_db()
    assert comment.spam_verdict == Comment.Verdict.HAM
    assert len(akismet_http.to("comment-check")) == 1


def test_a_checked_comment_is_not_rechecked_after_the_grace_period(db, akismet_http):
    article = make_article()
    make_comment(article, status="pending", spam_verdict="ham")
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert not Comment.objects.due_for_check().exists()
