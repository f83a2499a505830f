"""The editorial workflow: who may make which transition, through the admin and directly.

The role × transition matrix is driven through the article admin's change form
(the buttons post `_workflow=<action>`), the way a browser or a crafted request
would; the workflow functions are also tested directly for readiness and history.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from articles import permissions, workflow
from articles.models import Article, ArticleEvent, Byline
from tests.articles.workflow_helpers import change_url, draft_for, form_data, messages_of
from tests.factories import make_article, make_author, make_section

S = Article.Status


def _post_action(client, user, article, action, **extra):
    return client.post(change_url(article), form_data(article, user, _workflow=action, **extra))


# --- The matrix ---------------------------------------------------------------------------

# (actor, start status, action, extra POST, expected status afterwards)
ALLOWED = [
    ("journalist", S.DRAFT, "submit", {}, S.IN_REVIEW),
    ("editor", S.DRAFT, "submit", {}, S.IN_REVIEW),
    ("editor", S.IN_REVIEW, "request_changes", {"_workflow_note": "Cut para 3."}, S.DRAFT),
    ("editor", S.IN_REVIEW, "publish", {}, S.PUBLISHED),
    ("editor", S.DRAFT, "publish", {}, S.PUBLISHED),
    ("editor", S.PUBLISHED, "unpublish", {}, S.DRAFT),
]


@pytest.mark.parametrize(("actor", "start", "action", "extra", "end"), ALLOWED)
def test_allowed_transitions_through_the_admin(
    request, journalist, actor, start, action, extra, end
):
    """Each role can make exactly the transitions DESIGN.md gives it, from the change form."""
    user = request.getfixturevalue(actor)
    client = request.getfixturevalue(f"{actor}_client")
    published_at = timezone.now() - timedelta(hours=1) if start == S.PUBLISHED else None
    article = draft_for(journalist, status=start, published_at=published_at)

    response = _post_action(client, user, article, action, **extra)

    assert response.status_code == 302, messages_of(response)
    article.refresh_from_db()
    assert article.status == end, messages_of(response)
    event = article.events.get()
    assert (event.actor, event.from_status, event.to_status) == (user, start, end)


# (actor, start status, whose article, action, extra POST)
REFUSED = [
    ("journalist", S.DRAFT, "own", "publish", {}),
    ("journalist", S.DRAFT, "own", "schedule", {"_workflow_at": "2099-01-01T09:00"}),
    ("journalist", S.DRAFT, "own", "request_changes", {"_workflow_note": "x"}),
    ("journalist", S.DRAFT, "own", "unpublish", {}),
    ("journalist", S.IN_REVIEW, "own", "publish", {}),
    ("journalist", S.IN_REVIEW, "own", "submit", {}),
    ("journalist", S.PUBLISHED, "own", "unpublish", {}),
    ("journalist", S.DRAFT, "other", "submit", {}),
    ("journalist", S.DRAFT, "other", "publish", {}),
    ("editor", S.IN_REVIEW, "own", "request_changes", {"_workflow_note": ""}),
    ("editor", S.DRAFT, "own", "request_changes", {"_workflow_note": "x"}),
    ("editor", S.IN_REVIEW, "own", "submit", {}),
    ("editor", S.DRAFT, "own", "unpublish", {}),
    ("editor", S.DRAFT, "own", "schedule", {"_workflow_at": "2001-01-01T09:00"}),
    ("editor", S.DRAFT, "own", "explode", {}),
    ("moderator", S.DRAFT, "own", "submit", {}),
    ("moderator", S.IN_REVIEW, "own", "publish", {}),
]


@pytest.mark.parametrize(("actor", "start", "whose", "action", "extra"), REFUSED)
def test_refused_transitions_through_the_admin_change_nothing(
    request, journalist, second_journalist, actor, start, whose, action, extra
):
    """A crafted POST that the role forbids is refused (403, or a redirect with a message)
    and leaves the article's status and history as they were; never a 500."""
    user = request.getfixturevalue(actor)
    client = request.getfixturevalue(f"{actor}_client") if actor != "journalist" else None
    if client is None:
        client = request.getfixturevalue("journalist_client")
    owner = journalist if whose == "own" else second_journalist
    published_at = timezone.now() - timedelta(hours=1) if start == S.PUBLISHED else None
    article = draft_for(owner, status=start, published_at=published_at)

    response = _post_action(client, user, article, action, **extra)

    assert response.status_code in (302, 403)
    if response.status_code == 302 and actor != "moderator":
        assert messages_of(response), "a refusal must say why"
    article.refresh_from_db()
    assert article.status == start
    assert not ArticleEvent.objects.filter(article=article).exists()


def test_journalist_cannot_publish_by_crafting_a_status_field(journalist_client, journalist):
    """`status` is not a form field: posting it does nothing."""
    article = draft_for(journalist)
    journalist_client.post(
        change_url(article), form_data(article, journalist, status="published", _continue="1")
    )
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_journalist_cannot_set_the_publication_date(journalist_client, journalist):
    """published_at is read-only for journalists: a crafted value is ignored."""
    article = draft_for(journalist)
    journalist_client.post(
        change_url(article),
        form_data(article, journalist, published_at_0="2020-01-01", published_at_1="10:00:00"),
    )
    article.refresh_from_db()
    assert article.published_at is None


def test_reader_without_staff_rights_is_sent_to_login(client, reader, journalist):
    """Non-staff users never reach the article admin."""
    client.force_login(reader)
    article = draft_for(journalist)
    response = client.post(change_url(article), form_data(article, reader, _workflow="submit"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_workflow_buttons_post_through_a_csrf_enforcing_client(csrf_client, editor, journalist):
    """The publish button works with a real CSRF token and is refused without one."""
    article = draft_for(journalist, status=S.IN_REVIEW)
    csrf_client.force_login(editor)
    csrf_client.get(change_url(article))
    token = csrf_client.cookies["csrftoken"].value

    refused = csrf_client.post(change_url(article), form_data(article, editor, _workflow="publish"))
    assert refused.status_code == 403
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW

    accepted = csrf_client.post(
        change_url(article),
        form_data(article, editor, _workflow="publish", csrfmiddlewaretoken=token),
    )
    assert accepted.status_code == 302
    article.refresh_from_db()
    assert article.is_live()


def test_submit_saves_the_form_first(journalist_client, journalist):
    """Pressing "Submit for review" keeps what was typed, then submits."""
    article = draft_for(journalist)
    journalist_client.post(
        change_url(article),
        form_data(article, journalist, title="A better headline", _workflow="submit"),
    )
    article.refresh_from_db()
    assert (article.title, article.status) == ("A better headline", S.IN_REVIEW)


def test_new_article_gets_the_journalists_byline_and_can_be_submitted(
    journalist_client, journalist
):
    """A journalist's new article carries their byline, so it is ready to submit."""
    from tests.articles.workflow_helpers import add_url

    section = make_section()
    data = {
        "title": "Fresh story",
        "slug": "fresh-story",
        "standfirst": "",
        "body": "<p>Words.</p>",
        "section": section.pk,
        "comment_policy": "default",
        "bylines-TOTAL_FORMS": 0,
        "bylines-INITIAL_FORMS": 0,
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
        "_workflow": "submit",
    }
    response = journalist_client.post(add_url(), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="fresh-story")
    assert article.created_by == journalist
    assert [b.author for b in article.bylines.all()] == [journalist.author_profile]
    assert article.status == S.IN_REVIEW


# --- Scheduling --------------------------------------------------------------------------


def test_schedule_through_the_admin_then_live_when_due_without_any_job(
    editor_client, editor, journalist, client
):
    """A scheduled article is invisible until published_at and live after, with no cron."""
    due = timezone.localtime().replace(second=0, microsecond=0) + timedelta(days=1)
    with time_machine.travel(timezone.now(), tick=False):
        article = draft_for(journalist, status=S.IN_REVIEW, slug="budget-day")
        response = _post_action(
            editor_client, editor, article, "schedule", _workflow_at=due.strftime("%Y-%m-%dT%H:%M")
        )
        assert response.status_code == 302, messages_of(response)
        article.refresh_from_db()
        assert article.status == S.PUBLISHED
        assert article.published_at == due
        assert not Article.objects.live().filter(pk=article.pk).exists()
        assert client.get(article.get_absolute_url()).status_code == 404

    with time_machine.travel(due - timedelta(seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(due + timedelta(seconds=1), tick=False):
        assert Article.objects.live().filter(pk=article.pk).exists()
        assert client.get(article.get_absolute_url()).status_code == 200


def test_scheduled_article_shows_a_scheduled_badge_in_the_list(editor_client, journalist):
    make_article(
        title="Tomorrow's news", published_at=timezone.now() + timedelta(days=1), authors=[]
    )
    response = editor_client.get("/admin/articles/article/")
    assert "badge--scheduled" in response.content.decode()


def test_an_editor_can_reschedule_a_scheduled_article_but_not_publish_a_live_one(editor):
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    later = timezone.now() + timedelta(days=2)
    workflow.publish(article=article, actor=editor, at=later)
    assert article.published_at == later
    live = make_article()
    with pytest.raises(workflow.WorkflowError, match="already live"):
        workflow.publish(article=live, actor=editor)


def test_republishing_keeps_the_original_date_and_address(editor):
    """Unpublish then publish again: the article returns at its old URL."""
    article = make_article()
    url = article.get_absolute_url()
    first = article.published_at
    workflow.unpublish(article=article, actor=editor)
    workflow.publish(article=article, actor=editor)
    assert article.published_at == first
    assert article.get_absolute_url() == url


# --- Readiness and history -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": " "}, "headline"),
        ({"body": "<p> </p>"}, "body"),
        ({"section": None}, "section"),
    ],
)
def test_submit_refuses_an_unready_article(journalist, change, message):
    """Title, body and section are required to go to review."""
    article = draft_for(journalist)
    Article.objects.filter(pk=article.pk).update(**change)
    article.refresh_from_db()
    with pytest.raises(workflow.WorkflowError, match=message):
        workflow.submit(article=article, actor=journalist)
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_submit_needs_an_author_byline(journalist):
    """Additional reporting alone is not a byline."""
    article = make_article(
        live=False, created_by=journalist, authors=[], additional=[make_author()]
    )
    with pytest.raises(workflow.WorkflowError, match="author byline"):
        workflow.submit(article=article, actor=journalist)


def test_publish_refuses_a_slug_already_used_on_that_date(editor):
    """Two live articles may not share an address."""
    # At noon: make_article publishes an hour ago, which just after midnight is
    # another day (and so another address).
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=False):
        make_article(slug="same")
        article = make_article(live=False, slug="same")
        with pytest.raises(workflow.WorkflowError, match="slug"):
            workflow.publish(article=article, actor=editor)


def test_each_transition_records_who_when_from_to_and_note(editor, journalist):
    article = draft_for(journalist)
    with time_machine.travel(timezone.now(), tick=False):
        workflow.submit(article=article, actor=journalist, note="Ready")
        workflow.request_changes(article=article, actor=editor, note="Needs a quote")
    events = list(article.events.order_by("pk"))
    assert [(e.actor, e.from_status, e.to_status, e.note) for e in events] == [
        (journalist, S.DRAFT, S.IN_REVIEW, "Ready"),
        (editor, S.IN_REVIEW, S.DRAFT, "Needs a quote"),
    ]


def test_transitions_bump_the_version(editor, journalist):
    article = draft_for(journalist)
    before = article.version
    workflow.submit(article=article, actor=journalist)
    assert Article.objects.get(pk=article.pk).version == before + 1


def test_journalist_may_edit_only_own_drafts(journalist, second_journalist, editor):
    """Ownership is by creation or by byline; editing stops once submitted."""
    own = draft_for(journalist)
    bylined = make_article(live=False, authors=[journalist.author_profile])
    other = draft_for(second_journalist)
    assert permissions.can_edit(journalist, own)
    assert permissions.can_edit(journalist, bylined)
    assert not permissions.can_edit(journalist, other)
    own.status = S.IN_REVIEW
    assert not permissions.can_edit(journalist, own)
    assert permissions.can_view(journalist, own)
    assert permissions.can_edit(editor, other)


def test_publishing_sends_mail_only_after_commit(
    editor, journalist, django_capture_on_commit_callbacks
):
    article = draft_for(journalist, status=S.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.publish(article=article, actor=editor)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_bylines_keep_their_order(journalist):
    article = draft_for(journalist)
    second = make_author("Zed")
    Byline.objects.create(article=article, author=second, position=1)
    assert [b.author for b in article.bylines.all()] == [journalist.author_profile, second]


@pytest.mark.parametrize(
    "value", ["", "tomorrow", "2030-02-30T10:00", "2030-13-01T10:00", "9999-12-31T23:59", "x" * 500]
)
def test_bad_schedule_times_get_a_message_not_a_500(editor_client, editor, journalist, value):
    """Whatever arrives in the schedule field, the editor gets the form back with a reason."""
    article = draft_for(journalist, status=S.IN_REVIEW)
    response = _post_action(editor_client, editor, article, "schedule", _workflow_at=value)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW
    assert messages_of(response)


def test_a_transition_on_a_stale_copy_is_refused_and_overwrites_nothing(editor, journalist):
    """If the status changed since the caller loaded the article, nothing is written."""
    article = draft_for(journalist, status=S.IN_REVIEW)
    stale = Article.objects.get(pk=article.pk)
    workflow.request_changes(article=article, actor=editor, note="Redo the intro")
    with pytest.raises(workflow.WorkflowError, match="meanwhile"):
        workflow.publish(article=stale, actor=editor)
    assert Article.objects.get(pk=article.pk).status == S.DRAFT


def test_a_transition_writes_only_workflow_fields(editor, journalist):
    """Another user's saved edit survives a transition made from an older copy."""
    article = draft_for(journalist, status=S.IN_REVIEW, title="Old title")
    Article.objects.filter(pk=article.pk).update(title="Editor's new title")
    workflow.publish(article=article, actor=editor)
    assert Article.objects.get(pk=article.pk).title == "Editor's new title"


def test_a_workflow_note_with_a_nul_byte_gets_a_message_not_a_500(
    editor_client, editor, journalist
):
    """PostgreSQL cannot store NUL: the note is refused with a reason, the article untouched."""
    article = draft_for(journalist, status=S.IN_REVIEW)
    response = _post_action(
        editor_client, editor, article, "request_changes", _workflow_note="Cut\x00 it"
    )
    assert response.status_code == 302
    assert "not the note" in " ".join(messages_of(response))
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW
