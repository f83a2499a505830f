"""Disguised names: control characters and bidi overrides never reach the database.

A right-to-left override (U+202E) makes "moc.elpmaxe" read as "example.com" and
a name read backwards in the moderation queue; control characters hide text in
terminals and logs. They are stripped on input, from every field.
"""

import pytest

from comments.forms import CommentForm, strip_invisible
from comments.models import Comment
from tests.factories import make_article

from .helpers import comment_url, form_data, make_comment

RLO, LRO, PDF, RLI, PDI, LRM, RLM = (
    "\u202e",
    "\u202d",
    "\u202c",
    "\u2067",
    "\u2069",
    "\u200e",
    "\u200f",
)


@pytest.fixture
def article(db):
    return make_article(title="Harbour plans")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (f"Ada {RLO}nimdA{PDF}", "Ada nimdA"),
        (f"{LRO}Eve{PDF} {RLI}Mallory{PDI}", "Eve Mallory"),
        (f"Bob{LRM}{RLM}", "Bob"),
        ("Ring\x07the\x1bbell\x7f\x85", "Ringthebell"),
        ("Tab\tand\nnewline", "Tab and newline"),
        ("\u202a\u202b\u2066\u2068Zoë", "Zoë"),
    ],
)
def test_name_loses_controls_and_bidi_characters(typed, stored):
    assert strip_invisible(typed).strip() == stored


def test_comment_text_keeps_line_breaks_and_direction_marks_but_not_overrides():
    """Marks are ordinary punctuation in right-to-left prose; overrides are not."""
    text = f"First line\r\nsecond\tline {RLM}שלום{LRM}\x1b[31m {RLO}desrever{PDF}"
    assert strip_invisible(text, multiline=True) == (
        f"First line\r\nsecond\tline {RLM}שלום{LRM}[31m desrever"
    )


def test_posted_comment_is_stored_without_disguises(
    client, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            comment_url(article),
            form_data(
                name=f"{RLO}nomis{PDF}\x08",
                email=f"{LRM}simon@example.com{RLO}",
                url=f"https://example.com/{RLO}gpj.exe",
                comment=f"Hello\x1b there\n{RLI}friend{PDI}\x07",
            ),
        )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author_name == "nomis"
    assert comment.author_email == "simon@example.com"
    assert comment.author_url == "https://example.com/gpj.exe"
    assert comment.body == "Hello there\nfriend"


def test_a_name_of_nothing_but_invisible_characters_is_refused(article):
    form = CommentForm(form_data(name=f"{RLO}{PDF}\x07 "))
    assert not form.is_valid()
    assert form.errors["name"] == ["Please give a name to publish with your comment."]


def test_nul_is_still_refused_not_silently_removed(article):
    form = CommentForm(form_data(comment="bad\x00byte"))
    assert not form.is_valid()
    assert "comment" in form.errors


def test_names_stored_before_cleaning_are_isolated_where_shown(article, moderator_client, client):
    """A name saved with an override (before input was cleaned) is wrapped in <bdi>, so it
    cannot reverse the email and IP address shown after it in the moderation queue."""
    make_comment(article, author_name=f"{RLO}moc.elpmaxe", author_email="x@example.com")
    queue = moderator_client.get("/admin/comments/comment/").content.decode()
    assert f"<bdi>{RLO}moc.elpmaxe</bdi></strong><br><small>x@example.com</small>" in queue
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"<bdi>{RLO}moc.elpmaxe</bdi>" in page
