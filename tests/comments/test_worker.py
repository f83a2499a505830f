"""The spam check through the real django-tasks-db backend and a real worker
process (`manage.py db_worker --batch`), against a loopback Akismet.

Needs real commits (the task row is committed with the comment, and another
process reads it), so the database is transactional;
and a database another process can open, so PostgreSQL. Bounded: the worker
runs in batch mode (exits when the queue is empty) under a timeout.
"""

import os
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from benchmarks.servers import LoopbackAkismet, wait_for_tasks
from comments.models import Comment, CommentEvent
from tests.factories import make_article

from .helpers import comment_url, form_data

ROOT = Path(__file__).resolve().parents[2]


class FakeAkismet(LoopbackAkismet):
    """The benchmark's loopback Akismet (valid key, every comment ham), recording requests."""

    seen: list[tuple[str, dict]] = []

    def received(self, fields):
        FakeAkismet.seen.append((self.path, fields, self.headers.get("User-Agent", "")))


@pytest.fixture
def fake_akismet():
    FakeAkismet.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeAkismet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/akismet"
    server.shutdown()
    server.server_close()


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_comment_is_checked_by_a_real_db_worker(settings, fake_akismet):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    article = make_article()
    response = Client().post(comment_url(article), form_data(comment="Through the worker"))
    assert response.status_code == 302
    comment = Comment.objects.get()
    # Enqueued after commit, not run: the web process does not check.
    assert comment.spam_verdict == Comment.Verdict.UNCHECKED
    assert DBTaskResult.objects.filter(task_path="comments.tasks.check_comment").count() == 1
    # The benchmark's wait sees the check as due (a task enqueued with no run_after is
    # stored with the year 9999 as its run_after; the wait once missed every such task).
    with pytest.raises(SystemExit):
        wait_for_tasks(_database_url(), seconds=0.2)

    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "database",
        "AKISMET_API_KEY": "worker-test-key",
        "AKISMET_API_URL": fake_akismet,
        "AKISMET_BLOG_URL": "https://news.example",
        "SECRET_KEY": "worker-test-secret",
        "DEBUG": "true",
        "EMAIL_URL": "dummymail://",
    }
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]

    wait_for_tasks(_database_url(), seconds=5)  # nothing due any more: it returns
    comment.refresh_from_db()
    assert comment.spam_verdict == Comment.Verdict.HAM
    assert comment.status == Comment.Status.PENDING  # a first-time commenter waits
    assert comment.events.filter(kind=CommentEvent.Kind.AKISMET_HAM).exists()
    check = DBTaskResult.objects.get(task_path="comments.tasks.check_comment")
    assert check.status == "SUCCESSFUL"
    paths = [path for path, _, _ in FakeAkismet.seen]
    assert paths == ["/akismet/1.1/verify-key", "/akismet/1.1/comment-check"]
    _, fields, user_agent = FakeAkismet.seen[1]
    assert fields["comment_content"] == ["Through the worker"]
    assert user_agent.startswith("Newsroom/")
