"""Revisions: written on save, listed, compared and restored in the admin."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles import revisions
from articles.models import Article, ArticleRevision
from tests.articles.workflow_helpers import change_url, draft_for, form_data
from tests.factories import make_article


def _revisions_url(article):
    return reverse("admin:articles_article_revisions", args=[article.pk])


def _restore_url(article, revision):
    return reverse("admin:articles_article_restore", args=[article.pk, revision.pk])


def test_saving_changed_words_stores_a_revision_and_other_fields_do_not(
    editor_client, editor, journalist
):
    """Only title, standfirst or body changes make a revision."""
    article = draft_for(journalist)
    revisions.snapshot(article, user=journalist)
    original = (article.title, article.body)
    editor_client.post(change_url(article), form_data(article, editor, title="Second title"))
    editor_client.post(change_url(article), form_data(article, editor, seo_title="SEO only"))
    editor_client.post(change_url(article), form_data(article, editor, body="<p>New body</p>"))
    saved = list(article.revisions.filter(is_autosave=False).order_by("pk"))
    assert [(r.title, r.body, r.created_by) for r in saved] == [
        (*original, journalist),
        ("Second title", original[1], editor),
        ("Second title", "<p>New body</p>", editor),
    ]


def test_the_first_edit_of_an_imported_article_keeps_its_original_words(
    editor_client, editor, journalist
):
    """An article created outside the admin (import, demo) gets its words as a baseline
    revision before the first edit, so the original can be compared and restored."""
    article = draft_for(journalist, title="As imported", body="<p>Original</p>")
    assert not article.revisions.exists()
    editor_client.post(change_url(article), form_data(article, editor, title="Edited"))

    first, second = article.revisions.filter(is_autosave=False).order_by("created_at", "pk")
    assert (first.title, first.body, first.created_by) == (
        "As imported",
        "<p>Original</p>",
        journalist,
    )
    assert (second.title, second.created_by) == ("Edited", editor)
    editor_client.post(_restore_url(article, first))
    article.refresh_from_db()
    assert article.title == "As imported"


def test_the_baseline_of_a_row_dated_in_the_future_still_sorts_first(
    editor_client, editor, journalist
):
    """Demo or imported rows can carry a future updated_at; the history stays in order."""
    article = draft_for(journalist, title="As imported")
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() + timedelta(days=5))
    editor_client.post(change_url(article), form_data(article, editor, title="Edited"))

    newest = revisions.latest(article)
    assert newest.title == "Edited"


def test_a_rewritten_headline_is_shown_as_old_then_new_not_interleaved():
    segments = revisions.word_diff("Edited headline for the diff", "Lantern Theatre opens season")
    assert [(s.op, s.text) for s in segments] == [
        ("delete", "Edited headline for the diff"),
        ("insert", "Lantern Theatre opens season"),
    ]


def test_revisions_page_lists_who_and_when(editor_client, editor, journalist):
    article = draft_for(journalist)
    revisions.snapshot(article, user=journalist)
    response = editor_client.get(_revisions_url(article))
    assert response.status_code == 200
    assert "journalist" in response.content.decode()


def test_diff_marks_inserted_and_deleted_words(editor_client, journalist):
    """The compare page shows a readable word diff of title, standfirst and body."""
    article = draft_for(journalist, title="Council raises tax", body="<p>The council met.</p>")
    old = revisions.snapshot(article, user=journalist)
    article.title = "Council cuts tax"
    article.body = "<p>The council met on Monday.</p>"
    article.save()
    new = revisions.snapshot(article, user=journalist)

    url = reverse("admin:articles_article_compare", args=[article.pk])
    response = editor_client.get(url, {"old": old.pk, "new": new.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>raises</del><ins>cuts</ins>" in html
    assert "met<ins> on Monday</ins>." in html


def test_word_diff_escapes_markup_in_the_text(editor_client, journalist):
    article = draft_for(journalist, title="<b>x</b>")
    old = revisions.snapshot(article, user=journalist)
    article.title = "<script>alert(1)</script>"
    article.save()
    new = revisions.snapshot(article, user=journalist)
    url = reverse("admin:articles_article_compare", args=[article.pk])
    html = editor_client.get(url, {"old": old.pk, "new": new.pk}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_editor_restores_a_revision_and_that_is_itself_a_new_revision(
    editor_client, editor, journalist
):
    """Restore copies the words back, bumps the version and appends a revision."""
    article = make_article(title="Original", body="<p>First words.</p>")
    first = revisions.snapshot(article, user=journalist)
    article.title, article.body = "Changed", "<p>Other words.</p>"
    article.save()
    revisions.snapshot(article, user=editor)
    version = Article.objects.get(pk=article.pk).version

    response = editor_client.post(_restore_url(article, first))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("Original", "<p>First words.</p>")
    assert article.version == version + 1
    newest = revisions.latest(article)
    assert newest.pk not in (first.pk,)
    assert newest.title == "Original"
    assert newest.created_by == editor
    assert article.revisions.filter(is_autosave=False).count() == 3


def test_journalist_restores_on_own_draft(journalist_client, journalist):
    article = draft_for(journalist, title="Mine")
    first = revisions.snapshot(article, user=journalist)
    article.title = "Mine, edited"
    article.save()
    revisions.snapshot(article, user=journalist)
    assert journalist_client.post(_restore_url(article, first)).status_code == 302
    article.refresh_from_db()
    assert article.title == "Mine"


def test_journalist_cannot_restore_once_submitted(journalist_client, journalist):
    """Restoring is editing: refused with 403 on a journalist's article in review."""
    article = draft_for(journalist, title="Mine", status=Article.Status.IN_REVIEW)
    first = revisions.snapshot(article, user=journalist)
    article.title = "Edited by the desk"
    article.save()
    assert journalist_client.post(_restore_url(article, first)).status_code == 403
    article.refresh_from_db()
    assert article.title == "Edited by the desk"


def test_journalist_cannot_see_or_restore_another_journalists_revisions(
    journalist_client, second_journalist
):
    """Someone else's article is a 404: its existence is not revealed."""
    article = draft_for(second_journalist)
    revision = revisions.snapshot(article, user=second_journalist)
    assert journalist_client.get(_revisions_url(article)).status_code == 404
    assert journalist_client.post(_restore_url(article, revision)).status_code == 404


def test_restore_needs_post(editor_client, journalist):
    article = draft_for(journalist)
    revision = revisions.snapshot(article, user=journalist)
    assert editor_client.get(_restore_url(article, revision)).status_code == 302
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_compare_with_a_revision_of_another_article_is_404(editor_client, journalist):
    a, b = draft_for(journalist), draft_for(journalist)
    ra, rb = revisions.snapshot(a, user=journalist), revisions.snapshot(b, user=journalist)
    url = reverse("admin:articles_article_compare", args=[a.pk])
    assert editor_client.get(url, {"old": ra.pk, "new": rb.pk}).status_code == 404
    assert editor_client.get(url, {"old": "x", "new": ""}).status_code == 404
