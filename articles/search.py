"""Article search: PostgreSQL full-text search, with plain matching on SQLite.

On PostgreSQL, migration ``0004_search_vector`` adds a generated, stored
``articles_article.search_vector`` column (English; title weight A,
standfirst B, body text C) with a GIN index, a trigram GIN index on the title
and the ``pg_trgm`` extension. The column is database-only: the model does not
declare it, so the ORM never writes it and ``makemigrations`` never sees it.
:class:`SearchDocument` is how queries here refer to it.

The contract, whatever the database:

* :func:`normalize_query` turns any reader input into a bounded, printable
  string (possibly empty) of at most MAX_QUERY_TERMS words; an empty query
  matches nothing.
* :func:`search` filters a queryset of articles to those matching, best first,
  each annotated with ``search_rank``. It does not decide what is live: call it
  on ``Article.objects.live()`` for readers (``ArticleQuerySet.search`` does).
* :func:`with_headlines` and :func:`snippet` give each result a short, safe
  HTML excerpt with the matched words in ``<mark>``.
  The excerpt is computed over the standfirst and the first
  HEADLINE_BODY_CHARS characters of the body only: ``ts_headline`` does work
  that grows with the document times the query, and an article of long runs of
  short tokens (URL-encoded text, say) once held a worker for seconds.
* :func:`time_limited` runs a reader's search under a PostgreSQL
  ``statement_timeout``; :func:`is_timeout` recognises the error it raises.
* :func:`admin_search` is the same search for ``ModelAdmin.get_search_results``.
"""

import html
import re
import unicodedata
from contextlib import contextmanager

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import OperationalError, connections, transaction
from django.db.models import Case, Expression, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import Col
from django.db.models.functions import Concat, Left
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from psycopg.errors import QueryCanceled

from core.sanitize import body_text

SEARCH_CONFIG = "english"
# Longer input is cut, not refused: nobody types more, and ts_headline stays cheap.
MAX_QUERY_LENGTH = 200
# Words a query may have; the rest are dropped. Every word is another lexeme that
# ts_rank and ts_headline weigh against the document.
MAX_QUERY_TERMS = 10
# Plain matching (SQLite) ANDs at most this many words.
MAX_PLAIN_TERMS = 8
# Snippets come from the standfirst and this much of the body's HTML: enough for
# a lead paragraph or three, and a bound on ts_headline's work whatever the body.
HEADLINE_BODY_CHARS = 10_000
# word_similarity(query, title) needed for the typo fallback: "electon" scores
# 0.62 against "Election results", "lighthuose" 0.55 against "Lighthouse
# keeper"; unrelated words score near 0. The fallback filters with the
# ``title %> query`` operator, the only form the trigram GIN index can serve;
# that operator compares with the session's pg_trgm.word_similarity_threshold
# (default 0.6), which every connection sets to SEARCH_TRIGRAM_THRESHOLD in its
# startup options (newsroom/conf/database.py). Should a pooler that drops startup
# options hand over the session, only near-miss typos go unfound: the explicit
# score filter keeps the result correct.
TRIGRAM_THRESHOLD = settings.SEARCH_TRIGRAM_THRESHOLD
SNIPPET_WORDS = 35
# Full-text results are ranked among the newest this-many matching articles: ranking
# reads every candidate's search vector, so it is bounded, not the archive's size.
# A term in a fifth of a 100,000-article archive would otherwise rank 20,000 rows.
MAX_RANKED = 200

# ts_headline marks matches with these private-use characters instead of tags,
# so the excerpt can be HTML-escaped first and the marks turned into <mark> after.
_MARK_START = "\ue000"
_MARK_STOP = "\ue001"

_CONTROL_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}
# What PostgreSQL's parser splits words on is close enough to \w+ for a cap.
_WORD = re.compile(r"\w+")

_search_vector_column = SearchVectorField()
_search_vector_column.set_attributes_from_name("search_vector")
# Not bound to a model (the model does not declare the column); expressions
# that hash their fields look for the attribute.
_search_vector_column.model = None


class SearchDocument(Expression):
    """The DB-only ``search_vector`` column of the query's base ``articles_article`` table.

    Resolves to a column reference on whatever alias the base table has, so it
    also works inside subqueries (where Django relabels the table ``U0``).
    """

    output_field = SearchVectorField()

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        return Col(query.get_initial_alias(), _search_vector_column)


def normalize_query(raw) -> str:
    """Return `raw` as a search string: printable, single-spaced, at most MAX_QUERY_LENGTH
    characters and MAX_QUERY_TERMS words.

    Never raises: None, NUL bytes, control characters, unpaired surrogates and
    megabytes of input all become a (possibly empty) ordinary string.
    """
    if not isinstance(raw, str):
        return ""
    raw = raw[: MAX_QUERY_LENGTH * 4]
    # Format characters (zero-width space/joiners) vanish; other controls separate words.
    cleaned = "".join(
        "" if category == "Cf" else " " if category in _CONTROL_CATEGORIES else ch
        for ch, category in ((ch, unicodedata.category(ch)) for ch in raw)
    )
    query = " ".join(cleaned.split())[:MAX_QUERY_LENGTH].strip()
    return _cap_terms(query)


def _cap_terms(query: str) -> str:
    """`query` cut before its (MAX_QUERY_TERMS + 1)th word ("%20a%2Fb" counts as three)."""
    words = list(_WORD.finditer(query))
    if len(words) > MAX_QUERY_TERMS:
        query = query[: words[MAX_QUERY_TERMS].start()]
    return query.strip()


def is_full_text(queryset) -> bool:
    """True when `queryset`'s database has the PostgreSQL search schema."""
    return connections[queryset.db].vendor == "postgresql"


def _search_query(query: str) -> SearchQuery:
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")


def search(queryset, query: str):
    """Articles of `queryset` matching `query`, best first, annotated with ``search_rank``.

    PostgreSQL: websearch syntax (``"exact phrase"``, ``-exclude``, ``or``),
    English stemming, ranked by weighted ``ts_rank`` (a title match outranks
    a body match), then newest, among the newest MAX_RANKED matches. When
    nothing matches, titles similar to the query (trigram word similarity, for
    typos) are returned instead. It runs one query at once, for the candidates,
    which also chooses between the two.

    SQLite: every word (up to MAX_PLAIN_TERMS) must appear, case-insensitively,
    in the title, standfirst or body; title matches first, then newest.
    """
    query = normalize_query(query)
    if not query:
        return queryset.none()
    if not is_full_text(queryset):
        return _plain_search(queryset, query)
    matches = queryset.alias(search_document=SearchDocument()).filter(
        search_document=_search_query(query)
    )
    # The candidates, read once: the newest MAX_RANKED matches (a read newest first
    # that stops there, or the search index when matches are few). The page and its
    # count then look them up by primary key, without testing any article again:
    # each test reads the article's search vector, most of a search's cost.
    candidates = list(
        matches.order_by("-published_at", "-pk").values_list("pk", flat=True)[:MAX_RANKED]
    )
    if candidates:
        return (
            queryset.filter(pk__in=candidates)
            .alias(search_document=SearchDocument())
            .annotate(search_rank=SearchRank(F("search_document"), _search_query(query)))
            .order_by("-search_rank", "-published_at", "-pk")
        )
    return _similar_titles(queryset, query)


def _similar_titles(queryset, query):
    # Only for queries with words in them: a query of stop words ("the") would
    # otherwise "match" every title containing it.
    lexemes = Func(_search_query(query), function="numnode", output_field=IntegerField())
    return (
        queryset.alias(search_lexemes=lexemes)
        .filter(search_lexemes__gt=0, title__trigram_word_similar=query)
        .annotate(search_rank=TrigramWordSimilarity(query, "title"))
        .filter(search_rank__gte=TRIGRAM_THRESHOLD)
        .order_by("-search_rank", "-published_at", "-pk")
    )


def _plain_terms(query: str) -> list[str]:
    return query.split()[:MAX_PLAIN_TERMS]


def _plain_condition(query: str) -> Q:
    condition = Q()
    for term in _plain_terms(query):
        condition &= (
            Q(title__icontains=term) | Q(standfirst__icontains=term) | Q(body__icontains=term)
        )
    return condition


def _plain_search(queryset, query):
    return (
        queryset.filter(_plain_condition(query))
        .annotate(
            search_rank=Case(
                When(title__icontains=query, then=Value(2)),
                When(standfirst__icontains=query, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-search_rank", "-published_at", "-pk")
    )


def with_headlines(queryset, query: str):
    """Annotate ``search_headline`` (raw ts_headline text) on PostgreSQL; unchanged elsewhere.

    The excerpt comes from the standfirst and the first HEADLINE_BODY_CHARS
    characters of the body with tags removed (a tag cut in half at the end goes
    too). Render it with :func:`snippet`, never directly: it is unescaped text.
    PostgreSQL computes it only for the rows actually fetched (one page).
    """
    query = normalize_query(query)
    if not query or not is_full_text(queryset):
        return queryset
    body_without_tags = Func(
        Left(F("body"), HEADLINE_BODY_CHARS),
        Value("<[^>]*(>|$)"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
    # The standfirst is plain text: escape it like the body's text, so that the
    # parser does not take "<word>" in it for a tag and drop it.
    standfirst_as_html = F("standfirst")
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        standfirst_as_html = Func(
            standfirst_as_html,
            Value(char),
            Value(entity),
            function="replace",
            output_field=TextField(),
        )
    source = Func(
        Concat(standfirst_as_html, Value(" "), body_without_tags, output_field=TextField()),
        Value(_MARK_START + _MARK_STOP),
        Value(""),
        function="translate",
        output_field=TextField(),
    )
    return queryset.annotate(
        search_headline=SearchHeadline(
            source,
            _search_query(query),
            config=SEARCH_CONFIG,
            start_sel=_MARK_START,
            stop_sel=_MARK_STOP,
            max_words=SNIPPET_WORDS,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


@contextmanager
def time_limited(milliseconds: int, *, using: str = "default"):
    """Run the block in a transaction whose statements PostgreSQL cancels after `milliseconds`.

    A cancelled statement raises an OperationalError that :func:`is_timeout`
    recognises; the transaction (or savepoint) is rolled back, so the
    connection is usable afterwards. The limit is ``SET LOCAL``: it ends with
    the transaction, and inside an outer transaction it is put back when the
    block succeeds (a rollback to the savepoint undoes it by itself).
    Elsewhere, or with `milliseconds` ≤ 0, the block runs unlimited.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or milliseconds <= 0:
        yield
        return
    nested = connection.in_atomic_block
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'), "
                "set_config('statement_timeout', %s, true)",
                [f"{int(milliseconds)}ms"],
            )
            previous = cursor.fetchone()[0]
        yield
        if nested:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])


def is_timeout(exc: BaseException) -> bool:
    """True for the error of a statement cancelled by ``statement_timeout``."""
    return isinstance(exc, OperationalError) and isinstance(exc.__cause__, QueryCanceled)


def render_headline(raw: str) -> SafeString:
    """Turn ts_headline output into safe HTML: escape everything, then add the marks.

    The source is body HTML with its tags removed, so entities are decoded
    first; no tag from the article survives, only our own ``<mark>``.
    """
    text = " ".join(html.unescape(raw or "").split())
    escaped = str(escape(text))
    # Safe: every character was escaped above; the only markup is our own <mark>.
    return mark_safe(escaped.replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>"))  # noqa: S308


def _highlight(text: str, terms: list[str]) -> SafeString:
    """Escape `text`, wrapping case-insensitive occurrences of `terms` in ``<mark>``."""
    terms = [t for t in terms if t]
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    parts = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - each part is escaped or format_html


def snippet(article, query: str) -> SafeString:
    """A short safe-HTML excerpt of `article` for a results list, with matches in ``<mark>``.

    Uses the ``search_headline`` annotation where :func:`with_headlines` set
    one; otherwise (SQLite) cuts the plain text around the first matched word.
    """
    headline = getattr(article, "search_headline", None)
    if headline:
        return render_headline(headline)
    terms = _plain_terms(normalize_query(query))
    text = " ".join(part for part in (article.standfirst, body_text(article.body)) if part)
    lowered = text.lower()
    hits = [i for i in (lowered.find(t.lower()) for t in terms) if i >= 0]
    start = 0
    if hits and min(hits) > 120:
        # Start at a word boundary a little before the first match.
        start = text.rfind(" ", 0, min(hits) - 60) + 1
    excerpt = Truncator(text[start:]).words(SNIPPET_WORDS)
    if start:
        excerpt = "… " + excerpt
    return _highlight(excerpt, terms)


def admin_search(queryset, term: str, *, also=None):
    """The reader search for the admin changelist (and autocomplete), over any status.

    Returns ``(queryset, may_have_duplicates)`` as ``get_search_results`` must:
    the articles of `queryset` that the full-text search matches (plain
    matching on SQLite) or that are in `also` (typically the ModelAdmin's own
    ``search_fields`` result, so slugs, author names and the start of a
    headline still find a story). The admin applies its own ordering.
    """
    term = normalize_query(term)
    if not term:
        return queryset, False
    if is_full_text(queryset):
        queryset = queryset.alias(search_document=SearchDocument())
        found = Q(search_document=_search_query(term))
    else:
        found = _plain_condition(term)
    if also is not None:
        found |= Q(pk__in=also.values("pk"))
    return queryset.filter(found), False
