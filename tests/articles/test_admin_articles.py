"""The article admin: per-object access, the form, lists and their query budget."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.workflow_helpers import change_url, draft_for
from tests.factories import make_article


def test_editor_change_form_renders_with_workflow_buttons(editor_client, journalist):
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    response = editor_client.get(change_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Request changes" in html
    assert "Publish now" in html
    assert "Schedule" in html
    assert "Submit for review" not in html


def test_journalist_change_form_renders_for_own_draft(journalist_client, journalist):
    article = draft_for(journalist)
    response = journalist_client.get(change_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Submit for review" in html
    assert "Publish now" not in html
