"""The article admin: per-object access, the form, the list and its query budget."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.admin.forms import BODY_EDITOR_EXTENSIONS
from articles.models import Article, EditorialNote
from tests.articles.workflow_helpers import (
    add_inline_rows,
    change_url,
    draft_for,
    form_data,
    messages_of,
)
from tests.factories import make_article, make_author, make_section, make_tag

CHANGELIST = "/admin/articles/article/"


def _titles(response) -> set[str]:
    return {a.title for a in response.context["cl"].result_list}


# --- Who sees what ------------------------------------------------------------------------


def test_journalist_list_shows_only_their_own_articles(
    journalist_client, journalist, second_journalist
):
    """Created by them or bylined to them; nobody else's."""
    mine = draft_for(journalist, title="Mine")
    bylined = make_article(live=False, title="Bylined", authors=[journalist.author_profile])
    draft_for(second_journalist, title="Theirs")
    make_article(title="Someone's live story")
    response = journalist_client.get(CHANGELIST)
    assert response.status_code == 200
    assert _titles(response) == {mine.title, bylined.title}


def test_editor_list_shows_everything(editor_client, journalist, second_journalist):
    draft_for(journalist, title="A")
    draft_for(second_journalist, title="B")
    assert _titles(editor_client.get(CHANGELIST)) == {"A", "B"}


def test_journalist_cannot_open_another_journalists_article(journalist_client, second_journalist):
    """The article is not in their queryset: the admin says it does not exist."""
    article = draft_for(second_journalist)
    response = journalist_client.get(change_url(article))
    assert response.status_code == 302
    assert "doesn’t exist" in " ".join(messages_of(response))


def test_journalist_cannot_rewrite_another_journalists_bylines_by_crafted_post(
    journalist_client, journalist, second_journalist
):
    """Posting the other article's form, inline bylines included, changes nothing."""
    article = draft_for(second_journalist, title="Theirs")
    data = form_data(article, second_journalist, title="Mine now")
    data["bylines-0-author"] = journalist.author_profile.pk
    response = journalist_client.post(change_url(article), data)
    assert response.status_code == 302  # "doesn't exist", to them
    article.refresh_from_db()
    assert article.title == "Theirs"
    assert [b.author for b in article.bylines.all()] == [second_journalist.author_profile]


def test_journalist_cannot_add_a_correction_by_crafted_post(journalist_client, journalist):
    """Corrections are editors' work: inline rows posted by a journalist are ignored."""
    article = draft_for(journalist)
    data = form_data(article, journalist, **{"corrections-TOTAL_FORMS": 0})
    data.update({"corrections-INITIAL_FORMS": 0, "corrections-MAX_NUM_FORMS": 1000})
    add_inline_rows(data, "corrections", [{"kind": "correction", "body": "We got it wrong."}])
    journalist_client.post(change_url(article), data)
    assert not article.corrections.exists()


def test_journalist_sees_own_article_in_review_read_only(journalist_client, journalist):
    """They can follow it (history, notes) but not save or press workflow buttons."""
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    response = journalist_client.get(change_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="_save"' not in html
    assert 'name="_workflow"' not in html
    assert "with the editors" in html


def test_journalist_cannot_edit_own_article_once_submitted(journalist_client, journalist):
    """A crafted POST to a non-draft is a 403 and changes nothing."""
    article = draft_for(journalist, status=Article.Status.IN_REVIEW, title="As submitted")
    response = journalist_client.post(
        change_url(article), form_data(article, journalist, title="Sneaky edit")
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "As submitted"


def test_journalist_cannot_delete_articles(journalist_client, journalist):
    article = draft_for(journalist)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert journalist_client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_editor_can_delete_articles(editor_client, journalist):
    article = draft_for(journalist)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_moderator_has_no_access_to_articles(moderator_client, journalist):
    article = draft_for(journalist)
    assert moderator_client.get(CHANGELIST).status_code == 403
    assert moderator_client.get(change_url(article)).status_code == 403


# --- The form -----------------------------------------------------------------------------


def test_body_editor_is_limited_to_the_sanitisers_markup(journalist_client, journalist):
    """The prose editor offers what the sanitiser keeps: paragraphs (and lead), h2–h4, bold,
    italic, cite, links, lists, quotes (pull quotes, attributions), figures, rules."""
    article = draft_for(journalist)
    response = journalist_client.get(change_url(article))
    widget = response.context["adminform"].form.fields["body"].widget
    config = widget.get_config()
    assert config["extensions"]["Heading"] == {"levels": [2, 3, 4]}
    for wanted in ("Bold", "Italic", "Link", "BulletList", "OrderedList", "NewsroomBlockquote"):
        assert wanted in config["extensions"]
    assert any(m.endswith("js/prose_newsroom.js") for m in config["js_modules"])
    for unwanted in ("Table", "Code", "CodeBlock", "Underline", "Color", "Blockquote"):
        assert unwanted not in config["extensions"]
    assert "data-django-prose-editor-configurable" in response.content.decode()
    assert {k for k, v in BODY_EDITOR_EXTENSIONS.items() if v} <= set(config["extensions"])
    assert "NoSpellCheck" not in config["extensions"]  # journalists get their spell checker


def test_body_posted_through_the_form_is_sanitised(journalist_client, journalist):
    """Whatever the browser sends, only the allowlist is stored."""
    article = draft_for(journalist)
    dirty = (
        '<h1>Big</h1><p onclick="x()">Hi <a href="javascript:alert(1)">link</a></p>'
        "<script>alert(1)</script><h2>Sub</h2>"
    )
    response = journalist_client.post(
        change_url(article), form_data(article, journalist, body=dirty)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Big<p>Hi <a>link</a></p><h2>Sub</h2>"


def test_form_has_autocomplete_prepopulated_slug_and_length_hints(journalist_client, journalist):
    article = draft_for(journalist)
    html = journalist_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "admin-autocomplete" in html  # section, tags, byline authors
    assert "prepopulated_fields" in html or "data-prepopulated-fields" in html
    assert 'data-counter="160"' in html
    assert "Aim for 120–160 characters" in html
    assert article  # the add form for a journalist renders


def test_journalist_form_hides_editors_decisions(journalist_client, editor_client, journalist):
    """Publication date and "Must read" are read-only for journalists. (An unpublished
    article's date is chosen in the workflow panel; the form has it once published.)"""
    article = draft_for(journalist)
    journalist_form = journalist_client.get(change_url(article)).context["adminform"].form
    editor_form = editor_client.get(change_url(article)).context["adminform"].form
    assert "published_at" not in journalist_form.fields
    assert "is_editors_pick" not in journalist_form.fields
    assert "is_editors_pick" in editor_form.fields
    live = make_article(authors=[journalist.author_profile])
    assert "published_at" in editor_client.get(change_url(live)).context["adminform"].form.fields


def test_bylines_inline_is_ordered_with_roles(editor_client, journalist):
    article = draft_for(journalist)
    response = editor_client.get(change_url(article))
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "bylines"
    )
    assert list(formset.formset.form.base_fields)[:3] == ["position", "author", "role"]


# --- Editorial notes ----------------------------------------------------------------------


def test_editorial_notes_thread_between_journalist_and_editor(
    journalist_client, editor_client, journalist, editor, client
):
    """Both sides can add to the thread, even while the article is in review; readers never see it."""
    article = make_article(
        status=Article.Status.IN_REVIEW, created_by=journalist, published_at=None, live=False
    )
    url = reverse("admin:articles_article_notes", args=[article.pk])
    assert editor_client.post(url, {"note": "Source for para 2?"}).status_code == 302
    assert journalist_client.post(url, {"note": "Council minutes, p. 4."}).status_code == 302
    notes = list(article.editorial_notes.values_list("author__username", "body"))
    assert notes == [("editor", "Source for para 2?"), ("journalist", "Council minutes, p. 4.")]

    html = journalist_client.get(change_url(article)).content.decode()
    assert html.index("Source for para 2?") < html.index("Council minutes, p. 4.")

    from articles import workflow

    workflow.publish(article=article, actor=editor)
    assert "Council minutes" not in client.get(article.get_absolute_url()).content.decode()


def test_notes_cannot_be_added_to_someone_elses_article(journalist_client, second_journalist):
    article = draft_for(second_journalist)
    url = reverse("admin:articles_article_notes", args=[article.pk])
    assert journalist_client.post(url, {"note": "Hello"}).status_code == 404
    assert not EditorialNote.objects.exists()


def test_empty_note_is_refused_with_a_message(journalist_client, journalist):
    article = draft_for(journalist)
    url = reverse("admin:articles_article_notes", args=[article.pk])
    response = journalist_client.post(url, {"note": "   "})
    assert "Write something" in " ".join(messages_of(response))
    assert not EditorialNote.objects.exists()


def test_a_note_with_a_nul_byte_is_refused_with_a_message(journalist_client, journalist):
    """Not a 500 on PostgreSQL, which cannot store NUL bytes."""
    article = draft_for(journalist)
    url = reverse("admin:articles_article_notes", args=[article.pk])
    response = journalist_client.post(url, {"note": "Hi\x00there"})
    assert response.status_code == 302
    assert "not added" in " ".join(messages_of(response))
    assert not EditorialNote.objects.exists()


# --- Lists --------------------------------------------------------------------------------


def test_waiting_for_review_mine_author_and_search_filters(
    editor_client, editor, journalist, second_journalist
):
    waiting = draft_for(journalist, status=Article.Status.IN_REVIEW, title="Queue item")
    draft_for(second_journalist, title="Other draft")
    scheduled = make_article(title="Tomorrow", published_at=timezone.now() + timezone.timedelta(1))
    own = make_article(live=False, title="Editor's own", created_by=editor)

    assert _titles(editor_client.get(CHANGELIST, {"state": "in_review"})) == {waiting.title}
    assert _titles(editor_client.get(CHANGELIST, {"state": "scheduled"})) == {scheduled.title}
    assert _titles(editor_client.get(CHANGELIST, {"mine": "yes"})) == {own.title}
    author = journalist.author_profile
    assert _titles(editor_client.get(CHANGELIST, {"author": author.pk})) == {waiting.title}
    assert _titles(editor_client.get(CHANGELIST, {"q": "Queue"})) == {waiting.title}
    assert _titles(editor_client.get(CHANGELIST, {"q": "Jo Journalist"})) == {waiting.title}


def test_list_shows_the_publication_date_or_when_a_draft_was_edited(editor_client, journalist):
    draft_for(journalist, title="Unfinished")
    make_article(published_at=timezone.make_aware(timezone.datetime(2026, 3, 4, 9, 30)))
    html = editor_client.get(CHANGELIST).content.decode()
    assert "<time>04 Mar 2026, 09:30</time>" in html
    assert '<span class="quiet">edited ' in html


def test_a_mangled_author_filter_matches_nothing_instead_of_a_500(editor_client, journalist):
    draft_for(journalist)
    for value in ["abc", "²", "1 OR 1=1", "99999999999999999999999"]:
        response = editor_client.get(CHANGELIST, {"author": value})
        assert response.status_code == 200, value
        assert _titles(response) == set(), value


def test_add_form_prefilled_from_the_query_string_ignores_ids_that_are_not_ids(
    editor_client, journalist_client
):
    """`?section=` and `?tags=` prefill the add form; a mangled value is an empty field, not a 500."""
    section, tag = make_section("Weather"), make_tag("Storms")
    for client in (editor_client, journalist_client):
        response = client.get(f"{CHANGELIST}add/", {"section": section.pk, "tags": tag.pk})
        assert response.context["adminform"].form.initial["section"] == str(section.pk)
        assert "Weather" in response.content.decode()
        for value in ["\x00", "abc", "1,x", "99999999999999999999999"]:
            response = client.get(f"{CHANGELIST}add/", {"section": value, "tags": value})
            assert response.status_code == 200, value
            assert "section" not in response.context["adminform"].form.initial, value


def test_list_shows_state_badges_and_bylines(editor_client, journalist):
    draft_for(journalist, status=Article.Status.IN_REVIEW)
    make_article(additional=[make_author("Extra Reporter")])
    html = editor_client.get(CHANGELIST).content.decode()
    assert '<span class="badge badge--in_review">In review</span>' in html
    assert '<span class="badge badge--published">Live</span>' in html
    assert "Jo Journalist" in html
    assert "Extra Reporter" in html


def _build_articles(n):
    tags = [make_tag() for _ in range(3)]
    authors = [make_author() for _ in range(3)]
    for i in range(n):
        make_article(
            authors=authors[:2],
            additional=authors[2:],
            tags=tags,
            live=i % 2 == 0,
        )


def test_changelist_query_count_does_not_depend_on_the_number_of_articles(
    editor_client, django_assert_num_queries
):
    """1 or 20 articles with several bylines and tags cost the same queries.

    Expected: session, user, user's groups (editor check) and permissions;
    the filtered count and the total count; the page of articles with their
    sections; one prefetch of bylines with authors; the date hierarchy; the
    section and author filter choices. Bylines are rendered from the prefetch.
    """
    _build_articles(1)
    with CaptureQueriesContext(connection) as one:
        response = editor_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 1
    Article.objects.all().delete()

    _build_articles(20)
    with django_assert_num_queries(len(one.captured_queries)):
        response = editor_client.get(CHANGELIST)
        rows = response.context["cl"].result_list
        assert len(rows) == 20
        assert all(len(row.bylines.all()) == 3 for row in rows)


def test_journalist_changelist_query_count_is_flat_too(
    journalist_client, journalist, django_assert_num_queries
):
    for _ in range(2):
        draft_for(journalist)
    with CaptureQueriesContext(connection) as few:
        journalist_client.get(CHANGELIST)
    for _ in range(15):
        draft_for(journalist)
    with django_assert_num_queries(len(few.captured_queries)):
        journalist_client.get(CHANGELIST)


def test_presence_endpoint_replies_json(editor_client, journalist):
    article = draft_for(journalist)
    url = reverse("admin:articles_article_presence", args=[article.pk])
    assert json.loads(editor_client.post(url).content) == {"others": []}


# --- Bad input ----------------------------------------------------------------------------

_junk = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=_junk,
    slug=_junk,
    body=_junk,
    action=st.sampled_from(["", "submit", "publish", "schedule", "nonsense"]),
    at=_junk,
    version=st.one_of(_junk, st.integers(-(2**70), 2**70).map(str)),
)
def test_no_posted_input_makes_the_article_form_fail(
    journalist_client, journalist, title, slug, body, action, at, version
):
    """Whatever a journalist posts to their draft, the answer is a form or a redirect."""
    article = draft_for(journalist)
    data = form_data(
        article,
        journalist,
        title=title,
        slug=slug,
        body=body,
        _workflow=action,
        _workflow_at=at,
        loaded_version=version,
    )
    response = journalist_client.post(change_url(article), data)
    assert response.status_code in (200, 302)
