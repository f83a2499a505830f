"""Crafted POSTs against the whole cast: refused ones change nothing, allowed ones work."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from articles.models import Article, ArticleRevision, EditorialNote, Section
from comments.models import Comment
from tests.articles.workflow_helpers import form_data

from .helpers import ROLES, World, client_for, snapshot, url_for

# --- Crafted POSTs ---------------------------------------------------------------------------

REFUSED = "refused"  # any refusal: login redirect, 403, 404, or the admin's "does not exist"


def _article_form(w: World, role: str, **overrides):
    user = w.users.get(role) or w.users["editor"]
    return form_data(w.own, user, **overrides)


# name -> (url template, data builder (world, role) -> dict, outcome per role, did-it-work)
POSTS = {
    "article change": (
        "/admin/articles/article/{w.own.pk}/change/",
        lambda w, role: _article_form(w, role, title="Changed by a crafted post"),
        {"journalist": "ok", "second_journalist": REFUSED, "editor": "ok", "moderator": REFUSED},
        lambda w: Article.objects.get(pk=w.own.pk).title == "Changed by a crafted post",
    ),
    "workflow: publish": (
        "/admin/articles/article/{w.own.pk}/change/",
        lambda w, role: _article_form(w, role, _workflow="publish"),
        {"journalist": "no-op", "second_journalist": REFUSED, "editor": "ok", "moderator": REFUSED},
        lambda w: Article.objects.get(pk=w.own.pk).status == Article.Status.PUBLISHED,
    ),
    "workflow: submit": (
        "/admin/articles/article/{w.own.pk}/change/",
        lambda w, role: _article_form(w, role, _workflow="submit"),
        {"journalist": "ok", "second_journalist": REFUSED, "editor": "ok", "moderator": REFUSED},
        lambda w: Article.objects.get(pk=w.own.pk).status == Article.Status.IN_REVIEW,
    ),
    "workflow: request changes": (
        "/admin/articles/article/{w.submitted.pk}/change/",
        lambda w, role: form_data(
            w.submitted,
            w.users.get(role) or w.users["editor"],
            _workflow="request_changes",
            _workflow_note="Please check the quote.",
        ),
        # Their own article, but read-only to them while it waits for review.
        {
            "journalist": REFUSED,
            "second_journalist": REFUSED,
            "editor": "ok",
            "moderator": REFUSED,
        },
        lambda w: Article.objects.get(pk=w.submitted.pk).status == Article.Status.DRAFT,
    ),
    "workflow: unpublish": (
        "/admin/articles/article/{w.live.pk}/change/",
        lambda w, role: form_data(
            w.live, w.users.get(role) or w.users["editor"], _workflow="unpublish"
        ),
        {
            "journalist": REFUSED,
            "second_journalist": REFUSED,
            "editor": "ok",
            "moderator": REFUSED,
        },
        lambda w: Article.objects.get(pk=w.live.pk).status == Article.Status.DRAFT,
    ),
    "article delete": (
        "/admin/articles/article/{w.own.pk}/delete/",
        lambda w, role: {"post": "yes"},
        {"journalist": REFUSED, "second_journalist": REFUSED, "editor": "ok", "moderator": REFUSED},
        lambda w: not Article.objects.filter(pk=w.own.pk).exists(),
    ),
    "restore revision": (
        "/admin/articles/article/{w.own.pk}/revisions/{w.older.pk}/restore/",
        lambda w, role: {},
        {"journalist": "ok", "second_journalist": REFUSED, "editor": "ok", "moderator": REFUSED},
        lambda w: Article.objects.get(pk=w.own.pk).title == "Own draft",
    ),
    "autosave": (
        "/admin/articles/article/{w.own.pk}/autosave/",
        lambda w, role: {"title": "Autosaved", "standfirst": "S", "body": "<p>B</p>"},
        {"journalist": "ok", "second_journalist": REFUSED, "editor": "ok", "moderator": REFUSED},
        lambda w: ArticleRevision.objects.filter(is_autosave=True, title="Autosaved").exists(),
    ),
    "auto-draft": (
        "/admin/articles/article/autosave/",
        lambda w, role: {"title": "Auto draft", "standfirst": "", "body": "<p>Words</p>"},
        {"journalist": "ok", "second_journalist": "ok", "editor": "ok", "moderator": REFUSED},
        lambda w: Article.objects.filter(title="Auto draft").exists(),
    ),
    "presence": (
        "/admin/articles/article/{w.own.pk}/presence/",
        lambda w, role: {},
        {"journalist": "ok", "second_journalist": REFUSED, "editor": "ok", "moderator": REFUSED},
        None,  # presence is not watched state; the status says it all
    ),
    "editorial note": (
        "/admin/articles/article/{w.own.pk}/notes/",
        lambda w, role: {"note": "A crafted note"},
        {"journalist": "ok", "second_journalist": REFUSED, "editor": "ok", "moderator": REFUSED},
        lambda w: EditorialNote.objects.filter(body="A crafted note").exists(),
    ),
    "section add": (
        "/admin/articles/section/add/",
        lambda w, role: {"name": "Crafted", "slug": "crafted", "position": 0, "description": ""},
        {"journalist": REFUSED, "second_journalist": REFUSED, "editor": "ok", "moderator": REFUSED},
        lambda w: Section.objects.filter(slug="crafted").exists(),
    ),
    "comment: approve": (
        "/admin/comments/comment/{w.comment.pk}/decide/approve/",
        lambda w, role: {},
        {"journalist": REFUSED, "second_journalist": REFUSED, "editor": "ok", "moderator": "ok"},
        lambda w: Comment.objects.get(pk=w.comment.pk).status == Comment.Status.APPROVED,
    ),
    "comment: bulk trash": (
        "/admin/comments/comment/",
        lambda w, role: {"action": "trash_selected", "_selected_action": [w.comment.pk]},
        {"journalist": REFUSED, "second_journalist": REFUSED, "editor": "ok", "moderator": "ok"},
        lambda w: Comment.objects.get(pk=w.comment.pk).status == Comment.Status.TRASH,
    ),
    "comment: reply": (
        "/admin/comments/comment/{w.comment.pk}/reply/",
        lambda w, role: {"body": "Staff reply"},
        {"journalist": REFUSED, "second_journalist": REFUSED, "editor": "ok", "moderator": "ok"},
        lambda w: Comment.objects.filter(body="Staff reply").exists(),
    ),
    "comment: empty spam": (
        "/admin/comments/comment/empty-spam/",
        lambda w, role: {},
        {"journalist": REFUSED, "second_journalist": REFUSED, "editor": "ok", "moderator": "ok"},
        lambda w: not Comment.objects.filter(pk=w.spam.pk).exists(),
    ),
    "page add": (
        "/admin/articles/page/add/",
        lambda w, role: {"title": "Crafted page", "slug": "crafted-page", "body": "<p>Hi</p>"},
        {
            "journalist": REFUSED,
            "second_journalist": REFUSED,
            "editor": "ok",
            "moderator": REFUSED,
        },
        None,  # the editor gets the form back or the page: either way not refused
    ),
    "WordPress import upload": (
        "/admin/wordpress/importrun/add/",
        lambda w, role: {},
        {
            "journalist": REFUSED,
            "second_journalist": REFUSED,
            "editor": "ok",
            "moderator": REFUSED,
        },
        None,  # without a file the editor gets the form back with an error
    ),
    "unlock a login lockout": (
        "/admin/axes/accessattempt/",
        lambda w, role: {
            "action": "delete_selected",
            "_selected_action": [w.attempt.pk],
            "post": "yes",
        },
        {"journalist": REFUSED, "second_journalist": REFUSED, "editor": "ok", "moderator": REFUSED},
        lambda w: not AccessAttempt.objects.filter(pk=w.attempt.pk).exists(),
    ),
}


def _refused(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code == 302:
        location = response["Location"]
        # The login page, or the admin index after "doesn't exist".
        return location.startswith("/admin/login/") or location == "/admin/"
    return False


@pytest.mark.parametrize("name", list(POSTS))
@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(world, name, role):
    template, data, outcomes, worked = POSTS[name]
    url = url_for(template, world)
    outcome = REFUSED if role == "anonymous" else outcomes[role]
    client = client_for(world, role)
    payload = {**data(world, role), "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    before = snapshot()
    response = client.post(url, payload)
    if outcome == REFUSED:
        assert _refused(response), (response.status_code, response.get("Location"))
        assert snapshot() == before, "a refused request changed data"
    elif outcome == "no-op":  # accepted form, refused action (a message says why)
        assert worked is not None
        assert not worked(world)
    else:
        assert response.status_code in (200, 302), response.status_code
        if worked is not None:
            assert worked(world), f"{role} should have been able to: {name}"


def test_post_without_csrf_token_is_refused_even_for_editors(world):
    client = client_for(world, "editor")
    before = snapshot()
    response = client.post(f"/admin/comments/comment/{world.comment.pk}/decide/approve/", {})
    assert response.status_code == 403
    assert snapshot() == before
