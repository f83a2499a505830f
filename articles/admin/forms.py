"""The article form and the small forms of the editorial panel (workflow, notes, autosave)."""

from __future__ import annotations

import datetime
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from core.sanitize import body_text, clean_body

from .. import revisions
from ..models import Article

# The editor's schema holds exactly what core.sanitize keeps, so opening and
# saving an article loses nothing; the Newsroom* extensions (static/js/
# prose_newsroom.js, registered in settings) add the lead paragraph, the pull
# quote and its attribution, <cite> and the image's `loading`.
BODY_EDITOR_EXTENSIONS = {
    "Paragraph": False,
    "NewsroomParagraph": True,
    "Bold": True,
    "Italic": True,
    "Cite": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": False,
    "NewsroomBlockquote": True,
    "Attribution": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Figure": True,
    "Caption": True,
    "NewsroomImage": True,
}
# NewsroomImage is the image node Figure needs; the editor's check only knows "Image".
warnings.filterwarnings("ignore", message="Extension 'Figure' typically requires 'Image'")


class ArticleAdminForm(forms.ModelForm):
    """The article form, with the body editor and optimistic locking.

    `loaded_version` carries the article's version from when the form was
    rendered; saving is refused if the article has been saved since.
    """

    body = ProseEditorFormField(
        # The browser's spell checker is on: the editor's default turns it off.
        config={"extensions": {**BODY_EDITOR_EXTENSIONS, "NoSpellCheck": False}},
        sanitize=clean_body,
        required=False,
        widget=AdminProseEditorWidget,
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    show_as_updated = forms.BooleanField(
        label="Show as updated",
        required=False,
        help_text=(
            "Tick for a substantive change readers should know about: the article will say "
            "“Updated” with today's date. Leave it unticked for typo fixes and tidying."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "standfirst",
            "body",
            "section",
            "tags",
            "featured_image",
            "featured_image_alt",
            "featured_image_caption",
            "featured_image_credit",
            "published_at",
            "is_editors_pick",
            "comment_policy",
            "seo_title",
            "meta_description",
        ]
        widgets = {
            "meta_description": forms.Textarea(
                attrs={"rows": 2, "maxlength": 160, "data-counter": "160"}
            ),
            "seo_title": forms.TextInput(attrs={"maxlength": 70, "data-counter": "70"}),
            "standfirst": forms.Textarea(attrs={"rows": 3, "data-counter": "400"}),
        }
        labels = {
            "title": "Headline",
            "featured_image_alt": "Alt text",
            "featured_image_caption": "Caption",
            "featured_image_credit": "Credit",
            "seo_title": "SEO headline",
        }
        help_texts = {
            "published_at": (
                "Newsroom time ({tz}). Changing it changes the article's address; "
                "the old one redirects."
            ),
            "meta_description": (
                "Shown under the headline in search results. Aim for 120–160 characters; "
                "leave empty to use the standfirst."
            ),
            "seo_title": "Optional headline for search engines, up to 70 characters.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "published_at" in self.fields:
            field = self.fields["published_at"]
            field.label = "Date and time"
            field.help_text = field.help_text.format(tz=timezone.get_current_timezone_name())
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean_published_at(self):
        """The input shows minutes: an unchanged value keeps the stored seconds."""
        value = self.cleaned_data.get("published_at")
        stored = self.instance.published_at
        if value and stored and value == stored.replace(second=0, microsecond=0):
            return stored
        return value

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            loaded = cleaned.get("loaded_version")
            # Lock the row: the admin saves inside a transaction, so nobody can
            # save between this check and our save.
            current = (
                # NO KEY: editors still wait for each other, but a comment posted on
                # the article (its foreign key checked FOR KEY SHARE) does not.
                Article.objects.select_for_update(no_key=True)
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if loaded is None or loaded != current:
                raise ValidationError(
                    revisions.stale_message(
                        self.instance,
                        "Your changes were not saved: copy them, reload the page and apply "
                        "them to the current version.",
                    ),
                    code="stale",
                )
        return cleaned


class WorkflowForm(forms.Form):
    """The workflow panel's own inputs: the note and, for Schedule, the time."""

    _workflow_note = forms.CharField(required=False, max_length=5000)
    _workflow_at = forms.CharField(required=False)


class NoteForm(forms.Form):
    note = forms.CharField(max_length=5000)


class WithdrawForm(forms.Form):
    note = forms.CharField(required=False, max_length=5000)


class AutosaveForm(forms.Form):
    """What the form's script posts every minute (CharField refuses NUL bytes)."""

    title = forms.CharField(required=False, strip=False)
    slug = forms.CharField(required=False, max_length=200)
    standfirst = forms.CharField(required=False, strip=False)
    body = forms.CharField(required=False, strip=False)
    loaded_version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)

    def has_words(self) -> bool:
        data = self.cleaned_data
        return bool(data["title"].strip() or body_text(clean_body(data["body"])))


def parse_local_datetime(value: str) -> datetime.datetime | None:
    """Parse an <input type=datetime-local> value in the site's time zone."""
    try:
        parsed = parse_datetime(value.strip()) if value else None
    except ValueError:  # well-formed but impossible, e.g. 2030-02-30T10:00
        return None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
