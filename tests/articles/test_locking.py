"""No silent overwrites, no lost work: optimistic locking, presence and autosave."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, ArticlePresence
from articles.roles import EDITORS
from tests.articles.workflow_helpers import change_url, draft_for, form_data
from tests.factories import make_article, make_user


def _client(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


def test_a_form_loaded_before_someone_else_saved_is_refused_naming_them(
    editor_client, editor, journalist, client
):
    """The second save of two concurrent edits is refused with who changed it and when."""
    article = draft_for(journalist, title="Original")
    other = make_user("deskeditor", group=EDITORS, first_name="Dana", last_name="Desk")
    stale = form_data(article, editor, title="Editor's version")  # loaded now
    client.force_login(other)
    first = client.post(change_url(article), form_data(article, other, title="Dana's version"))
    assert first.status_code == 302

    second = editor_client.post(change_url(article), stale)

    assert second.status_code == 200
    html = second.content.decode()
    assert "Dana Desk saved this article at" in html
    assert "Your changes were not saved" in html
    article.refresh_from_db()
    assert article.title == "Dana's version"


def test_a_workflow_transition_also_makes_an_open_form_stale(editor_client, editor, journalist):
    """Publishing bumps the version, so a form opened before it cannot overwrite it."""
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    stale = form_data(article, editor, title="Late edit")
    workflow.request_changes(article=article, actor=editor, note="Shorter, please")
    response = editor_client.post(change_url(article), stale)
    assert response.status_code == 200
    assert "saved this article at" in response.content.decode()
    article.refresh_from_db()
    assert article.title != "Late edit"


def test_a_post_without_the_loaded_version_is_refused(editor_client, editor, journalist):
    article = draft_for(journalist, title="Kept")
    response = editor_client.post(
        change_url(article), form_data(article, editor, title="Lost", loaded_version="")
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title == "Kept"


def test_successive_saves_from_fresh_forms_succeed_and_bump_the_version(
    editor_client, editor, journalist
):
    article = draft_for(journalist)
    start = article.version
    for n in range(3):
        response = editor_client.post(
            change_url(article), form_data(article, editor, title=f"T{n}")
        )
        assert response.status_code == 302
    article.refresh_from_db()
    assert article.version == start + 3


# --- Presence -----------------------------------------------------------------------------


def test_the_form_shows_who_else_has_the_article_open(editor_client, journalist):
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    other = make_user("copychief", group=EDITORS, first_name="Chris", last_name="Chief")
    ArticlePresence.touch(article, other)
    html = editor_client.get(change_url(article)).content.decode()
    assert "Also open by Chris Chief" in html


def test_presence_older_than_a_few_minutes_is_not_shown(editor_client, journalist):
    article = draft_for(journalist)
    other = make_user("gone", group=EDITORS)
    with time_machine.travel(timezone.now() - timedelta(minutes=4)):
        ArticlePresence.touch(article, other)
    assert "Also open by" not in editor_client.get(change_url(article)).content.decode()


def test_presence_heartbeat_returns_the_others(
    editor_client, editor, journalist_client, journalist
):
    article = draft_for(journalist)
    url = reverse("admin:articles_article_presence", args=[article.pk])
    assert journalist_client.post(url).json() == {"others": []}
    assert editor_client.post(url).json() == {"others": ["journalist"]}


def test_presence_of_an_article_one_cannot_see_is_404(journalist_client, second_journalist):
    article = draft_for(second_journalist)
    url = reverse("admin:articles_article_presence", args=[article.pk])
    assert journalist_client.post(url).status_code == 404


# --- Autosave -----------------------------------------------------------------------------


def _autosave(client, article, **words):
    url = reverse("admin:articles_article_autosave", args=[article.pk])
    return client.post(url, words)


def test_autosave_keeps_words_without_touching_the_article(journalist_client, journalist):
    article = draft_for(journalist, title="Saved title")
    version = article.version
    response = _autosave(
        journalist_client, article, title="Typed title", standfirst="", body="<p>Typed</p>"
    )
    assert response.status_code == 200
    assert "Unsaved changes kept" in response.json()["message"]
    article.refresh_from_db()
    assert (article.title, article.version) == ("Saved title", version)
    kept = article.revisions.get(is_autosave=True)
    assert (kept.title, kept.body, kept.created_by) == ("Typed title", "<p>Typed</p>", journalist)


def test_autosave_never_touches_the_live_copy_of_a_published_article(editor_client, client):
    """An editor's half-finished edit of a live story is not what readers see."""
    article = make_article(title="Live headline", body="<p>Live body</p>")
    response = _autosave(
        editor_client, article, title="Half-typed", standfirst="", body="<p>Draft words</p>"
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.title, article.body) == ("Live headline", "<p>Live body</p>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Live headline" in page
    assert "Draft words" not in page


def test_autosave_sanitises_and_keeps_only_one_per_user(journalist_client, journalist):
    article = draft_for(journalist)
    _autosave(journalist_client, article, title="a", standfirst="", body="<p>1</p>")
    _autosave(
        journalist_client, article, title="b", standfirst="", body="<p>2<script>x</script></p>"
    )
    kept = article.revisions.filter(is_autosave=True)
    assert [(r.title, r.body) for r in kept] == [("b", "<p>2</p>")]


def test_autosave_is_refused_where_the_user_cannot_edit(journalist_client, journalist):
    """A journalist's article in review cannot be autosaved by them (403)."""
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    response = _autosave(journalist_client, article, title="x", standfirst="", body="")
    assert response.status_code == 403
    assert not article.revisions.filter(is_autosave=True).exists()


def test_autosave_needs_post(journalist_client, journalist):
    article = draft_for(journalist)
    url = reverse("admin:articles_article_autosave", args=[article.pk])
    assert journalist_client.get(url).status_code == 405


def test_reopening_offers_to_restore_unsaved_work_into_the_form(journalist_client, journalist):
    """The offer links to the form pre-filled with the autosave; nothing is saved yet."""
    article = draft_for(journalist, title="Saved")
    _autosave(journalist_client, article, title="Unsaved idea", standfirst="", body="<p>x</p>")
    kept = article.revisions.get(is_autosave=True)

    page = journalist_client.get(change_url(article)).content.decode()
    assert "You have unsaved changes" in page
    assert f"?autosave={kept.pk}" in page

    restored = journalist_client.get(change_url(article), {"autosave": kept.pk})
    assert restored.context["adminform"].form["title"].value() == "Unsaved idea"
    article.refresh_from_db()
    assert article.title == "Saved"


def test_saving_the_form_clears_the_users_autosave(journalist_client, journalist):
    article = draft_for(journalist)
    _autosave(journalist_client, article, title="Later", standfirst="", body="<p>x</p>")
    journalist_client.post(change_url(article), form_data(article, journalist, title="Later"))
    assert not article.revisions.filter(is_autosave=True).exists()
    assert revisions.latest(article).title == "Later"


def test_a_stale_form_saves_none_of_its_bylines_either(editor_client, editor, journalist, client):
    """The version check covers the whole form, inline bylines included."""
    article = draft_for(journalist)
    other = make_user("deskeditor2", group=EDITORS, first_name="Dana", last_name="Desk")
    stale = form_data(article, editor)
    stale["bylines-0-role"] = "additional_reporting"
    client.force_login(other)
    assert (
        client.post(change_url(article), form_data(article, other, title="New")).status_code == 302
    )

    response = editor_client.post(change_url(article), stale)

    assert "Dana Desk saved this article at" in response.content.decode()
    assert list(article.bylines.values_list("role", flat=True)) == ["author"]


def test_autosave_warns_at_once_when_someone_else_saved_meanwhile(
    journalist_client, journalist, editor
):
    """The minute-by-minute autosave tells the writer their form went stale, naming who."""
    article = draft_for(journalist)
    loaded = article.version
    workflow.submit(article=article, actor=editor)  # bumps the version (and logs an event)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    reply = _autosave(
        journalist_client, article, title="x", standfirst="", body="", loaded_version=loaded
    ).json()

    assert "saved this article at" in reply["stale"]
    fresh = _autosave(
        journalist_client, article, title="y", standfirst="", body="", loaded_version=loaded + 1
    ).json()
    assert "stale" not in fresh


def test_autosave_with_a_nul_byte_is_a_400_not_a_500(journalist_client, journalist):
    article = draft_for(journalist)
    response = _autosave(journalist_client, article, title="a\x00", standfirst="", body="")
    assert response.status_code == 400
    assert not article.revisions.filter(is_autosave=True).exists()


# --- Autosave of a brand-new article (auto-draft) -----------------------------------------

AUTODRAFT = "/admin/articles/article/autosave/"


def test_first_autosave_of_a_new_article_creates_the_draft(journalist_client, journalist):
    """Like WordPress's auto-draft: once there are words, a Draft owned by the writer exists."""
    response = journalist_client.post(
        AUTODRAFT, {"title": "Flood warning", "slug": "", "standfirst": "", "body": "<p>Rain</p>"}
    )
    assert response.status_code == 200
    article = Article.objects.get()
    reply = response.json()
    assert reply["change_url"] == change_url(article)
    assert reply["version"] == article.version
    assert (article.title, article.slug, article.status) == (
        "Flood warning",
        "flood-warning",
        Article.Status.DRAFT,
    )
    assert article.created_by == journalist
    assert revisions.latest(article).body == "<p>Rain</p>"


def test_the_add_form_saved_after_an_autodraft_updates_it_and_adds_the_byline(
    journalist_client, journalist
):
    """The script points the form at the draft and marks it `_autodraft`; Save updates it."""
    reply = journalist_client.post(
        AUTODRAFT, {"title": "Flood", "standfirst": "", "body": "<p>Rain</p>"}
    ).json()
    article = Article.objects.get()
    data = form_data(article, journalist, title="Flood warning", loaded_version=reply["version"])
    data["_autodraft"] = "1"
    response = journalist_client.post(reply["change_url"], data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.title == "Flood warning"
    assert [b.author for b in article.bylines.all()] == [journalist.author_profile]


def test_autodraft_needs_words_post_and_the_right_to_write(journalist_client, moderator_client):
    empty = {"title": " ", "standfirst": "", "body": "<p> </p>"}
    assert journalist_client.post(AUTODRAFT, empty).status_code == 400
    assert journalist_client.get(AUTODRAFT).status_code == 405
    words = {"title": "x", "standfirst": "", "body": ""}
    assert moderator_client.post(AUTODRAFT, words).status_code in (302, 403)
    assert not Article.objects.exists()


def test_autodraft_goes_through_csrf(csrf_client, journalist):
    csrf_client.force_login(journalist)
    words = {"title": "x", "standfirst": "", "body": ""}
    assert csrf_client.post(AUTODRAFT, words).status_code == 403
    assert not Article.objects.exists()


def test_the_add_form_carries_the_autodraft_url(journalist_client):
    page = journalist_client.get("/admin/articles/article/add/").content.decode()
    assert f'data-autodraft-url="{AUTODRAFT}"' in page
