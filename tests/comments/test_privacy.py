"""Commenters' data requests: `commenter_data export|erase EMAIL`, the editors' admin
page, and /privacy/ saying how to ask (comments/privacy.py)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from comments.models import Comment, CommentEvent
from comments.privacy import ANONYMOUS_NAME, ERASED_TEXT
from tests.factories import make_article, make_user

from .helpers import make_comment

Kind = CommentEvent.Kind
PAGE = "/admin/comments/comment/personal-data/"


@pytest.fixture
def article(db):
    return make_article(title="Harbour plans")


@pytest.fixture
def ada(article):
    """Two comments by Ada (the address in two letter cases), one by somebody else."""
    first = make_comment(
        article,
        author_name="Ada Lovelace",
        author_email="ada@example.com",
        author_url="https://ada.example",
        body="The harbour wall needs work.",
        ip_address="203.0.113.7",
        user_agent="Mozilla/5.0 (Ada)",
        referrer="https://news.example/harbour/",
        akismet_params={
            "comment_author": "Ada Lovelace",
            "comment_author_email": "ada@example.com",
            "user_ip": "203.0.113.7",
            "user_agent": "Mozilla/5.0 (Ada)",
            "comment_content": "The harbour wall needs work.",
            "blog_lang": "en",
        },
    )
    CommentEvent.objects.create(comment=first, kind=Kind.AKISMET_HAM)
    second = make_comment(
        article,
        author_name="Ada L.",
        author_email="ADA@Example.com",
        body="And the lighthouse.",
        status=Comment.Status.PENDING,
        ip_address="2001:db8::7",
        user_agent="Mozilla/5.0 (Ada phone)",
    )
    other = make_comment(article, author_name="Bob", author_email="bob@example.com")
    return first, second, other


def _export(email, *args) -> dict:
    out, err = StringIO(), StringIO()
    call_command("commenter_data", "export", email, *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()) if out.getvalue() else {}


# --- export -------------------------------------------------------------------------


def test_export_holds_everything_about_the_commenter_and_nothing_else(ada):
    first, second, _ = ada
    data = _export(" Ada@Example.com ")
    assert data["comment_count"] == 2
    assert [c["id"] for c in data["comments"]] == [first.pk, second.pk]
    assert data["ip_addresses"] == ["2001:db8::7", "203.0.113.7"]
    assert data["user_agents"] == ["Mozilla/5.0 (Ada phone)", "Mozilla/5.0 (Ada)"]
    assert data["names"] == ["Ada L.", "Ada Lovelace"]
    assert data["websites"] == ["https://ada.example"]
    one = data["comments"][0]
    assert one["text"] == "The harbour wall needs work."
    assert one["referrer"] == "https://news.example/harbour/"
    assert one["article"] == {"title": "Harbour plans", "url": first.article.get_absolute_url()}
    assert one["sent_to_akismet"]["user_ip"] == "203.0.113.7"
    assert one["history"][0]["event"] == "Akismet: ham"
    assert "bob@example.com" not in json.dumps(data)


def test_export_is_logged_in_each_comments_history(ada):
    first, second, other = ada
    _export("ada@example.com")
    for comment in (first, second):
        event = comment.events.get(kind=Kind.DATA_EXPORTED)
        assert event.note == "On request, via the command line."
        assert "ada@" not in event.note
    assert not other.events.filter(kind=Kind.DATA_EXPORTED).exists()


def test_export_to_a_file(ada, tmp_path):
    target = tmp_path / "ada.json"
    assert _export("ada@example.com", "--output", str(target)) == {}
    assert json.loads(target.read_text())["comment_count"] == 2


def test_export_of_an_address_with_no_comments_is_empty_not_an_error(db):
    assert _export("nobody@example.com")["comments"] == []


@pytest.mark.parametrize("email", ["not-an-email", "", "a@", "@example.com"])
def test_a_malformed_address_is_a_command_error(db, email):
    with pytest.raises(CommandError, match="not an email address"):
        call_command("commenter_data", "export", email, stdout=StringIO())
    with pytest.raises(CommandError, match="not an email address"):
        call_command("commenter_data", "erase", email, stdout=StringIO())


def test_an_unwritable_output_file_is_a_command_error(ada, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "commenter_data",
            "export",
            "ada@example.com",
            "--output",
            str(tmp_path / "missing" / "x.json"),
            stdout=StringIO(),
            stderr=StringIO(),
        )


# --- erase ---------------------------------------------------------------------------


def test_erase_anonymises_every_comment_keeps_text_and_status(ada):
    first, second, other = ada
    out = StringIO()
    call_command("commenter_data", "erase", "ada@example.com", stdout=out)
    assert "Erased the personal data of 2 comment(s)." in out.getvalue()
    for comment, status in ((first, Comment.Status.APPROVED), (second, Comment.Status.PENDING)):
        comment.refresh_from_db()
        assert comment.author_name == ANONYMOUS_NAME
        assert comment.author_email == comment.author_url == ""
        assert comment.ip_address is None
        assert comment.user_agent == comment.referrer == ""
        assert comment.status == status  # erasing is not a moderation decision
        event = comment.events.get(kind=Kind.DATA_ERASED)
        assert "name, email, website, IP address and browser erased" in event.note
    assert first.body == "The harbour wall needs work."
    assert first.akismet_params["user_ip"] == first.akismet_params["comment_author_email"] == ""
    assert first.akismet_params["comment_content"] == "The harbour wall needs work."
    assert first.akismet_params["blog_lang"] == "en"
    other.refresh_from_db()
    assert (other.author_name, other.author_email) == ("Bob", "bob@example.com")
    assert _export("ada@example.com")["comments"] == []


def test_erase_with_delete_text_removes_the_text_too(ada):
    first = ada[0]
    call_command("commenter_data", "erase", "ada@example.com", "--delete-text", stdout=StringIO())
    first.refresh_from_db()
    assert first.body == ERASED_TEXT
    assert first.akismet_params["comment_content"] == ""
    assert "and the text erased" in first.events.get(kind=Kind.DATA_ERASED).note


def test_erase_of_an_unknown_address_says_so(db):
    out = StringIO()
    call_command("commenter_data", "erase", "nobody@example.com", stdout=out)
    assert "No comments are held for nobody@example.com; nothing erased." in out.getvalue()


# --- the admin page: editors only -------------------------------------------------------


def test_editor_finds_and_exports_a_commenters_data(editor_client, editor, ada):
    page = editor_client.get(PAGE, {"email": "ada@example.com"})
    assert page.status_code == 200
    assert "2 comments from ada@example.com" in page.content.decode()
    response = editor_client.post(PAGE, {"email": "ada@example.com", "action": "export"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="commenter-data.json"'
    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["comment_count"] == 2
    event = ada[0].events.get(kind=Kind.DATA_EXPORTED)
    assert event.actor == editor
    assert event.note == "On request, via the admin, by editor."


def test_editor_erases_only_after_confirming(editor_client, editor, ada):
    first = ada[0]
    refused = editor_client.post(PAGE, {"email": "ada@example.com", "action": "erase"})
    assert refused.status_code == 400
    assert "Tick the box to confirm" in refused.content.decode()
    first.refresh_from_db()
    assert first.author_name == "Ada Lovelace"
    done = editor_client.post(
        PAGE,
        {"email": "ada@example.com", "action": "erase", "confirm": "yes", "delete_text": "yes"},
        follow=True,
    )
    assert "Personal data erased from 2 comments, text included." in done.content.decode()
    first.refresh_from_db()
    assert (first.author_name, first.body) == (ANONYMOUS_NAME, ERASED_TEXT)
    assert first.events.get(kind=Kind.DATA_ERASED).actor == editor


def test_a_malformed_address_in_the_admin_is_a_form_error(editor_client, db):
    response = editor_client.get(PAGE, {"email": "not an email"})
    assert response.status_code == 400
    assert "Enter the email address the commenter used" in response.content.decode()


def test_moderators_and_journalists_may_not_handle_data_requests(
    moderator_client, journalist_client, ada
):
    for client in (moderator_client, journalist_client):
        assert client.get(PAGE, {"email": "ada@example.com"}).status_code == 403
        post = {"email": "ada@example.com", "action": "erase", "confirm": "yes"}
        assert client.post(PAGE, post).status_code == 403
        assert (
            client.post(PAGE, {"email": "ada@example.com", "action": "export"}).status_code == 403
        )
    ada[0].refresh_from_db()
    assert ada[0].author_name == "Ada Lovelace"
    assert not CommentEvent.objects.filter(kind=Kind.DATA_EXPORTED).exists()


def test_anonymous_is_sent_to_the_login_page(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_comment_list_links_to_the_page_for_editors_only(editor_client, moderator_client, db):
    assert PAGE in editor_client.get("/admin/comments/comment/").content.decode()
    assert PAGE not in moderator_client.get("/admin/comments/comment/").content.decode()


def test_erase_post_needs_a_csrf_token(csrf_client, ada):
    editor = make_user("editor2", group="Editors")
    csrf_client.force_login(editor)
    post = {"email": "ada@example.com", "action": "erase", "confirm": "yes"}
    assert csrf_client.post(PAGE, post).status_code == 403
    ada[0].refresh_from_db()
    assert ada[0].author_name == "Ada Lovelace"


# --- /privacy/ --------------------------------------------------------------------------


def test_privacy_page_says_how_to_ask_for_a_copy_or_erasure(client, settings, db):
    settings.PRIVACY_EMAIL = "privacy@news.example"
    html = client.get("/privacy/").content.decode()
    assert 'href="mailto:privacy@news.example?subject=Comment%20data%20request"' in html
    assert "a copy" in html
    assert "erasure" in html
    assert "from the address you commented with" in html
