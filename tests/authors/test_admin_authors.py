"""Author profiles: journalists add contributors and edit their own; editors edit all."""

from django.urls import reverse

from authors.models import Author
from tests.factories import make_author


def add_url():
    return reverse("admin:authors_author_add")


def change_url(author):
    return reverse("admin:authors_author_change", args=[author.pk])


def test_journalist_adds_a_contributor_from_the_popup(journalist_client):
    """The byline picker's "+" opens the add form as a popup; saving returns the new id."""
    response = journalist_client.post(
        add_url() + "?_to_field=id&_popup=1",
        {
            "name": "Guest Writer",
            "slug": "guest-writer",
            "bio": "<p>Writes <em>about</em> rivers.<script>x()</script></p>",
            "website": "https://guest.example",
            "_popup": "1",
            "_to_field": "id",
        },
    )
    assert response.status_code == 200
    guest = Author.objects.get(slug="guest-writer")
    assert "popup_response" in response.content.decode()  # hands the new author back
    assert guest.user is None
    assert guest.bio == "<p>Writes <em>about</em> rivers.</p>"


def test_journalist_cannot_link_an_account_or_set_internal_fields(journalist_client, editor):
    form = journalist_client.get(add_url()).context["adminform"].form
    assert set(form.fields) == {"name", "slug", "job_title", "bio", "website", "photo"}
    journalist_client.post(
        add_url(), {"name": "Sneaky", "slug": "sneaky", "user": editor.pk, "is_active": ""}
    )
    sneaky = Author.objects.get(slug="sneaky")
    assert sneaky.user is None
    assert sneaky.is_active


def test_byline_picker_offers_the_add_button_to_journalists(journalist_client):
    html = journalist_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="add_id_bylines-0-author"' in html


def test_journalist_edits_their_own_profile(journalist_client, journalist):
    mine = journalist.author_profile
    response = journalist_client.post(
        change_url(mine),
        {"name": "Jo Journalist", "slug": mine.slug, "job_title": "Courts reporter", "bio": ""},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.job_title == "Courts reporter"
    assert mine.user == journalist


def test_journalist_cannot_edit_anyone_elses_profile(journalist_client, second_journalist):
    """Neither a colleague's profile nor a contributor's: shown, but read-only."""
    for other in (second_journalist.author_profile, make_author("Guest", slug="guest")):
        page = journalist_client.get(change_url(other))
        assert page.status_code == 200
        assert not page.context["has_change_permission"]
        response = journalist_client.post(
            change_url(other), {"name": "Defaced", "slug": other.slug}
        )
        assert response.status_code == 403
        other.refresh_from_db()
        assert other.name != "Defaced"
    assert (
        journalist_client.post(
            reverse("admin:authors_author_delete", args=[other.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_editor_edits_every_profile(editor_client, journalist):
    profile = journalist.author_profile
    form = editor_client.get(change_url(profile)).context["adminform"].form
    assert {"user", "email", "is_active"} <= set(form.fields)
    response = editor_client.post(
        change_url(profile),
        {"name": "Jo J.", "slug": profile.slug, "user": journalist.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.name == "Jo J."


def test_moderators_and_readers_cannot_add_authors(moderator_client, client):
    assert moderator_client.get(add_url()).status_code == 403
    assert client.get(add_url()).status_code == 302  # to the login page
