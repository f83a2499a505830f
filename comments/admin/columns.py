"""The moderation queue's columns: the comment's text with its row buttons, the
commenter, why it waits, its status; and the per-row count of approved comments."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..models import Comment, DiscussionSettings
from .display import readable_text

# The one-click buttons each row offers, by the comment's status: (decision, label).
ROW_DECISIONS = {
    Comment.Status.PENDING: [("approve", "Approve"), ("spam", "Spam"), ("trash", "Trash")],
    Comment.Status.APPROVED: [("unapprove", "Unapprove"), ("spam", "Spam"), ("trash", "Trash")],
    Comment.Status.SPAM: [("not-spam", "Not spam"), ("trash", "Trash")],
    Comment.Status.TRASH: [("approve", "Restore and approve"), ("spam", "Spam")],
}


def approved_count_subquery():
    """The number of approved comments with the row's email: one correlated
    subquery in the list's own query (served by the (author_email, status) index)."""
    counts = (
        Comment.objects.approved()
        .filter(author_email=OuterRef("author_email"))
        .order_by()
        .values("author_email")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


class QueueColumns:
    """The columns of CommentAdmin's list (a mixin: it needs `has_moderate_permission`
    and a queryset annotated with `approved_count_subquery()`)."""

    def get_list_display(self, request):
        """The text column highlights this policy's keywords (read once per request);
        the row buttons are there only for those who may decide."""
        keywords = DiscussionSettings._keys(DiscussionSettings.load().moderation_keys)
        can_decide = self.has_moderate_permission(request)

        @admin.display(description="Comment")
        def text_column(obj: Comment):
            # The buttons sit under the text, as WordPress's row actions do: where the
            # eye already is, and never in a column pushed off a narrow screen.
            return format_html(
                '{}<p class="queue-where">On <a href="{}">{}</a> · <a href="{}">Details and '
                "history</a></p>{}",
                readable_text(obj.body, keywords),
                self.place_url(obj),
                obj.article.title,
                reverse("admin:comments_comment_change", args=[obj.pk]),
                self.decide_buttons(obj) if can_decide else "",
            )

        return [text_column, *self.list_display[1:]]

    @staticmethod
    def place_url(obj: Comment) -> str:
        """Where the comment is on the public page (its permalink once it is visible)."""
        if obj.status == Comment.Status.APPROVED:
            return obj.get_absolute_url()
        return obj.article.get_absolute_url() + "#comments"

    @admin.display(description="Comment", ordering="created_at")
    def excerpt_column(self, obj: Comment):
        return obj.excerpt or "(empty)"

    @admin.display(description="Author", ordering="author_name")
    def author_column(self, obj: Comment):
        # <bdi>: a name stored before input was cleaned of bidi overrides cannot
        # reverse the email and address printed after it.
        website = (
            format_html(
                '<br><a href="{}" rel="nofollow noopener noreferrer">{}</a>',
                obj.author_url,
                obj.author_url,
            )
            if obj.author_url
            else ""
        )
        approved = getattr(obj, "approved_count", None)
        count = (
            format_html(
                '<br><span class="queue-approved">{} approved comment{}</span>',
                approved,
                "" if approved == 1 else "s",
            )
            if approved is not None
            else ""
        )
        return format_html(
            "<strong><bdi>{}</bdi></strong><br><small>{}</small>{}<br><small>{}</small>{}",
            obj.author_name,
            obj.author_email,
            website,
            obj.ip_address or "IP blanked",
            count,
        )

    @admin.display(description="Why it waits", ordering="hold_kind")
    def hold_column(self, obj: Comment):
        if not obj.hold_kind or obj.status != Comment.Status.PENDING:
            return "—"
        return format_html(
            '<span class="queue-hold queue-hold--{}">{}</span><br><small>{}</small>',
            obj.hold_kind,
            obj.get_hold_kind_display(),
            obj.hold_note,
        )

    @staticmethod
    def decide_buttons(obj: Comment):
        """One button per decision; they submit the list's own form to the decide view
        (a form cannot nest in the list's form), moderation.js posts them in place."""
        buttons = format_html_join(
            "",
            '<button type="submit" class="button row-decision row-decision--{}" '
            'formaction="{}" data-decision="{}" data-key="{}">{}</button>',
            (
                (
                    decision,
                    reverse("admin:comments_comment_decide", args=[obj.pk, decision]),
                    decision,
                    decision[0] if decision in ("approve", "spam", "trash") else "",
                    label,
                )
                for decision, label in ROW_DECISIONS.get(obj.status, [])
            ),
        )
        return format_html(
            '<div class="row-decisions" data-comment="{}">{}'
            '<span class="row-decisions__result" role="status"></span></div>',
            obj.pk,
            buttons,
        )

    @admin.display(description="Article", ordering="article__title")
    def article_column(self, obj: Comment):
        return format_html('<a href="{}">{}</a>', obj.article.get_absolute_url(), obj.article.title)

    @admin.display(description="Status", ordering="status")
    def status_column(self, obj: Comment):
        return format_html(
            '<span class="queue-status">{}</span><br><small>Akismet: {}</small>',
            obj.get_status_display(),
            obj.get_spam_verdict_display(),
        )

    @admin.display(description="Akismet", ordering="spam_verdict")
    def verdict_column(self, obj: Comment):
        return format_html(
            '<span class="comment-verdict comment-verdict--{}">{}</span>',
            obj.spam_verdict,
            obj.get_spam_verdict_display(),
        )
