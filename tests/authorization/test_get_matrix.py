"""Every URL against the whole cast: who may open it (a GET never changes anything)."""

from __future__ import annotations

import pytest
from django.contrib import admin

from .helpers import LOGIN, ROLES, client_for, snapshot, url_for

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


@pytest.mark.parametrize(("template", "expected"), GETS, ids=[g[0] for g in GETS])
def test_get_matrix(world, template, expected):
    url = url_for(template, world)
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
