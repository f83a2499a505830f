"""Static pages: served at their path when published, listed in the footer, edited by editors."""

import pytest
from django.urls import reverse

from articles.models import Page
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def make_page(title="About", slug="about", **kw):
    kw.setdefault("published", True)
    return Page.objects.create(title=title, slug=slug, **kw)


def test_published_page_is_served_at_its_path(client):
    about = make_page(body="<p>Who we are.</p><script>x</script>")
    team = make_page("Team", "team", parent=about)
    assert (about.path, team.path) == ("/about/", "/about/team/")
    response = client.get("/about/team/")
    assert response.status_code == 200
    assert "<h1" in response.text
    assert "Team" in response.text
    assert 'href="/about/"' in response.text  # breadcrumb
    assert client.get("/about/").text.count("<script>x</script>") == 0
    assert "public" in response["Cache-Control"]


def test_unpublished_page_is_a_404(client):
    make_page(published=False)
    assert client.get("/about/").status_code == 404


def test_page_without_trailing_slash_redirects(client):
    make_page()
    response = client.get("/about")
    assert response.status_code == 301
    assert response["Location"] == "/about/"


def test_renaming_a_parent_moves_its_children(db):
    about = make_page()
    team = make_page("Team", "team", parent=about)
    about.slug = "who"
    about.save()
    team.refresh_from_db()
    assert team.path == "/who/team/"


def test_footer_lists_published_top_level_pages(client):
    about = make_page(position=2)
    make_page("Contact", "contact", position=1)
    make_page("Team", "team", parent=about)
    make_page("Secret", "secret", published=False)
    footer = client.get("/").text.split('class="site-footer"')[1]
    assert footer.index('href="/contact/"') < footer.index('href="/about/"')
    assert "/about/team/" not in footer
    assert "/secret/" not in footer


def test_editor_can_add_a_page_in_the_admin(editor_client):
    response = editor_client.post(
        reverse("admin:articles_page_add"),
        {"title": "Contact", "slug": "contact", "published": "on", "position": "0", "body": "<p>Write</p>"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].errors
    assert Page.objects.get().path == "/contact/"


def test_admin_refuses_a_page_at_a_site_route_or_a_taken_path(editor_client):
    make_page("Contact", "contact")
    for slug, message in [("search", "one of the site"), ("contact", "already lives at /contact/")]:
        response = editor_client.post(
            reverse("admin:articles_page_add"),
            {"title": "X", "slug": slug, "position": "0", "body": ""},
        )
        assert response.status_code == 200
        assert message in str(response.context["adminform"].errors)


def test_journalists_and_moderators_cannot_edit_pages(journalist_client, moderator_client):
    for client in (journalist_client, moderator_client):
        assert client.get(reverse("admin:articles_page_changelist")).status_code == 403
        assert client.get(reverse("admin:articles_page_add")).status_code == 403


def test_reader_cannot_reach_the_page_admin(client):
    client.force_login(make_user("someone", is_staff=False))
    assert client.get(reverse("admin:articles_page_changelist")).status_code == 302
