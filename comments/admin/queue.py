"""The moderators' daily tool: the comment queue, its actions, history and replies.

Every decision goes through comments/moderation.py (which writes the events
and queues the reports to Akismet). Deciding needs `comments.moderate_comment`,
checked on the server for actions, buttons, replies and one-click links alike.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from .. import moderation
from ..models import Comment, CommentEvent, DiscussionSettings
from . import decisions, personal_data, statistics
from .display import readable_text
from .filters import HoldReasonFilter, StatusFilter

MODERATE_PERM = "comments.moderate_comment"

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


class CommentEventInline(admin.TabularInline):
    model = CommentEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "actor", "note"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]
    verbose_name = "history entry"
    verbose_name_plural = "History"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("comments.view_commentevent") or request.user.has_perm(
            "comments.view_comment"
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    # The first column is replaced per request by get_list_display's text column.
    list_display = [
        "excerpt_column",
        "author_column",
        "hold_column",
        "status_column",
        "created_at",
    ]
    list_display_links = None  # each row links to its comment's page from its text column
    list_filter = [StatusFilter, HoldReasonFilter, "spam_verdict", "is_staff_reply", "created_at"]
    list_select_related = ["article"]
    search_fields = ["author_name", "author_email", "ip_address", "body"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 100
    show_full_result_count = False
    date_hierarchy = None
    actions = [
        "approve_selected",
        "spam_selected",
        "not_spam_selected",
        "trash_selected",
        "unapprove_selected",
        "recheck_selected",
    ]
    inlines = [CommentEventInline]
    readonly_fields = [
        "article_column",
        "parent",
        "author_name",
        "author_email",
        "author_url",
        "body",
        "user",
        "is_staff_reply",
        "ip_address",
        "user_agent",
        "referrer",
        "status",
        "hold_column",
        "spam_verdict",
        "check_attempts",
        "next_check_at",
        "created_at",
        "moderated_by",
        "moderated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "article_column",
                    "parent",
                    "body",
                    "status",
                    "hold_column",
                    "spam_verdict",
                ]
            },
        ),
        (
            "Commenter",
            {"fields": ["author_name", "author_email", "author_url", "user", "is_staff_reply"]},
        ),
        (
            "As submitted (sent to Akismet)",
            {"fields": ["ip_address", "user_agent", "referrer", "created_at"]},
        ),
        (
            "Moderation",
            {"fields": ["moderated_by", "moderated_at", "check_attempts", "next_check_at"]},
        ),
    ]
    change_form_template = "admin/comments/comment/change_form.html"
    change_list_template = "admin/comments/comment/change_list.html"
    # Say what happens: replies are kept and move up a level (CommentQuerySet.delete).
    delete_confirmation_template = "admin/comments/comment/delete_confirmation.html"
    delete_selected_confirmation_template = (
        "admin/comments/comment/delete_selected_confirmation.html"
    )

    # Permissions -------------------------------------------------------------------

    def has_add_permission(self, request):
        # Comments come from readers; moderators reply from a comment's page.
        return False

    def has_personal_data_permission(self, request) -> bool:
        """Commenters' data requests (export, erase): editors, who may delete comments;
        not moderators, whose work is the queue."""
        return request.user.has_perm("comments.delete_comment")

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm(MODERATE_PERM)

    def _require_moderator(self, request):
        if not self.has_moderate_permission(request):
            raise PermissionDenied

    # Columns -------------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(approved_count=approved_count_subquery())

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

    # Actions ---------------------------------------------------------------------------

    def _run(self, request, queryset, decide, verb: str):
        count = decide(list(queryset.values_list("pk", flat=True)), actor=request.user)
        self.message_user(
            request, f"{count} comment{'s' if count != 1 else ''} {verb}.", messages.SUCCESS
        )

    @admin.action(description="Approve", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._run(request, queryset, moderation.approve, "approved")

    @admin.action(
        description="Spam (reported to Akismet if it had passed them)", permissions=["moderate"]
    )
    def spam_selected(self, request, queryset):
        self._run(request, queryset, moderation.mark_spam, "marked as spam")

    @admin.action(
        description="Not spam (approved; reported to Akismet if it had caught them)",
        permissions=["moderate"],
    )
    def not_spam_selected(self, request, queryset):
        self._run(request, queryset, moderation.mark_not_spam, "marked as not spam and approved")

    @admin.action(description="Trash", permissions=["moderate"])
    def trash_selected(self, request, queryset):
        self._run(request, queryset, moderation.trash, "moved to Trash")

    @admin.action(description="Check for spam again (pending only)", permissions=["moderate"])
    def recheck_selected(self, request, queryset):
        count = moderation.recheck(list(queryset.values_list("pk", flat=True)), actor=request.user)
        self.message_user(
            request, f"{count} pending comment{'s' if count != 1 else ''} sent to Akismet again."
        )

    # Views ------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("empty-spam/", wrap(self.empty_spam_view), name="comments_comment_empty_spam"),
            path(
                "personal-data/",
                wrap(self.personal_data_view),
                name="comments_comment_personal_data",
            ),
            path(
                "statistics/",
                wrap(self.statistics_view),
                name="comments_comment_statistics",
            ),
            path("link/<str:token>/", wrap(self.link_view), name="comments_comment_link"),
            path(
                "<int:pk>/reply/",
                wrap(require_POST(self.reply_view)),
                name="comments_comment_reply",
            ),
            path(
                "<int:pk>/decide/<str:action>/",
                wrap(require_POST(self.decide_view)),
                name="comments_comment_decide",
            ),
            *super().get_urls(),
        ]

    DECISIONS = {
        "approve": (moderation.approve, "approved"),
        "spam": (moderation.mark_spam, "marked as spam"),
        "not-spam": (moderation.mark_not_spam, "marked as not spam and approved"),
        "trash": (moderation.trash, "moved to Trash"),
        "unapprove": (moderation.unapprove, "sent back to the queue"),
    }

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_moderate": self.has_moderate_permission(request),
            "can_manage_personal_data": self.has_personal_data_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_moderate": self.has_moderate_permission(request),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request: HttpRequest, pk: int, action: str):
        return decisions.decide_view(self, request, pk, action)

    def reply_view(self, request: HttpRequest, pk: int):
        return decisions.reply_view(self, request, pk)

    def link_view(self, request: HttpRequest, token: str):
        return decisions.link_view(self, request, token)

    def empty_spam_view(self, request: HttpRequest):
        return decisions.empty_spam_view(self, request)

    def personal_data_view(self, request: HttpRequest):
        """A commenter's data request: find their comments by email, export or erase them."""
        if not self.has_personal_data_permission(request):
            raise PermissionDenied
        return personal_data.personal_data_view(self, request)

    def statistics_view(self, request: HttpRequest):
        """Spam statistics for those who moderate (editors and moderators)."""
        self._require_moderator(request)
        return statistics.statistics_view(self, request)

    # Actions from the list: "Unapprove" for approved comments sent back by mistake.
    @admin.action(description="Unapprove (back to the queue)", permissions=["moderate"])
    def unapprove_selected(self, request, queryset):
        self._run(request, queryset, moderation.unapprove, "sent back to the queue")
