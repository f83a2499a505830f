"""The reader's comment form.

Field names follow what browsers autofill (name, email, url). Everything is
stored as typed (surrounding whitespace, control characters and Unicode
bidirectional overrides aside) and escaped on output.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, URLValidator

from core.client_ip import client_ip

from .models import Comment

DUPLICATE_MESSAGE = "It looks as though you’ve already said that."
HONEYPOT_FIELD = "homepage"


# Bidirectional overrides and isolates (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI):
# they can make a name read backwards in the moderation queue. Never needed in input.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Direction marks (LRM, RLM, ALM) are legitimate inside right-to-left prose, so
# only one-line fields (name, email, website) lose them.
_BIDI_MARKS = frozenset("\u200e\u200f\u061c")
_LINE_BREAKS = frozenset("\n\r\t")


def strip_invisible(value: str, *, multiline: bool = False) -> str:
    """`value` without control characters and bidi overrides/isolates.

    One-line fields also lose direction marks, and their tabs and line breaks
    become spaces; `multiline` text keeps tabs and line breaks. NUL is left in
    place for Django's own validator to refuse ("Null characters are not allowed").
    """
    out = []
    for ch in value:
        if ch == "\x00":
            out.append(ch)
        elif ch in _LINE_BREAKS or ch in "\v\f":
            out.append(ch if multiline and ch in _LINE_BREAKS else " ")
        elif not _invisible(ch, multiline=multiline):
            out.append(ch)
    return "".join(out)


def _invisible(ch: str, *, multiline: bool) -> bool:
    if ch in _BIDI_CONTROLS or (not multiline and ch in _BIDI_MARKS):
        return True
    return unicodedata.category(ch) == "Cc"


class _StripsInvisible:
    """Field mixin: strip_invisible() before the field's own cleaning and validation."""

    multiline = False

    def to_python(self, value):
        if isinstance(value, str):
            value = strip_invisible(value, multiline=self.multiline)
        return super().to_python(value)


class TextField(_StripsInvisible, forms.CharField):
    pass


class CommentTextField(_StripsInvisible, forms.CharField):
    multiline = True


class AddressField(_StripsInvisible, forms.EmailField):
    pass


class WebsiteField(_StripsInvisible, forms.URLField):
    """An http(s) address only (URLField alone also takes ftp://), with one message."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CommentForm(forms.Form):
    comment = CommentTextField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Please write a comment."},
    )
    name = TextField(
        label="Name",
        max_length=100,
        error_messages={"required": "Please give a name to publish with your comment."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = AddressField(
        label="Email",
        max_length=254,
        help_text="Never published.",
        error_messages={
            "required": "Please give your email address; it is never published.",
            "invalid": "Please enter a valid email address, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    url = WebsiteField(
        label="Website",
        max_length=200,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Please enter a web address starting with http:// or https://."},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    remember = forms.BooleanField(
        label="Save my name, email, and website in this browser for the next time I comment.",
        required=False,
    )
    # Validated here, not with str.isdigit() (which accepts "²", then int() refuses it);
    # the bounds keep any id the database is asked about inside a bigint.
    parent = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )
    # Hidden from people by CSS; bots fill it in. Its name sounds worth filling.
    homepage = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        max_length = settings.COMMENTS_MAX_LENGTH
        self.fields["comment"].max_length = max_length
        self.fields["comment"].widget.attrs["maxlength"] = str(max_length)
        self.fields["comment"].validators.append(
            MaxLengthValidator(
                max_length,
                message=(
                    f"Please keep your comment to {max_length:,} characters "
                    "(it has %(show_value)d)."
                ),
            )
        )

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def build_comment(self, *, article, parent, request) -> Comment:
        """An unsaved comment with the reader's input and the request data Akismet needs."""
        user = request.user if request.user.is_authenticated else None
        return Comment(
            article=article,
            parent=parent,
            author_name=self.cleaned_data["name"],
            author_email=self.cleaned_data["email"],
            author_url=self.cleaned_data.get("url") or "",
            body=self.cleaned_data["comment"],
            user=user,
            ip_address=client_ip(request),
            user_agent=_header(request, "HTTP_USER_AGENT", 1000),
            referrer=_header(request, "HTTP_REFERER", 2000),
        )


def _header(request, name: str, limit: int) -> str:
    """A request header as sent, minus NUL characters (PostgreSQL text cannot hold them)."""
    return request.META.get(name, "").replace("\x00", "")[:limit]
