"""The reader page cache: who may read and fill it, what is stored, and 304s.

The invalidation events are tested beside the apps that cause them
(tests/articles/test_page_cache_invalidation.py, tests/comments/test_page_cache.py).
"""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.core.helpers import CountingGets
from tests.factories import make_article


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    response.queries = len(ctx.captured_queries)
    return response


@pytest.mark.django_db
def test_second_anonymous_request_is_served_without_a_query(page_cache):
    """A hit touches neither the database nor the template engine."""
    article = make_article(title="Cached story")
    first = get(Client(), article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert first.queries > 0
    second = get(Client(), article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.queries == 0
    assert second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/", "/archive/", "/feed/", "/sitemap.xml", "/news-sitemap.xml", "/search/?q=cached"],
)
def test_public_pages_of_every_kind_are_cached(page_cache, path):
    make_article(title="Cached story")
    assert Client().get(path)["X-Page-Cache"] == "miss"
    assert get(Client(), path).queries == 0


@pytest.mark.django_db
def test_query_string_is_part_of_the_key(page_cache):
    make_article(title="Cached story")
    Client().get("/search/?q=cached")
    other = Client().get("/search/?q=other")
    assert other["X-Page-Cache"] == "miss"
    assert b"Cached story" not in other.content


@pytest.mark.django_db
def test_head_is_answered_from_the_cache_without_a_body(page_cache):
    article = make_article()
    full = Client().get(article.get_absolute_url())
    head = Client().head(article.get_absolute_url())
    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(full.content))


@pytest.mark.django_db
def test_logged_in_staff_never_read_or_fill_the_cache(page_cache, editor_client):
    """A session cookie means a person with rights: the cache is not theirs."""
    article = make_article()
    staff = editor_client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in staff
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    again = get(editor_client, article.get_absolute_url())
    assert "X-Page-Cache" not in again
    assert again.queries > 0


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["messages", "comments_mine", "sessionid"])
def test_requests_with_a_personal_cookie_bypass_the_cache(page_cache, cookie):
    article = make_article()
    Client().get(article.get_absolute_url())  # fill
    client = Client()
    client.cookies[cookie] = "anything"
    response = get(client, article.get_absolute_url())
    assert "X-Page-Cache" not in response
    # Rendered, not stored (its pieces may all come from the fragment cache: no query).
    assert "articles/article_detail.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_preview_is_never_cached(page_cache, editor):
    from articles import preview

    draft = make_article(live=False)
    url = preview.preview_url(draft)
    assert Client().get(url).status_code == 200
    response = get(Client(), url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert response.queries > 0


@pytest.mark.django_db
def test_post_is_never_answered_from_the_cache(page_cache):
    Client().get("/")
    assert Client().post("/").status_code == 405


@pytest.mark.django_db
def test_private_responses_are_not_stored(page_cache):
    """/comments/csrf/ sets a cookie and is private: every request reaches the view."""
    assert "X-Page-Cache" not in Client().get("/comments/csrf/")
    assert "X-Page-Cache" not in Client().get("/comments/csrf/")


@pytest.mark.django_db
def test_404_from_a_missing_page_is_not_stored(page_cache):
    assert Client().get("/section/nope/").status_code == 404
    assert get(Client(), "/section/nope/").queries > 0


@pytest.mark.django_db
def test_repeat_request_with_etag_is_a_304(page_cache):
    article = make_article()
    first = Client().get(article.get_absolute_url())
    assert first["ETag"]
    assert first["Last-Modified"]
    repeat = get(Client(), article.get_absolute_url(), if_none_match=first["ETag"])
    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["ETag"] == first["ETag"]
    assert repeat.queries == 0


@pytest.mark.django_db
def test_repeat_request_with_last_modified_is_a_304(page_cache):
    article = make_article()
    first = Client().get(article.get_absolute_url())
    repeat = Client().get(
        article.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]}
    )
    assert repeat.status_code == 304


@pytest.mark.django_db
def test_a_stale_etag_gets_the_new_page(page_cache, django_capture_on_commit_callbacks):
    article = make_article(title="Before")
    first = Client().get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "After"
        article.save()
    response = Client().get(article.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    assert response.status_code == 200
    assert b"After" in response.content


@pytest.mark.django_db
def test_conditional_get_works_with_the_cache_off(settings):
    """Cache off (or unreachable): public pages still carry validators and answer 304."""
    article = make_article()
    first = Client().get(article.get_absolute_url())
    assert "X-Page-Cache" not in first
    repeat = Client().get(article.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    assert repeat.status_code == 304


@pytest.mark.django_db
def test_private_pages_get_no_validators(editor_client):
    article = make_article()
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "ETag" not in response


@pytest.mark.django_db
def test_a_cache_outage_is_a_miss_not_an_error(page_cache, monkeypatch):
    from core import page_cache as module

    class Broken:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")

            return fail

    monkeypatch.setattr(module, "_cache", lambda: Broken())
    article = make_article(title="Still served")
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert b"Still served" in response.content
    module.changed()  # a write's bump fails quietly too


# This process's copies of entries (core/page_copies.py) ---------------


@pytest.mark.django_db
def test_a_hit_reads_only_the_generation_from_the_shared_store(page_cache, monkeypatch):
    from core import page_cache as module

    article = make_article(title="Copied story")
    first = Client().get(article.get_absolute_url())
    counting = CountingGets(page_cache)
    monkeypatch.setattr(module, "_cache", lambda: counting)
    second = get(Client(), article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert (second.queries, second.content) == (0, first.content)
    assert counting.keys == [module.GENERATION_KEY]


@pytest.mark.django_db
def test_a_copy_is_never_used_after_a_change(page_cache, commit):
    from core import page_cache as module

    article = make_article(title="Before the edit")
    Client().get(article.get_absolute_url())
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    # Another process's edit: only the shared generation moves.
    module.changed()
    type(article).objects.filter(pk=article.pk).update(title="After the edit")
    response = Client().get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert b"After the edit" in response.content


@pytest.mark.django_db
def test_a_copy_ends_when_its_shared_entry_expires(page_cache, settings):
    import time_machine
    from django.utils import timezone

    settings.PAGE_CACHE_SECONDS = 60
    article = make_article(title="Short-lived")
    Client().get(article.get_absolute_url())
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_copies_keep_at_most_the_configured_bytes_least_recently_used_out(settings):
    from core.page_copies import ProcessCopies

    settings.PAGE_CACHE_LOCAL_BYTES = 250
    copies = ProcessCopies()
    later = time.time() + 60

    def entry(size):
        return {"generation": "g1", "content": b"x" * size, "expires_at": later}

    copies.put("a", entry(100))
    copies.put("b", entry(100))
    assert copies.get("a", "g1") is not None  # "a" used: "b" is now the oldest
    copies.put("c", entry(100))
    assert copies.get("b", "g1") is None
    assert copies.get("a", "g1") is not None
    assert copies.get("c", "g1") is not None
    copies.put("big", entry(251))  # larger than the whole budget: not kept
    assert copies.get("big", "g1") is None
    assert copies.get("a", "g2") is None  # another generation: dropped
    assert copies.get("a", "g1") is None


# Tracking parameters (PAGE_CACHE_IGNORED_PARAMS) -----------------------------------


@pytest.mark.django_db
def test_tracking_parameters_do_not_split_the_cache(page_cache):
    """A shared story arrives with a new click id per reader: still one entry."""
    article = make_article(title="Shared story")
    url = article.get_absolute_url()
    first = Client().get(url)
    for query in (
        "?fbclid=IwAR1abc",
        "?fbclid=IwAR2def",
        "?utm_source=newsletter&utm_medium=email",
    ):
        response = get(Client(), url + query)
        assert response["X-Page-Cache"] == "hit", query
        assert (response.queries, response.content) == (0, first.content)


@pytest.mark.django_db
def test_parameters_a_page_reads_still_make_their_own_entries(page_cache):
    make_article(title="Cached story")
    Client().get("/search/?q=cached")
    tracked = get(Client(), "/search/?utm_campaign=x&q=cached&gclid=y")
    assert (tracked["X-Page-Cache"], tracked.queries) == ("hit", 0)
    other = Client().get("/search/?q=other&utm_campaign=x")
    assert other["X-Page-Cache"] == "miss"
    assert b"Cached story" not in other.content
    # A page rendered for a tracked address is the plain address's entry too.
    Client().get("/archive/?utm_source=feed")
    assert get(Client(), "/archive/")["X-Page-Cache"] == "hit"


def test_the_key_leaves_out_only_the_listed_parameters(settings):
    from core.page_keys import page_key

    settings.PAGE_CACHE_IGNORED_PARAMS = ["utm_*", "fbclid"]

    def key(query):
        return page_key({"HTTP_HOST": "example.org", "PATH_INFO": "/", "QUERY_STRING": query})

    assert key("page=2&utm_source=a&fbclid=b") == key("page=2")
    assert key("UTM_Source=a&page=2") == key("page=2")
    assert key("page=2") != key("page=3")
    assert key("fbclidx=1") != key("")  # a name that only starts like one is kept
    assert key("utm=1") != key("")
    settings.PAGE_CACHE_IGNORED_PARAMS = []
    assert key("fbclid=b") != key("")
