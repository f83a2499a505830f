"""Hostile search traffic: a few anonymous requests must not hold a worker.

An article made of long runs of short tokens (URL-encoded text) and a query of
many words once made ts_headline work for seconds. Bounded four ways: a cap
on query words, snippets from a bounded prefix of the body, a statement
timeout with a friendly "busy" page, and a per-IP rate limit (429).
"""

import random
import re

import pytest
from django.core.cache import cache
from django.db import DatabaseError, OperationalError, connection
from django.test.utils import CaptureQueriesContext

from articles import search as article_search
from articles.models import Article
from articles.search import HEADLINE_BODY_CHARS, MAX_QUERY_TERMS, normalize_query
from core import rate_limit
from tests.factories import make_article

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout and ts_headline are PostgreSQL's"
)

_RUNS = ["%20a%2Fb", "%3Ac%20", "x%20y", "%2F%2Fq", "20%2F20", "%3D1%26", "b%3D2"]
# Every lexeme the body above produces, and then some: a query of many terms.
MANY_TERMS = "20a 2fb 3ac 20y 2fq 2f20 3d1 26 3d2 x b 20 2f " * 3


def make_pathological_article(runs: int = 40_000) -> Article:
    """An article of long runs of short repeated tokens, like URL-encoded text (~300 kB)."""
    rng = random.Random(11)
    text = " ".join(rng.choice(_RUNS) for _ in range(runs))
    return make_article(title="Encoded", slug="encoded", body=f"<p>{text}</p>")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


# --- a cap on query terms --------------------------------------------------------------


def test_a_query_keeps_at_most_max_query_terms_words():
    words = [f"word{n}" for n in range(40)]
    assert normalize_query(" ".join(words)) == " ".join(words[:MAX_QUERY_TERMS])


def test_words_glued_by_punctuation_count_one_by_one():
    """ "%20a%2Fb%3Ac" is one string to split() but several words to PostgreSQL's parser."""
    capped = normalize_query("%20a" * 40)
    assert len(re.findall(r"\w+", capped)) == MAX_QUERY_TERMS
    assert normalize_query(MANY_TERMS).split() == MANY_TERMS.split()[:MAX_QUERY_TERMS]


def test_a_phrase_and_an_exclusion_under_the_cap_are_kept_as_typed():
    assert normalize_query('"general election" -budget tax') == '"general election" -budget tax'


# --- snippets from a bounded part of the document -------------------------------------------


@postgres_only
def test_the_headline_is_computed_over_a_bounded_prefix_of_the_body(client):
    make_article(title="Harbour", body="<p>" + "Harbour walls. " * 5000 + "</p>")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/search/", {"q": "harbour walls"})
    assert response.status_code == 200
    headline_sql = [q["sql"] for q in ctx.captured_queries if "ts_headline" in q["sql"]]
    assert len(headline_sql) == 1
    assert f'LEFT("articles_article"."body", {HEADLINE_BODY_CHARS})' in headline_sql[0]
    assert "<mark>Harbour</mark>" in response.content.decode()


@postgres_only
def test_a_tag_cut_in_half_by_the_bound_does_not_reach_the_snippet():
    body = (
        "<p>"
        + "harbour " * ((HEADLINE_BODY_CHARS - 40) // 8)
        + '</p><p><a href="https://x.example/long">harbour</a></p>'
    )
    article = make_article(title="Cut", body=body)
    found = article_search.with_headlines(Article.objects.filter(pk=article.pk), "harbour").get()
    assert "href" not in found.search_headline
    assert "<a" not in found.search_headline


# --- statement timeout ----------------------------------------------------------------


@postgres_only
def test_the_pathological_search_works_with_the_normal_limit(client, settings):
    settings.SEARCH_TIMEOUT_MS = 30_000
    make_pathological_article()
    response = client.get("/search/", {"q": MANY_TERMS})
    assert response.status_code == 200
    assert "1 result" in response.content.decode()


@postgres_only
def test_a_search_that_runs_out_of_time_gets_a_friendly_busy_page(client, settings):
    """A tiny statement_timeout forced: the page says "busy", 503 with Retry-After, and
    nothing of it is cached; the connection is fine for the next request."""
    settings.SEARCH_TIMEOUT_MS = 1
    make_pathological_article()
    response = client.get("/search/", {"q": MANY_TERMS})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    assert "Search is busy" in html
    assert 'name="q"' in html  # the form is there to try again
    settings.SEARCH_TIMEOUT_MS = 30_000
    assert client.get("/search/", {"q": "encoded"}).status_code == 200


@postgres_only
def test_the_time_limit_is_set_for_the_search_and_put_back_after_it():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
        with article_search.time_limited(1234):
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "1234ms"
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


@postgres_only
def test_is_timeout_recognises_only_a_cancelled_statement():
    def sleep_a_second():
        with article_search.time_limited(1), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(1)")

    with pytest.raises(OperationalError) as cancelled:
        sleep_a_second()
    assert article_search.is_timeout(cancelled.value)
    assert not article_search.is_timeout(OperationalError("server closed the connection"))
    assert not article_search.is_timeout(DatabaseError("other"))


# --- per-IP rate limit -----------------------------------------------------------------


def test_searching_too_often_from_one_address_gets_429_with_retry_after(client, settings):
    settings.SEARCH_RATE_LIMIT = 3
    make_article(title="Harbour")
    statuses = [
        client.get("/search/", {"q": "harbour"}, REMOTE_ADDR="203.0.113.5").status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 200]
    refused = client.get("/search/", {"q": "harbour"}, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "no-store" in refused["Cache-Control"]
    assert "Too many searches" in refused.content.decode()
    # Another reader is not affected; the empty search page is not counted.
    assert client.get("/search/", {"q": "harbour"}, REMOTE_ADDR="203.0.113.6").status_code == 200
    assert client.get("/search/", REMOTE_ADDR="203.0.113.5").status_code == 200


def test_behind_a_proxy_readers_are_told_apart_by_x_forwarded_for(client, settings):
    settings.SEARCH_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_HOPS = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = client.get("/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    second = client.get("/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    again = client.get("/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)


def test_the_rate_limit_window_resets_and_retry_after_counts_down():
    assert rate_limit.hit("t", "ip", limit=1, period=60, now=120.0) == 0
    assert rate_limit.hit("t", "ip", limit=1, period=60, now=130.0) == 50
    assert rate_limit.hit("t", "ip", limit=1, period=60, now=179.5) == 1
    assert rate_limit.hit("t", "ip", limit=1, period=60, now=180.0) == 0
    assert rate_limit.hit("t", "ip", limit=0, period=60, now=181.0) == 0


def test_a_cache_outage_lets_searches_through(monkeypatch):
    class DownCache:
        def add(self, *args, **kwargs):
            raise ConnectionError("redis down")

        incr = add

    monkeypatch.setattr(rate_limit, "cache", DownCache())
    assert rate_limit.hit("t", "ip", limit=1, period=60) == 0
