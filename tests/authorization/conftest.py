"""The cast's objects: a draft with revisions, a submitted and a live article, comments…"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from articles import revisions
from articles.models import Article
from comments.models import Comment
from tests.articles.workflow_helpers import draft_for
from tests.comments.helpers import make_comment
from tests.factories import make_article, make_section, make_tag

from .helpers import World


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
