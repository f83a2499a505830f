"""Fill a database with a large generated archive for benchmarks.

    python manage.py seed_bench --articles 100000 --comments 1000000
    python manage.py seed_bench --articles 2000 --comments 20000 --replace

Bulk inserts in batches (no per-row save, no signals; COPY on PostgreSQL,
bulk_create elsewhere): sections, tags,
authors, articles published over the past years with bylines and tags, and
comments spread over them (a third are replies). Two articles are made for the
benchmark's discussion pages: `bench-small-thread` with 20 approved comments
and `bench-big-thread` with --big-thread comments (3,000 by default); both are
the newest articles, so their addresses are printed at the end.

The text is generated from a fixed vocabulary with a fixed random seed, so two
runs with the same sizes make the same archive. Refuses to run on a database
that already has articles unless --replace is given (which deletes every
article, author, section, tag and comment first).
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, Byline, Section, Tag
from authors.models import Author
from comments.models import Comment
from core import page_cache

# "council" is not among the words: it is put into one article in five, so a search
# for it matches a fifth of the archive.
WORDS = [
    "budget",
    "housing",
    "river",
    "school",
    "hospital",
    "transport",
    "election",
    "mayor",
    "minister",
    "police",
    "court",
    "planning",
    "library",
    "park",
    "rail",
    "bus",
    "cycle",
    "climate",
    "flood",
    "storm",
    "harbour",
    "market",
    "business",
    "jobs",
    "wages",
    "strike",
    "teachers",
    "nurses",
    "doctors",
    "patients",
    "students",
    "university",
    "research",
    "science",
    "museum",
    "theatre",
    "music",
    "festival",
    "football",
    "cricket",
    "rugby",
    "league",
    "season",
    "report",
    "inquiry",
    "review",
    "plan",
    "proposal",
    "vote",
    "residents",
    "neighbours",
    "community",
    "charity",
    "volunteers",
    "shop",
    "street",
    "bridge",
    "road",
    "traffic",
    "airport",
    "energy",
    "wind",
    "solar",
    "water",
    "tax",
    "rates",
    "spending",
    "cuts",
    "funding",
    "grant",
    "government",
    "opposition",
    "party",
    "leader",
    "campaign",
    "debate",
    "committee",
    "meeting",
    "week",
    "morning",
    "evening",
    "yesterday",
    "today",
    "city",
    "town",
    "village",
    "county",
    "region",
    "national",
]
SECTIONS = [
    "News",
    "Politics",
    "Business",
    "Science",
    "Culture",
    "Sport",
    "Opinion",
    "World",
    "Environment",
    "Education",
    "Health",
    "Technology",
]
SMALL_THREAD = 20
BATCH = 5000
SENTENCES = 4000  # a pool of generated sentences the text is drawn from


def _reserve_ids(model, count: int) -> list[int]:
    """`count` fresh primary keys from the table's sequence (PostgreSQL)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [sequence, sequence, count])
        (last,) = cursor.fetchone()
    return list(range(last - count + 1, last + 1))


def save_rows(model, rows: list[dict]) -> list[int]:
    """Insert `rows` (attribute name -> database-ready value; other fields take their
    defaults) and return their ids, in order.

    PostgreSQL: ids reserved from the sequence, rows streamed with COPY (many times
    faster than INSERT). Other databases: bulk_create in batches.
    """
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor != "postgresql":
        made = model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
        return [obj.pk for obj in made]
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    ids = _reserve_ids(model, len(rows))
    names = [f.attname for f in fields]
    columns = ", ".join(connection.ops.quote_name(c) for c in ["id", *(f.column for f in fields)])
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for pk, row in zip(ids, rows, strict=True):
            copy.write_row([pk, *(row[n] if n in row else defaults[n] for n in names)])
    return ids


class Command(BaseCommand):
    help = "Fill the database with a large generated archive (articles, comments) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--comments", type=int, default=1_000_000)
        parser.add_argument(
            "--big-thread",
            type=int,
            default=3000,
            help="Comments on the bench-big-thread article (counted in --comments).",
        )
        parser.add_argument("--authors", type=int, default=300)
        parser.add_argument("--tags", type=int, default=800)
        parser.add_argument("--seed", type=int, default=14)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every article, author, section, tag and comment first.",
        )

    def handle(self, *args, **options):
        articles = options["articles"]
        comments = options["comments"]
        big = options["big_thread"]
        if articles < 2:
            raise CommandError("--articles must be at least 2 (the two discussion articles).")
        if big < 0 or comments < big + SMALL_THREAD:
            raise CommandError(
                f"--comments must be at least --big-thread + {SMALL_THREAD} ({big + SMALL_THREAD})."
            )
        if options["authors"] < 1 or options["tags"] < 1:
            raise CommandError("--authors and --tags must be at least 1.")
        if options["replace"]:
            self._clear()
        elif any(m.objects.exists() for m in (Article, Section, Tag, Author)):
            raise CommandError(
                "This database already has articles, sections, tags or authors. Use --replace "
                "to delete them (and all comments) first."
            )
        self.rng = random.Random(options["seed"])  # noqa: S311 - repeatable data, not a secret
        self.sentences = [self._make_sentence(6, 18) for _ in range(SENTENCES)]
        started = time.monotonic()
        with transaction.atomic():
            sections, tags, authors = self._taxonomy(options["authors"], options["tags"])
        article_ids = self._articles(articles, sections, tags, authors)
        small_id, big_id = article_ids[0], article_ids[1]
        self._insert({small_id: SMALL_THREAD}, approved_only=True)
        self._insert({big_id: big}, approved_only=True)
        self._spread_comments(article_ids[2:], comments - big - SMALL_THREAD)
        if connection.vendor == "postgresql" and connection.get_autocommit():
            # What autovacuum would do on a live site: planner statistics, and the
            # visibility map that lets counts read only the indexes.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        page_cache.changed()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {Article.objects.count():,} articles and {Comment.objects.count():,} "
                f"comments in {elapsed:.0f} s."
            )
        )
        for pk in (small_id, big_id):
            article = Article.objects.get(pk=pk)
            self.stdout.write(f"{article.slug}: {article.get_absolute_url()}")

    def _clear(self):
        models = (Comment, Article, Author, Tag, Section)
        if connection.vendor == "postgresql":
            tables = ", ".join(m._meta.db_table for m in models)
            with connection.cursor() as cursor:
                # Run deferred foreign-key checks now: TRUNCATE refuses while any wait.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                # CASCADE: bylines, revisions, events, corrections, comment history...
                cursor.execute(f"TRUNCATE {tables} CASCADE")
            return
        with transaction.atomic():
            for model in models:
                model.objects.all().delete()

    def _make_sentence(self, low: int, high: int) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def _text(self, sentences: int) -> str:
        return " ".join(self.rng.choices(self.sentences, k=sentences))

    def _taxonomy(self, n_authors: int, n_tags: int):
        sections = Section.objects.bulk_create(
            Section(name=name, slug=name.lower(), position=i) for i, name in enumerate(SECTIONS)
        )
        tags = Tag.objects.bulk_create(
            Tag(name=f"{self.rng.choice(WORDS).title()} {i}", slug=f"tag-{i}")
            for i in range(n_tags)
        )
        authors = Author.objects.bulk_create(
            Author(name=f"Writer {i}", slug=f"writer-{i}", bio="<p>Reports for the paper.</p>")
            for i in range(n_authors)
        )
        return [s.pk for s in sections], [t.pk for t in tags], [a.pk for a in authors]

    def _articles(self, count: int, sections, tags, authors) -> list[int]:
        """Articles newest first: one every ~50 minutes back from an hour ago."""
        rng = self.rng
        now = timezone.now()
        ids: list[int] = []
        for start in range(0, count, BATCH):
            rows = []
            for i in range(start, min(count, start + BATCH)):
                published = now - timedelta(hours=1, minutes=50 * i)
                slug = {0: "bench-small-thread", 1: "bench-big-thread"}.get(i, f"story-{i}")
                paragraphs = [self._text(4) for _ in range(6)]
                if i % 5 == 0:
                    paragraphs[2] += " The council will meet again next week."
                rows.append(
                    {
                        "title": self._make_sentence(5, 10)[:-1],
                        "slug": slug,
                        "standfirst": self._text(1),
                        "body": "".join(f"<p>{p}</p>" for p in paragraphs),
                        "section_id": sections[i % len(sections)],
                        "status": Article.Status.PUBLISHED,
                        "published_at": published,
                        "created_at": published,
                        "updated_at": published,
                        "is_editors_pick": i % 23 == 0,
                    }
                )
            with transaction.atomic():
                made = save_rows(Article, rows)
                save_rows(
                    Byline,
                    [
                        {"article_id": pk, "author_id": author, "position": k, "role": "author"}
                        for pk in made
                        for k, author in enumerate(rng.sample(authors, rng.choice((1, 1, 2, 3))))
                    ],
                )
                save_rows(
                    Article.tags.through,
                    [
                        {"article_id": pk, "tag_id": tag}
                        for pk in made
                        for tag in rng.sample(tags, rng.randint(0, 4))
                    ],
                )
            ids.extend(made)
            self.stdout.write(f"  {len(ids):,} articles", ending="\r")
            self.stdout.flush()
        self.stdout.write("")
        return ids

    def _comment(self, article_id: int, created_at, *, approved: bool) -> dict:
        rng = self.rng
        n = rng.randrange(1_000_000)
        approved = approved or rng.random() < 0.95
        return {
            "article_id": article_id,
            "parent_id": None,
            "depth": 0,
            "author_name": f"Reader {n}",
            "author_email": f"reader{n}@example.com",
            "body": self._text(rng.randint(1, 3)),
            "status": Comment.Status.APPROVED if approved else Comment.Status.SPAM,
            "spam_verdict": Comment.Verdict.HAM if approved else Comment.Verdict.SPAM,
            "ip_address": f"192.0.2.{n % 250 + 1}",
            "user_agent": "Mozilla/5.0 (bench)",
            "created_at": created_at,
        }

    def _spread_comments(self, article_ids: list[int], total: int) -> None:
        """`total` comments over `article_ids`, more on newer articles, in batches."""
        if not article_ids or total <= 0:
            return
        rng = self.rng
        weights = [1.0 / (1 + i / 2000) for i in range(len(article_ids))]
        scale = total / sum(weights)
        counts = {pk: int(w * scale) for pk, w in zip(article_ids, weights, strict=True)}
        short = total - sum(counts.values())
        for pk in rng.choices(article_ids, k=short):
            counts[pk] += 1
        done = 0
        pending: dict[int, int] = {}
        queued = 0
        for pk, n in counts.items():
            if n:
                pending[pk] = n
                queued += n
            if queued >= BATCH * 4:
                done += self._insert(pending, approved_only=False)
                pending, queued = {}, 0
                self.stdout.write(f"  {done:,} comments", ending="\r")
                self.stdout.flush()
        done += self._insert(pending, approved_only=False)
        self.stdout.write(f"  {done:,} comments")

    def _insert(self, counts: dict[int, int], *, approved_only: bool) -> int:
        """Per article: top-level comments, then a third as many replies to approved ones."""
        rng = self.rng
        now = timezone.now()
        tops: list[dict] = []
        plan: list[tuple[int, int]] = []  # (article_id, replies)
        for article_id, n in counts.items():
            replies = n // 3
            plan.append((article_id, replies))
            base = now - timedelta(minutes=n + 5)
            for k in range(n - replies):
                created = base + timedelta(seconds=30 * k)
                tops.append(self._comment(article_id, created, approved=approved_only))
        with transaction.atomic():
            top_ids = save_rows(Comment, tops)
            parents_of: dict[int, list[tuple[int, object]]] = {}
            for pk, row in zip(top_ids, tops, strict=True):
                if row["status"] == Comment.Status.APPROVED:
                    parents_of.setdefault(row["article_id"], []).append((pk, row["created_at"]))
            replies: list[dict] = []
            for article_id, n in plan:
                parents = parents_of.get(article_id)
                for _ in range(n):
                    if not parents:  # nothing approved to answer: a comment of its own
                        replies.append(self._comment(article_id, now, approved=approved_only))
                        continue
                    parent_id, parent_created = rng.choice(parents)
                    created = parent_created + timedelta(seconds=rng.randint(1, 29))
                    reply = self._comment(article_id, created, approved=approved_only)
                    reply["parent_id"], reply["depth"] = parent_id, 1
                    replies.append(reply)
            save_rows(Comment, replies)
        return len(tops) + len(replies)
