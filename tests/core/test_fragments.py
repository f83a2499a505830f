"""core/fragments.py: the generation is read once per request, and on every use outside one."""

import pytest
from django.test import Client

from core import fragments, page_cache
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
