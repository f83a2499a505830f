"""Archive pieces: published with an earlier date, and "Updated" only when it is news.

The page says "Updated" when an editor ticks "Show as updated" (or a correction
is added), never merely because the article was saved after publication.
"""

from datetime import timedelta

from django.utils import timezone

from articles import workflow
from articles.models import Article, Correction
from tests.articles.workflow_helpers import change_url, form_data
from tests.factories import make_article


def _backdated_live_article(editor):
    article = make_article(live=False, published_at=timezone.now().replace(year=2011, month=7))
    workflow.publish(article=article, actor=editor)
    article.refresh_from_db()
    return article


def test_backdated_article_keeps_its_date_and_says_no_updated(client, editor):
    article = _backdated_live_article(editor)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "July 2011" in html
    assert "byline__updated" not in html


def test_editor_save_without_the_tick_is_not_an_update(client, editor_client, editor):
    article = _backdated_live_article(editor)
    response = editor_client.post(
        change_url(article), form_data(article, editor, standfirst="A typo fixed.")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.standfirst == "A typo fixed."
    assert article.revised_at is None
    assert "byline__updated" not in client.get(article.get_absolute_url()).content.decode()


def test_editor_ticks_show_as_updated(client, editor_client, editor):
    article = _backdated_live_article(editor)
    form = editor_client.get(change_url(article)).context["adminform"].form
    assert "show_as_updated" in form.fields
    response = editor_client.post(
        change_url(article),
        form_data(article, editor, body="<p>New facts.</p>", show_as_updated="on"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert timezone.now() - article.revised_at < timedelta(minutes=1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'Updated <time datetime="{timezone.localtime(article.revised_at).isoformat()}' in html


def test_journalists_have_no_show_as_updated_and_cannot_post_it(
    journalist_client, journalist, editor
):
    article = make_article(live=False, created_by=journalist)
    article.published_at = timezone.now() - timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(published_at=article.published_at)
    form = journalist_client.get(change_url(article)).context["adminform"].form
    assert "show_as_updated" not in form.fields
    journalist_client.post(
        change_url(article), form_data(article, journalist, show_as_updated="on")
    )
    article.refresh_from_db()
    assert article.revised_at is None


def test_a_correction_shows_the_article_as_updated(client, editor):
    article = _backdated_live_article(editor)
    correction = Correction.objects.create(article=article, body="The date was wrong.")
    article.refresh_from_db()
    assert article.revised_at == correction.created_at
    assert "byline__updated" in client.get(article.get_absolute_url()).content.decode()


def test_editor_backdates_through_the_when_control(client, editor_client, editor, journalist):
    """One "When" input and "Publish with this earlier date": live now, dated 2011."""
    from tests.articles.workflow_helpers import draft_for, messages_of

    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    page = editor_client.get(change_url(article)).content.decode()
    assert page.count('type="datetime-local"') == 1  # one date control, no second widget
    assert "Europe/London" in page
    response = editor_client.post(
        change_url(article),
        form_data(article, editor, _workflow="backdate", _workflow_at="2011-07-22T09:30"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_live()
    local = timezone.localtime(article.published_at)
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2011, 7, 22, 9, 30)
    assert timezone.now() - article.went_live_at < timedelta(minutes=1)
    assert "/2011/07/22/" in article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert any("published with its date" in m for m in messages_of(editor_client.get(response.url)))


def test_backdate_with_a_future_time_is_refused_with_a_message(editor_client, editor, journalist):
    from tests.articles.workflow_helpers import draft_for, messages_of

    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = editor_client.post(
        change_url(article), form_data(article, editor, _workflow="backdate", _workflow_at=future)
    )
    assert any("press Schedule" in m for m in messages_of(editor_client.get(response.url)))
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_saving_a_live_article_keeps_its_exact_publication_time(editor_client, editor):
    article = make_article(published_at=timezone.now().replace(second=42) - timedelta(days=1))
    before = article.published_at
    editor_client.post(change_url(article), form_data(article, editor, title="Retitled"))
    article.refresh_from_db()
    assert article.title == "Retitled"
    assert article.published_at == before
