"""The backup and restore procedure of docs/deployment.md, run for real: deploy/backup.sh
dumps the database and tars the media, deploy/restore.sh brings both back into an empty
database and media directory, and the site's code works on the result."""

import filecmp
import io
import os
import subprocess

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from comments.models import Comment
from tests.comments.helpers import make_comment
from tests.factories import make_article
from tests.servers import ROOT, database_url

pytestmark = pytest.mark.postgres


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 450), "seagreen").save(buffer, "JPEG")
    return SimpleUploadedFile("quay.jpg", buffer.getvalue())


def _admin(sql: str) -> None:
    with psycopg.connect(
        database_url().replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        c.execute(sql)


@pytest.fixture
def empty_database():
    url = database_url()
    name = url.rsplit("/", 1)[1] + "_restore"
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + "/" + name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _script(name, *args, **env):
    result = subprocess.run(  # noqa: S603
        [str(ROOT / "deploy" / name), *map(str, args)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_an_empty_database(settings, tmp_path, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    article = make_article(title="Restored harbour story", featured_image=_jpeg())
    make_comment(article, body="Kept through the restore", status=Comment.Status.APPROVED)

    dump, media = _script(
        "backup.sh",
        tmp_path / "backups",
        DATABASE_URL=database_url(),
        MEDIA_ROOT=settings.MEDIA_ROOT,
    )
    assert dump.endswith(".dump")
    assert media.endswith(".tar.gz")

    restored_media = tmp_path / "restored-media"
    _script("restore.sh", dump, media, DATABASE_URL=empty_database, MEDIA_ROOT=restored_media)

    with psycopg.connect(empty_database.replace("postgres://", "postgresql://")) as restored:
        titles = restored.execute("SELECT title FROM articles_article").fetchall()
        assert titles == [("Restored harbour story",)]
        bodies = restored.execute("SELECT body FROM comments_comment").fetchall()
        assert bodies == [("Kept through the restore",)]
        # The generated search column and the groups came back too.
        found = restored.execute(
            "SELECT count(*) FROM articles_article WHERE search_vector @@ to_tsquery('english', 'harbour')"
        ).fetchone()
        assert found == (1,)
        groups = {g for (g,) in restored.execute("SELECT name FROM auth_group").fetchall()}
        assert {"Editors", "Journalists", "Moderators"} <= groups

    comparison = filecmp.dircmp(settings.MEDIA_ROOT, restored_media)
    assert comparison.left_only == comparison.right_only == []
    originals = sorted(
        p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*.jpg")
    )
    assert originals
    for relative in originals:
        assert (restored_media / relative).read_bytes() == (
            settings.MEDIA_ROOT / relative
        ).read_bytes()

    # The code agrees with the restored schema, and reads it.
    env = {
        **os.environ,
        "DATABASE_URL": empty_database,
        "SECRET_KEY": "restore-test",
        "MEDIA_ROOT": str(restored_media),
    }
    check = subprocess.run(  # noqa: S603
        [str(ROOT / ".venv/bin/python"), "manage.py", "migrate", "--check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    live = subprocess.run(  # noqa: S603
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c",
         "from articles.models import Article; print(Article.objects.live().get().title)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert live.stdout.strip().splitlines()[-1] == "Restored harbour story", live.stderr


def test_restore_refuses_without_a_database_url(tmp_path):
    result = subprocess.run(  # noqa: S603
        [str(ROOT / "deploy/restore.sh"), tmp_path / "x.dump"],
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr
