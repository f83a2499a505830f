"""Withdraw: a journalist takes back an article they submitted while it waits for review."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import workflow
from articles.models import Article, ArticleEvent
from tests.articles.workflow_helpers import change_url, draft_for, messages_of

S = Article.Status


def withdraw_url(article):
    return reverse("admin:articles_article_withdraw", args=[article.pk])


@pytest.fixture
def submitted(journalist):
    article = draft_for(journalist)
    workflow.submit(article=article, actor=journalist)
    return article


def test_author_withdraws_to_draft_and_history_records_it(journalist, submitted):
    event = workflow.withdraw(article=submitted, actor=journalist, note="Wrong figure in para 2.")
    submitted.refresh_from_db()
    assert submitted.status == S.DRAFT
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        S.IN_REVIEW,
        S.DRAFT,
        journalist,
        "Wrong figure in para 2.",
    )


def test_another_journalist_cannot_withdraw(second_journalist, submitted):
    with pytest.raises(workflow.WorkflowError, match="your own"):
        workflow.withdraw(article=submitted, actor=second_journalist)
    submitted.refresh_from_db()
    assert submitted.status == S.IN_REVIEW


def test_only_an_article_in_review_can_be_withdrawn(journalist):
    article = draft_for(journalist)
    with pytest.raises(workflow.WorkflowError, match="Cannot withdraw"):
        workflow.withdraw(article=article, actor=journalist)


def test_withdraw_is_offered_to_the_author_only_while_in_review(
    journalist_client, journalist, editor, submitted
):
    page = journalist_client.get(change_url(submitted)).content.decode()
    assert withdraw_url(submitted) in page
    assert "Withdraw to draft" in page
    assert "withdraw" not in workflow.available_actions(editor, submitted)
    workflow.withdraw(article=submitted, actor=journalist)
    assert (
        withdraw_url(submitted) not in journalist_client.get(change_url(submitted)).content.decode()
    )


def test_withdraw_view_posts_with_csrf_and_reports(journalist, submitted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(journalist)
    assert client.post(withdraw_url(submitted)).status_code == 403  # no token
    page = client.get(change_url(submitted))
    token = page.cookies["csrftoken"].value
    response = client.post(
        withdraw_url(submitted), {"note": "Fixing a name.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.DRAFT
    assert ArticleEvent.objects.filter(article=submitted, note="Fixing a name.").exists()
    assert any("withdrawn" in m for m in messages_of(client.get(response.url)))


def test_withdraw_view_hides_other_peoples_articles(second_journalist, submitted):
    client = Client()
    client.force_login(second_journalist)
    assert client.post(withdraw_url(submitted)).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == S.IN_REVIEW


def test_withdraw_view_refuses_a_draft_with_a_message(journalist_client, journalist):
    article = draft_for(journalist)
    response = journalist_client.post(withdraw_url(article), follow=True)
    assert any("Cannot withdraw" in m for m in messages_of(response))
