"""core/fragments.py: the generation is read once per request, and on every use outside
one; HTML is kept in the process while its generation is current and its entry lives."""

import time
from datetime import timedelta

import pytest
from django.test import Client

from core import fragments, page_cache
from tests.core.helpers import CountingGets
from tests.factories import make_article


@pytest.mark.django_db
def test_a_page_reads_the_generation_once(fragment_cache, monkeypatch):
    article = make_article(is_editors_pick=True)
    Client().get(article.get_absolute_url())  # fills the fragments
    reads = []
    real = page_cache.current_generation

    def counted(cache=None):
        reads.append(1)
        return real(cache)

    monkeypatch.setattr(fragments.page_cache, "current_generation", counted)
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert len(reads) == 1  # for the article, navigation, lists, discussion …


@pytest.mark.django_db
def test_outside_a_request_every_use_sees_a_new_generation(fragment_cache):
    made = []

    def make():
        made.append(1)
        return len(made)

    assert fragments.get_or_make("memo-test", make) == 1
    assert fragments.get_or_make("memo-test", make) == 1
    page_cache.changed()  # the worker or a command changed something
    assert fragments.get_or_make("memo-test", make) == 2


@pytest.mark.django_db
def test_the_next_request_sees_a_change_made_after_the_last_one(fragment_cache, commit):
    article = make_article(title="Before")
    assert b"Before" in Client().get(article.get_absolute_url()).content

    def edit():
        article.title = "After"
        article.save()

    commit(edit)
    assert b"After" in Client().get(article.get_absolute_url()).content


@pytest.mark.django_db
def test_a_change_made_during_a_request_is_seen_by_what_it_reads_next(fragment_cache):
    from django.core.signals import request_finished, request_started

    made = []

    def make():
        made.append(1)
        return len(made)

    request_started.send(sender=None)
    try:
        assert fragments.get_or_make("memo-test", make) == 1
        page_cache.changed()  # e.g. a view that saves, then renders
        assert fragments.get_or_make("memo-test", make) == 2
    finally:
        request_finished.send(sender=None)


# This process's copies of HTML fragments (core/page_copies.py) --------------------


@pytest.fixture
def counting_store(fragment_cache, monkeypatch):
    from django.core import cache as cache_module

    counting = CountingGets(fragment_cache)
    real = cache_module.caches.__class__.__getitem__

    def item(self, alias):
        return counting if alias == "pages" else real(self, alias)

    monkeypatch.setattr(cache_module.caches.__class__, "__getitem__", item)
    return counting


@pytest.mark.django_db
def test_kept_html_is_read_from_this_process_until_the_generation_changes(counting_store):
    made = []

    def make():
        made.append(1)
        return f"<p>version {len(made)}</p>"

    assert fragments.get_or_make("copy-test", make) == "<p>version 1</p>"
    counting_store.keys.clear()
    assert fragments.get_or_make("copy-test", make) == "<p>version 1</p>"
    assert not [key for key in counting_store.keys if "copy-test" in key]  # not the store
    page_cache.changed()  # another process changed something: only the generation moves
    assert fragments.get_or_make("copy-test", make) == "<p>version 2</p>"


@pytest.mark.django_db
def test_a_kept_html_copy_ends_when_its_shared_entry_expires(counting_store, settings):
    import time_machine
    from django.utils import timezone

    settings.PAGE_CACHE_SECONDS = 60
    made = []

    def make():
        made.append(1)
        return f"<p>version {len(made)}</p>"

    fragments.get_or_make("expiry-test", make)
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert fragments.get_or_make("expiry-test", make) == "<p>version 2</p>"


@pytest.mark.django_db
def test_html_another_process_stored_is_copied_with_its_expiry(counting_store):
    generation = page_cache.current_generation()
    key = f"{fragments.KEY_PREFIX}{generation}:shared-test"
    counting_store.set(key, ("<p>from another process</p>", time.time() + 60), 60)
    assert fragments.get_or_make("shared-test", lambda: "made here") == (
        "<p>from another process</p>"
    )
    counting_store.keys.clear()
    assert fragments.get_or_make("shared-test", lambda: "made here") == (
        "<p>from another process</p>"
    )
    assert key not in counting_store.keys


@pytest.mark.django_db
def test_objects_are_not_copied_a_request_cannot_change_the_next_ones(fragment_cache):
    kept = fragments.get_or_make("objects-test", lambda: ["first"])
    kept.append("added by one request")
    assert fragments.get_or_make("objects-test", lambda: ["made again"]) == ["first"]
