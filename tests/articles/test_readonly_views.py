"""Read-only views show words as readers see them, never as HTML source."""

from django.urls import reverse

from articles import workflow
from tests.articles.workflow_helpers import change_url, draft_for
from tests.factories import make_author

BODY = '<p>Plain <strong>bold</strong>.</p><blockquote class="pullquote"><p>Q</p></blockquote>'


def test_submitted_article_shows_its_body_rendered_to_the_journalist(journalist_client, journalist):
    article = draft_for(journalist, body=BODY)
    workflow.submit(article=article, actor=journalist)
    html = journalist_client.get(change_url(article)).content.decode()
    assert '<div class="prose-readonly"><p>Plain <strong>bold</strong>.</p>' in html
    assert "&lt;strong&gt;" not in html
    assert "&lt;p&gt;" not in html


def test_someone_elses_profile_shows_the_bio_rendered(journalist_client):
    other = make_author("Other", slug="other", bio="<p>Writes <em>about</em> towns.</p>")
    html = journalist_client.get(
        reverse("admin:authors_author_change", args=[other.pk])
    ).content.decode()
    assert '<div class="prose-readonly"><p>Writes <em>about</em> towns.</p></div>' in html
    assert "&lt;em&gt;" not in html
