"""Corrections and updates: appended by editors, shown on the article and on /corrections/."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from tests.articles.workflow_helpers import add_inline_rows, change_url, draft_for, form_data
from tests.factories import make_article


def test_editor_appends_a_correction_in_the_admin_and_readers_see_it_dated(
    editor_client, editor, client
):
    """The note appears at the end of the article with its date and kind."""
    article = make_article(published_at=timezone.now() - timedelta(days=3))
    data = add_inline_rows(
        form_data(article, editor),
        "corrections",
        [
            {
                "kind": Correction.Kind.CORRECTION,
                "body": "An earlier version misspelled the mayor's name.",
                "created_at_0": timezone.localdate().strftime("%Y-%m-%d"),
                "created_at_1": timezone.localtime().strftime("%H:%M:%S"),
            }
        ],
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302
    correction = article.corrections.get()
    assert correction.created_by == editor

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Corrections and updates" in page
    assert "An earlier version misspelled the mayor&#x27;s name." in page
    assert timezone.localdate().strftime("%-d %B %Y") in page


def test_a_correction_bumps_the_articles_modified_date(db):
    """Readers see "Updated" on a corrected article."""
    article = make_article(published_at=timezone.now() - timedelta(days=3))
    with time_machine.travel(timezone.now(), tick=False):
        Correction.objects.create(article=article, body="Fixed a date.")
        article.refresh_from_db()
        assert article.updated_at == timezone.now()
    assert article.was_updated


def test_corrections_page_lists_every_correction_newest_first(client, db):
    one = make_article(title="First story")
    two = make_article(title="Second story")
    now = timezone.now()
    Correction.objects.create(article=one, body="Old fix.", created_at=now - timedelta(days=2))
    Correction.objects.create(
        article=two, body="New update.", kind=Correction.Kind.UPDATE, created_at=now
    )
    response = client.get(reverse("articles:corrections"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("New update.") < html.index("Old fix.")
    assert "Second story" in html
    assert "First story" in html
    assert "public" in response["Cache-Control"]


def test_corrections_on_unpublished_articles_are_not_listed(client, db):
    hidden = make_article(live=False, title="Pulled story")
    Correction.objects.create(article=hidden, body="Not for readers.")
    html = client.get(reverse("articles:corrections")).content.decode()
    assert "Not for readers." not in html


def test_correction_text_is_escaped(client, db):
    article = make_article()
    Correction.objects.create(article=article, body="<script>alert(1)</script>")
    for url in (article.get_absolute_url(), reverse("articles:corrections")):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;" in html


def test_corrections_page_query_count_does_not_grow(client, db, django_assert_num_queries):
    """One page of corrections costs the same whatever their number.

    Expected: count for the paginator, the page of corrections with their
    articles and sections, and the navigation sections (context processor tag).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article()
    Correction.objects.create(article=article, body="One.")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("articles:corrections"))
    for _ in range(10):
        Correction.objects.create(article=make_article(), body="More.")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("articles:corrections"))


def test_journalists_do_not_get_the_corrections_inline(journalist_client, journalist):
    article = draft_for(journalist)
    html = journalist_client.get(change_url(article)).content.decode()
    assert "corrections-TOTAL_FORMS" not in html


def test_editors_get_the_corrections_inline_on_published_articles_only(editor_client, journalist):
    draft = draft_for(journalist)
    assert "corrections-TOTAL_FORMS" not in editor_client.get(change_url(draft)).content.decode()
    live = make_article(status=Article.Status.PUBLISHED)
    assert "corrections-TOTAL_FORMS" in editor_client.get(change_url(live)).content.decode()


def test_an_article_without_corrections_does_not_read_them(client, db):
    """Whether there are any is asked in the article's own query; the corrections
    themselves are read only when there are some, and then shown."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plain = make_article()
    corrected = make_article()
    Correction.objects.create(article=corrected, body="The date was wrong.")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(plain.get_absolute_url()).content.decode()
    assert "Corrections and updates" not in page
    assert not [
        q for q in ctx.captured_queries if q["sql"].startswith('SELECT "articles_correction"')
    ]
    page = client.get(corrected.get_absolute_url()).content.decode()
    assert "Corrections and updates" in page
    assert "The date was wrong." in page
