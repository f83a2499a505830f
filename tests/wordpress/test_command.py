"""`manage.py import_wxr`: the summary, progress on a terminal or in a log, dry runs, and
bad files refused with one message, a non-zero exit and nothing written."""

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ImportedItem, Page, Redirect, Section
from authors.models import Author
from comments.models import Comment
from tests.wxr_files import author, comment, item, run_import, tag, write, wxr
from wordpress.progress import Progress

pytestmark = pytest.mark.django_db


def export(tmp_path):
    return write(
        tmp_path,
        wxr(
            items=[
                item(1, "Hello", comments=[comment(1), comment(2, type="pingback")]),
                item(2, "Draft", status="draft"),
                item(3, "Gone", status="trash"),
                item(4, "About", post_type="page", name="about", content='[gallery ids="1"]'),
            ]
        ),
    )


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wxr", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def everything():
    return [
        m.objects.count() for m in (Article, Author, Section, Page, Comment, Redirect, ImportedItem)
    ]


def test_summary_table(tmp_path):
    out, _ = run(export(tmp_path))
    lines = dict(line.split("  ", 1) for line in out.splitlines() if "  " in line)
    assert lines["Articles"].strip() == "created 2"
    assert lines["Articles by status"].strip() == "draft 1, published 1"
    assert lines["Pages"].strip() == "created 1, published 1"
    assert lines["Comments by status"].strip() == "approved 1"
    assert lines["Skipped"].strip() == "pingback 1, post in the trash 1"
    assert lines["Shortcodes"].strip() == "gallery 1"
    assert out.rstrip().endswith("Import finished.")


def test_plain_progress_lines_when_not_a_terminal(tmp_path):
    _, err = run(export(tmp_path))
    assert err.splitlines()[-1].startswith("4/4 items  100.0%")
    assert "\r" not in err


def test_progress_bar_on_a_terminal():
    stream = io.StringIO()
    clock = iter([0.0, 1.0, 2.0]).__next__  # start, then one per call
    progress = Progress(stream, tty=True, clock=clock)
    progress(50, 100)
    progress(100, 100)
    out = stream.getvalue()
    assert out.startswith(
        "\r[###############---------------] 50/100 items   50.0%  50 items/s  ETA 1s"
    )
    assert out.endswith(
        "\r[##############################] 100/100 items  100.0%  50 items/s  ETA 0s\n"
    )


def test_plain_progress_is_throttled():
    stream = io.StringIO()
    clock = iter([0.0, 1.0, 2.0, 30.0, 31.0]).__next__
    progress = Progress(stream, tty=False, interval=10, clock=clock)
    for done in (10, 20, 30, 40):
        progress(done, 40)
    assert [line.split("/")[0] for line in stream.getvalue().splitlines()] == ["10", "30", "40"]


def test_dry_run_prints_the_same_and_writes_nothing(tmp_path):
    path = export(tmp_path)
    dry, _ = run(path, "--dry-run")
    assert everything() == [0] * 7
    real, _ = run(path)
    dry_lines, real_lines = dry.splitlines(), real.splitlines()
    # The same table (rule, 15 rows), then one more row saying nothing was written.
    assert dry_lines[:16] == real_lines[:16]
    assert dry_lines[16] == "Dry run             nothing was written"
    assert dry.rstrip().endswith("Dry run: nothing was written.")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just text", "Not valid XML: syntax error: line 1, column 0"),
        (b"<?xml version='1.0'?><feed/>", "Not a WordPress export (WXR): the document is <feed>"),
        (
            b'<?xml version="1.0" encoding="bogus"?><rss/>',
            "declares an encoding Python does not know",
        ),
    ],
)
def test_bad_files_write_nothing(tmp_path, content, message):
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    with pytest.raises(CommandError) as caught:
        run(path)
    assert message in str(caught.value)
    assert str(caught.value).endswith("Nothing was imported.")
    assert everything() == [0] * 7


def test_truncated_file_writes_nothing_even_after_good_items(tmp_path):
    """The whole file is read before anything is written: a cut-off export imports nothing."""
    xml = wxr(items=[item(n, comments=[comment(n)]) for n in range(1, 30)]).encode()
    path = tmp_path / "cut.xml"
    path.write_bytes(xml[: int(len(xml) * 0.9)])
    with pytest.raises(CommandError, match=r"The file ends too early \(truncated\?\)"):
        run(path)
    assert everything() == [0] * 7


def test_error_midway_rolls_back_everything(tmp_path, monkeypatch):
    from articles import wxr as wxr_module

    def boom(self, item):
        raise RuntimeError("disk full")

    monkeypatch.setattr(wxr_module.ArticleImporter, "page", boom)
    with pytest.raises(RuntimeError):
        run(export(tmp_path))
    assert everything() == [0] * 7


def test_file_over_the_size_limit(tmp_path, settings):
    settings.WXR_MAX_UPLOAD_MB = 0
    with pytest.raises(CommandError, match=r"the limit is 0 MB \(WXR_MAX_UPLOAD_MB\)"):
        run(export(tmp_path))


def test_missing_file_and_uploads_dir(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "nope.xml")
    with pytest.raises(CommandError, match=r"uploads directory .* does not exist"):
        run(export(tmp_path), "--uploads-dir", tmp_path / "nowhere")


def test_exit_status_is_non_zero_for_a_bad_file(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_bytes(b"<nope")
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "import_wxr", str(path)],
        capture_output=True,
        text=True,
        env={"DEBUG": "true", "PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:"},
    )
    assert result.returncode == 1
    assert "The file ends too early (truncated?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_failed_run_deletes_the_images_it_copied(tmp_path, settings, monkeypatch):
    from PIL import Image

    from articles import wxr as wxr_module
    from tests.wxr_files import BASE

    uploads = tmp_path / "uploads"
    (uploads / "2019/05").mkdir(parents=True)
    Image.new("RGB", (400, 300), "teal").save(uploads / "2019/05/a.jpg", "JPEG")
    xml = wxr(
        items=[
            item(1, content=f'<img src="{BASE}/wp-content/uploads/2019/05/a.jpg">',
                 meta={"_thumbnail_id": "9"}),
            item(9, "A", post_type="attachment", attachment_url=f"{BASE}/wp-content/uploads/2019/05/a.jpg",
                 meta={"_wp_attached_file": "2019/05/a.jpg"}),
        ]
    )  # fmt: skip

    def boom(self):
        raise RuntimeError("power cut")

    monkeypatch.setattr(wxr_module.ArticleImporter, "_write_pages", boom)
    with pytest.raises(RuntimeError):
        run(write(tmp_path, xml), "--uploads-dir", uploads)
    assert everything() == [0] * 7
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


def test_an_import_tells_the_page_cache_once(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """Per-row save handlers are held during an import; it starts one new page-cache
    generation after it commits, not one per article, comment, tag or author."""
    calls = []
    monkeypatch.setattr("core.page_cache.changed", lambda *a, **k: calls.append(True))
    xml = wxr(
        authors=[author("jdoe", "Jane Doe")],
        tags=[tag("politics", "Politics")],
        items=[item(n, f"Story {n}", categories=[("post_tag", "politics", "Politics")],
                    comments=[comment(n * 10, approved="1")]) for n in range(1, 4)]
        + [item(9, "About", post_type="page", name="about")],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        run_import(tmp_path, xml)
    assert calls == [True]
