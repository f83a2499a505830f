"""The editors' dashboard on the admin index."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from tests.articles.workflow_helpers import draft_for
from tests.factories import make_article


def test_editor_dashboard_shows_queue_scheduled_and_recent(editor_client, journalist):
    """What needs an editor's attention now, each linked to the article."""
    draft_for(journalist, status=Article.Status.IN_REVIEW, title="Needs review")
    make_article(title="Goes out tomorrow", published_at=timezone.now() + timedelta(days=1))
    make_article(title="Went out today")
    draft_for(journalist, title="Still a draft")

    response = editor_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Waiting for review" in html
    assert "Needs review" in html
    assert "Scheduled next" in html
    assert "Goes out tomorrow" in html
    assert "Recently published" in html
    assert "Went out today" in html
    assert "Still a draft" not in html
    assert "?state=in_review" in html


def test_journalist_dashboard_shows_only_their_drafts(
    journalist_client, journalist, second_journalist
):
    draft_for(journalist, title="My own draft")
    draft_for(second_journalist, title="Not mine")
    draft_for(journalist, title="Submitted one", status=Article.Status.IN_REVIEW)
    html = journalist_client.get("/admin/").content.decode()
    assert "My drafts" in html
    assert "My own draft" in html
    assert "Not mine" not in html
    assert "Waiting for review" not in html


def test_journalist_dashboard_shows_what_is_with_the_editors_and_a_write_button(
    journalist_client, journalist, second_journalist
):
    draft_for(journalist, title="Submitted one", status=Article.Status.IN_REVIEW)
    draft_for(second_journalist, title="Their submission", status=Article.Status.IN_REVIEW)
    html = journalist_client.get("/admin/").content.decode()
    assert "With the editors" in html
    assert "Submitted one" in html
    assert "Their submission" not in html
    assert 'href="/admin/articles/article/add/">Write an article</a>' in html


def test_moderator_dashboard_has_no_article_panels(moderator_client):
    html = moderator_client.get("/admin/").content.decode()
    assert "Waiting for review" not in html
    assert "My drafts" not in html


def test_comments_panel_is_included_when_the_comments_app_provides_it(
    editor_client, settings, tmp_path
):
    """The dashboard includes templates/comments/_admin_index_panel.html if it exists."""
    panel = tmp_path / "comments" / "_admin_index_panel.html"
    panel.parent.mkdir()
    panel.write_text('<section id="comments-panel-marker">Comments panel</section>')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    html = editor_client.get("/admin/").content.decode()
    assert 'id="comments-panel-marker"' in html


def test_dashboard_query_count_does_not_grow_with_articles(
    editor_client, journalist, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draft_for(journalist, status=Article.Status.IN_REVIEW)
    with CaptureQueriesContext(connection) as few:
        editor_client.get("/admin/")
    for _ in range(10):
        draft_for(journalist, status=Article.Status.IN_REVIEW)
        make_article(published_at=timezone.now() + timedelta(days=1))
        make_article()
    with django_assert_num_queries(len(few.captured_queries)):
        editor_client.get("/admin/")


def test_pending_comments_are_counted_for_editors(editor_client):
    """Whether shown by the comments app's panel or by the fallback count, editors see it."""
    html = editor_client.get("/admin/").content.decode()
    assert "dashboard-panel" in html
    assert ("Comments awaiting moderation" in html) or ("Comments pending" in html)
