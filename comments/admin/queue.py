"""The moderators' daily tool: the comment queue, its actions, history and replies.

Every decision goes through comments/moderation.py (which writes the events
and queues the reports to Akismet). Deciding needs `comments.moderate_comment`,
checked on the server for actions, buttons, replies and one-click links alike.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import path
from django.views.decorators.http import require_POST

from ..models import Comment, CommentEvent
from . import decisions, personal_data, statistics
from .actions import QueueActions
from .columns import QueueColumns, approved_count_subquery
from .filters import HoldReasonFilter, StatusFilter

MODERATE_PERM = "comments.moderate_comment"


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
class CommentAdmin(QueueColumns, QueueActions, admin.ModelAdmin):
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

    # The list (its columns are in columns.py, its actions in actions.py) --------------

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(approved_count=approved_count_subquery())

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
