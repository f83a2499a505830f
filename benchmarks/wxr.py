"""`make bench-wxr`: import a generated WordPress export and print items/s and peak memory.

Not a test: it measures and prints. It writes a WXR file of BENCH_WXR_ITEMS items
(default 50,000: posts with two comments each, an attachment for every tenth post, a
few nested pages) under .bench/, imports it with `import_wxr` into its own database
(a SQLite file under .bench/, or BENCH_DATABASE_URL for PostgreSQL, which is flushed
first), then imports it a second time (which must change nothing). Peak memory is the
process's maximum resident set size (resource.getrusage).

An item is one `<item>` of the export: a post (with its two comments), a page or an
attachment; the comments are not counted as items. Besides the wall-clock rate it prints
the CPU time of this process, of the body-converting processes and of the PostgreSQL
backend (when it runs on this machine), and the load average before and after: on a
shared machine the wall-clock rate says more about the neighbours than about the import.
"""

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ["DEBUG"] = "false"
BENCH_DIR = ROOT / ".bench"
BENCH_DIR.mkdir(exist_ok=True)
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{BENCH_DIR / 'bench-wxr.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")
os.environ.setdefault("MEDIA_ROOT", str(BENCH_DIR / "media"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

ITEMS = int(os.environ.get("BENCH_WXR_ITEMS", "50000"))
BASE = "https://old.example.com"
BODY = (
    (
        'A paragraph of the kind a newsroom writes, with a <a href="https://example.org/">link'
        "</a> and <em>emphasis</em>.\nA second line of it.\n\n"
    )
    * 4
    + '[caption id="attachment_1" align="alignnone" width="300"]<img src="'
    + BASE
    + ('/wp-content/uploads/2019/05/photo.jpg" alt="A photo" width="300" /> A caption[/caption]')
)


def cdata(text: str) -> str:
    return f"<![CDATA[{text}]]>"


def write_export(path: Path, items: int) -> tuple[int, int]:
    """Stream a WXR file of `items` items to `path`; returns (posts, comments)."""
    posts = comments = 0
    with path.open("w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<title>Bench</title><link>{BASE}</link><wp:wxr_version>1.2</wp:wxr_version>"
            f"<wp:base_site_url>{BASE}</wp:base_site_url>"
            f"<wp:base_blog_url>{BASE}</wp:base_blog_url>\n"
        )
        for a in range(20):
            f.write(
                f"<wp:author><wp:author_id>{a}</wp:author_id><wp:author_login>{cdata(f'user{a}')}"
                f"</wp:author_login><wp:author_display_name>{cdata(f'Writer {a}')}"
                "</wp:author_display_name></wp:author>\n"
            )
        for c in range(12):
            f.write(
                f"<wp:category><wp:category_nicename>sec{c}</wp:category_nicename>"
                f"<wp:cat_name>{cdata(f'Section {c}')}</wp:cat_name></wp:category>\n"
            )
        for i in range(1, items + 1):
            day = f"20{10 + i % 14:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            if i % 500 == 0:
                parent = i - 500 if i % 1000 == 0 else 0
                kind, name = "page", f"page-{i}"
                extra = f"<wp:post_parent>{parent}</wp:post_parent>"
            elif i % 10 == 0:
                kind, name = "attachment", f"photo-{i}"
                extra = (
                    f"<wp:attachment_url>{BASE}/wp-content/uploads/2019/05/photo-{i}.jpg"
                    "</wp:attachment_url><wp:post_parent>0</wp:post_parent>"
                )
            else:
                kind, name = "post", f"story-{i}"
                posts += 1
                extra = (
                    f'<category domain="category" nicename="sec{i % 12}">{cdata("S")}</category>'
                    f'<category domain="post_tag" nicename="tag{i % 300}">'
                    f"{cdata(f'Tag {i % 300}')}</category>"
                    + (
                        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                        f"<wp:meta_value>{i + 1 - i % 10 + 9}</wp:meta_value></wp:postmeta>"
                        if i % 3 == 0
                        else ""
                    )
                )
                for n in range(2):
                    comments += 1
                    cid = i * 2 + n
                    extra += (
                        f"<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author>"
                        f"{cdata('Reader')}</wp:comment_author><wp:comment_author_email>"
                        "r@example.com</wp:comment_author_email><wp:comment_author_IP>"
                        "192.0.2.1</wp:comment_author_IP><wp:comment_date_gmt>"
                        f"{day} 12:00:00</wp:comment_date_gmt><wp:comment_content>"
                        f"{cdata('Interesting piece. Thanks!')}</wp:comment_content>"
                        f"<wp:comment_approved>{'1' if n == 0 else '0'}</wp:comment_approved>"
                        f"<wp:comment_parent>{cid - 1 if n else 0}</wp:comment_parent>"
                        "</wp:comment>"
                    )
            f.write(
                f"<item><title>{cdata(f'Headline {i} ✓')}</title>"
                f"<link>{BASE}/{day.replace('-', '/')}/{name}/</link>"
                f"<dc:creator>{cdata(f'user{i % 20}')}</dc:creator>"
                f'<guid isPermaLink="false">{BASE}/?p={i}</guid>'
                f"<content:encoded>{cdata(BODY)}</content:encoded>"
                f"<excerpt:encoded>{cdata('')}</excerpt:encoded>"
                f"<wp:post_id>{i}</wp:post_id><wp:post_date_gmt>{day} 09:00:00</wp:post_date_gmt>"
                f"<wp:post_name>{name}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>{kind}</wp:post_type>{extra}</item>\n"
            )
        f.write("</channel>\n</rss>\n")
    return posts, comments


def reset_database() -> None:
    if connection.vendor == "sqlite":
        db = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        db.unlink(missing_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("flush", verbosity=0, interactive=False)


def cpu_seconds() -> tuple[float, float, float]:
    """CPU seconds of (this process, its finished children: the body-converting workers,
    the database backend serving this connection, 0 when it cannot be read)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        own.ru_utime + own.ru_stime,
        children.ru_utime + children.ru_stime,
        database_cpu_seconds(),
    )


def database_cpu_seconds() -> float:
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:  # only when the server runs on this machine
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_import(path: Path) -> tuple[float, tuple[float, float, float]]:
    """(wall seconds, CPU seconds of this process, the workers and the database) of one
    import; CPU time does not depend much on how busy the machine is, wall time does."""
    started, cpu = time.perf_counter(), cpu_seconds()
    call_command("import_wxr", str(path), verbosity=0)
    wall = time.perf_counter() - started
    return wall, tuple(after - before for after, before in zip(cpu_seconds(), cpu, strict=True))


def report(label: str, wall: float, cpu: tuple[float, float, float]) -> None:
    main, workers, database = cpu
    print(
        f"{label} {wall:6.1f} s  {ITEMS / wall:8,.0f} items/s  (CPU {main:.1f} s here, "
        f"{workers:.1f} s converting, {database:.1f} s database: "
        f"{1000 * sum(cpu) / ITEMS:.2f} ms per item)"
    )


def main() -> None:
    path = BENCH_DIR / f"bench-{ITEMS}.xml"
    posts, comments = write_export(path, ITEMS)
    size_mb = path.stat().st_size / 1024 / 1024
    reset_database()
    print(
        f"WXR: {ITEMS:,} items ({posts:,} posts, {comments:,} comments), {size_mb:.0f} MB, "
        f"database {connection.vendor}"
    )
    load = os.getloadavg()[0]
    report("first import: ", *timed_import(path))
    report("second import:", *timed_import(path))
    print(
        f"load average (1 min): {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, "
        f"on {os.cpu_count()} CPUs"
    )
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(f"peak RSS: {peak_kb / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
