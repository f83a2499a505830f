"""The roles, the watched tables and the clients both matrices use."""

from __future__ import annotations

from dataclasses import dataclass, field

from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client

from articles import preview
from articles.models import Article, ArticleEvent, ArticleRevision, EditorialNote, Section, Tag
from authors.models import Author
from comments.models import Comment, DiscussionSettings

ROLES = ["anonymous", "journalist", "second_journalist", "editor", "moderator"]
LOGIN = "login"  # a redirect to the admin login page

# Every table a request in the two matrices could write to.
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


def client_for(world: World, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(world.users[role])
    client.get("/comments/csrf/")  # sets the CSRF cookie, as the page's script would
    return client


def url_for(template: str, w: World) -> str:
    return template.format(w=w, token=preview.make_token(w.own))
