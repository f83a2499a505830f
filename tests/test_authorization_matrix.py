"""Who may open and post to every admin, editorial, moderation, preview and autosave URL.

One table: each URL (GET) and each crafted POST (with a valid CSRF token, through the
CSRF-enforcing client) against the whole cast — anonymous, journalist (who owns the
draft), second journalist, editor, moderator. Every refused POST leaves the database
exactly as it was; every POST case also has a role for whom the same request works, so
a refusal is the permission check and not a malformed request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client

from articles import preview, revisions
from articles.models import Article, ArticleEvent, ArticleRevision, EditorialNote, Section, Tag
from authors.models import Author
from comments.models import Comment, DiscussionSettings
from tests.articles.workflow_helpers import draft_for, form_data
from tests.comments.helpers import make_comment
from tests.factories import make_article, make_section, make_tag

ROLES = ["anonymous", "journalist", "second_journalist", "editor", "moderator"]
LOGIN = "login"  # a redirect to the admin login page

# Every table a request in this file could write to.
WATCHED = [
    Article,
    ArticleEvent,
    ArticleRevision,
    EditorialNote,
    Section,
    Tag,
    Author,
    Comment,
    DiscussionSettings,
    User,
    Group,
    AccessAttempt,
    apps.get_model("articles", "Byline"),
    apps.get_model("articles", "Page"),
    apps.get_model("articles", "Redirect"),
    apps.get_model("wordpress", "ImportRun"),
]


def snapshot() -> dict:
    """Every watched row (signing the cast in updates last_login, which is not a change)."""
    state = {}
    for model in WATCHED:
        rows = list(model.objects.order_by("pk").values())
        for row in rows:
            row.pop("last_login", None)
        state[model._meta.label] = rows
    return state


@dataclass
class World:
    own: Article  # the journalist's draft
    submitted: Article  # the journalist's article, waiting for review
    live: Article
    revision: ArticleRevision
    older: ArticleRevision
    comment: Comment
    spam: Comment
    section: Section
    tag: Tag
    author: Author
    attempt: AccessAttempt
    users: dict = field(default_factory=dict)


@pytest.fixture
def world(journalist, second_journalist, editor, moderator) -> World:
    own = draft_for(journalist, title="Own draft")
    older = revisions.snapshot(own, user=journalist, force=True)
    own.title = "Own draft, revised"
    own.save()
    revision = revisions.snapshot(own, user=journalist, force=True)
    live = make_article(title="Live story")
    submitted = draft_for(journalist, title="Waiting", status=Article.Status.IN_REVIEW)
    return World(
        own=own,
        submitted=submitted,
        live=live,
        revision=revision,
        older=older,
        comment=make_comment(live, status=Comment.Status.PENDING),
        spam=make_comment(live, status=Comment.Status.SPAM),
        section=make_section("Sport", slug="sport"),
        tag=make_tag("Rugby", slug="rugby"),
        author=journalist.author_profile,
        attempt=AccessAttempt.objects.create(
            username="someone",
            ip_address="198.51.100.1",
            failures_since_start=9,
            user_agent="x",
            path_info="/admin/login/",
            get_data="",
            post_data="",
        ),
        users={
            "journalist": journalist,
            "second_journalist": second_journalist,
            "editor": editor,
            "moderator": moderator,
        },
    )


def client_for(world: World, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(world.users[role])
    client.get("/comments/csrf/")  # sets the CSRF cookie, as the page's script would
    return client


# --- GET -----------------------------------------------------------------------------------

# (url, expected status for [anonymous, journalist, second journalist, editor, moderator]).
# 302: the admin's "does not exist" redirect (outside the user's queryset), or the
# endpoint's "POST only" redirect; 405: POST-only JSON endpoints; 200 for a journalist on
# others' objects (sections, authors) is the read-only view their view permission gives.
GETS = [
    ("/admin/", [LOGIN, 200, 200, 200, 200]),
    ("/admin/articles/article/", [LOGIN, 200, 200, 200, 403]),
    ("/admin/articles/article/add/", [LOGIN, 200, 200, 200, 403]),
    ("/admin/articles/article/{w.own.pk}/change/", [LOGIN, 200, 302, 200, 403]),
    ("/admin/articles/article/{w.own.pk}/history/", [LOGIN, 200, 302, 200, 302]),
    ("/admin/articles/article/{w.own.pk}/delete/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/articles/article/{w.live.pk}/change/", [LOGIN, 302, 302, 200, 403]),
    ("/admin/articles/article/{w.own.pk}/revisions/", [LOGIN, 200, 404, 200, 404]),
    (
        "/admin/articles/article/{w.own.pk}/revisions/compare/?old={w.older.pk}&new={w.revision.pk}",
        [LOGIN, 200, 404, 200, 404],
    ),
    (
        "/admin/articles/article/{w.own.pk}/revisions/{w.older.pk}/restore/",
        [LOGIN, 302, 302, 302, 302],
    ),
    ("/admin/articles/article/{w.own.pk}/autosave/", [LOGIN, 405, 405, 405, 405]),
    ("/admin/articles/article/autosave/", [LOGIN, 405, 405, 405, 405]),
    ("/admin/articles/article/{w.own.pk}/presence/", [LOGIN, 405, 405, 405, 405]),
    ("/admin/articles/article/{w.own.pk}/notes/", [LOGIN, 302, 302, 302, 302]),
    ("/admin/articles/articleevent/", [LOGIN, 200, 200, 200, 403]),
    ("/admin/articles/section/", [LOGIN, 200, 200, 200, 403]),
    ("/admin/articles/section/add/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/articles/section/{w.section.pk}/change/", [LOGIN, 200, 200, 200, 403]),
    ("/admin/articles/tag/", [LOGIN, 200, 200, 200, 403]),
    ("/admin/articles/tag/add/", [LOGIN, 200, 200, 200, 403]),
    ("/admin/articles/tag/{w.tag.pk}/change/", [LOGIN, 200, 200, 200, 403]),
    ("/admin/authors/author/", [LOGIN, 200, 200, 200, 403]),
    ("/admin/authors/author/add/", [LOGIN, 200, 200, 200, 403]),  # journalists add contributors
    ("/admin/authors/author/{w.author.pk}/change/", [LOGIN, 200, 200, 200, 403]),
    ("/admin/articles/page/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/articles/page/add/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/articles/redirect/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/articles/redirect/add/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/wordpress/importrun/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/wordpress/importrun/add/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/comments/comment/", [LOGIN, 403, 403, 200, 200]),
    ("/admin/comments/comment/{w.comment.pk}/change/", [LOGIN, 403, 403, 200, 200]),
    ("/admin/comments/comment/empty-spam/", [LOGIN, 403, 403, 200, 200]),
    ("/admin/comments/discussionsettings/", [LOGIN, 302, 302, 302, 302]),
    ("/admin/auth/user/", [LOGIN, 403, 403, 403, 403]),
    ("/admin/auth/user/add/", [LOGIN, 403, 403, 403, 403]),
    ("/admin/auth/group/", [LOGIN, 403, 403, 403, 403]),
    ("/admin/axes/accessattempt/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/axes/accessattempt/{w.attempt.pk}/change/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/axes/accesslog/", [LOGIN, 403, 403, 200, 403]),
    ("/admin/axes/accessfailurelog/", [LOGIN, 403, 403, 403, 403]),
    ("/admin/otp_totp/totpdevice/", [LOGIN, 403, 403, 403, 403]),
    ("/admin/otp_static/staticdevice/", [LOGIN, 403, 403, 403, 403]),
    ("/admin/django_tasks_database/dbtaskresult/", [LOGIN, 403, 403, 403, 403]),
    ("/admin/two-factor/set-up/", [LOGIN, 200, 200, 200, 200]),
    ("/preview/{token}/", [200, 200, 200, 200, 200]),
    ("/preview/{token}x/", [404, 404, 404, 404, 404]),
]


def _url(template: str, w: World) -> str:
    return template.format(w=w, token=preview.make_token(w.own))


@pytest.mark.parametrize(("template", "expected"), GETS, ids=[g[0] for g in GETS])
def test_get_matrix(world, template, expected):
    url = _url(template, world)
    before = snapshot()
    for role, status in zip(ROLES, expected, strict=True):
        response = client_for(world, role).get(url)
        if status == LOGIN:
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith("/admin/login/"), (role, url)
        else:
            assert response.status_code == status, (role, url, response.status_code)
    assert snapshot() == before  # a GET never changes anything


def test_every_registered_admin_model_is_in_the_matrix():
    covered = {"/".join(template.split("/")[2:4]) for template, _ in GETS}
    for model in admin.site._registry:
        assert f"{model._meta.app_label}/{model._meta.model_name}" in covered, model


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
    url = _url(template, world)
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
