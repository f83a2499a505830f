"""Old addresses of published articles answer with a 301 to the current one."""

from datetime import timedelta

from django.utils import timezone

from articles import workflow
from articles.models import ArticleRedirect
from tests.articles.workflow_helpers import change_url, form_data
from tests.factories import make_article


def _published_two_days_ago(**overrides):
    return make_article(published_at=timezone.now() - timedelta(days=2), **overrides)


def test_changing_the_slug_of_a_published_article_keeps_the_old_url_working(
    editor_client, editor, client
):
    """The old address 301s to the new one; the new one serves the page."""
    article = _published_two_days_ago(slug="old-slug")
    old_url = article.get_absolute_url()
    response = editor_client.post(change_url(article), form_data(article, editor, slug="new-slug"))
    assert response.status_code == 302
    article.refresh_from_db()

    redirect = client.get(old_url)
    assert redirect.status_code == 301
    assert redirect["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_changing_the_publication_date_keeps_the_old_url_working(editor_client, editor, client):
    article = _published_two_days_ago(slug="dated")
    old_url = article.get_absolute_url()
    new_day = timezone.localtime(article.published_at) - timedelta(days=5)
    editor_client.post(
        change_url(article),
        form_data(
            article,
            editor,
            published_at=new_day.strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    article.refresh_from_db()
    assert article.get_absolute_url() != old_url
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_renaming_back_and_forth_never_redirects_the_current_address(editor, editor_client, client):
    """A → B → A: A serves the article and B redirects to A (no loop)."""
    article = _published_two_days_ago(slug="first")
    url_a = article.get_absolute_url()
    editor_client.post(change_url(article), form_data(article, editor, slug="second"))
    article.refresh_from_db()
    url_b = article.get_absolute_url()
    editor_client.post(change_url(article), form_data(article, editor, slug="first"))

    assert client.get(url_a).status_code == 200
    response = client.get(url_b)
    assert (response.status_code, response["Location"]) == (301, url_a)
    assert ArticleRedirect.objects.count() == 1


def test_renaming_a_draft_records_no_redirect(editor_client, editor):
    """Drafts have never had a public address."""
    article = make_article(live=False, slug="draft-slug")
    editor_client.post(change_url(article), form_data(article, editor, slug="renamed"))
    assert not ArticleRedirect.objects.exists()


def test_old_url_of_an_unpublished_article_is_404(editor_client, editor, client):
    article = _published_two_days_ago(slug="was")
    old_url = article.get_absolute_url()
    editor_client.post(change_url(article), form_data(article, editor, slug="is"))
    article.refresh_from_db()
    workflow.unpublish(article=article, actor=editor)
    assert client.get(old_url).status_code == 404


def test_a_live_article_at_an_old_address_wins_over_the_redirect(editor_client, editor, client):
    """If a new story takes over an old address, readers get the new story."""
    article = _published_two_days_ago(slug="contested")
    old_url = article.get_absolute_url()
    editor_client.post(change_url(article), form_data(article, editor, slug="moved"))
    newcomer = make_article(slug="contested", published_at=article.published_at)
    assert newcomer.get_absolute_url() == old_url
    response = client.get(old_url)
    assert response.status_code == 200
    assert newcomer.title in response.content.decode()


def test_unknown_address_is_still_404(client, db):
    assert client.get("/2020/01/01/never-was/").status_code == 404
