"""The moderators' daily tool: the comment queue, its actions, history and replies.

Every decision goes through comments/moderation.py (which writes the events
and queues the reports to Akismet). Deciding needs `comments.moderate_comment`,
checked on the server for actions, buttons, replies and one-click links alike.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from . import moderation, privacy
from .models import Comment, CommentEvent, DiscussionSettings
from .notifications import read_token

MODERATE_PERM = "comments.moderate_comment"


class StatusFilter(admin.SimpleListFilter):
    """Pending / Approved / Spam / Trash with their counts (one GROUP BY query)."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        counts = dict(Comment.objects.order_by().values_list("status").annotate(n=Count("pk")))
        return [
            (value, f"{label} ({counts.get(value, 0)})") for value, label in Comment.Status.choices
        ]

    def queryset(self, request, queryset):
        if self.value() in Comment.Status.values:
            return queryset.filter(status=self.value())
        return queryset


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
    list_display = [
        "excerpt_column",
        "author_column",
        "article_column",
        "verdict_column",
        "status",
        "created_at",
    ]
    list_display_links = ["excerpt_column"]
    list_filter = [StatusFilter, "spam_verdict", "is_staff_reply", "created_at"]
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
        "spam_verdict",
        "check_attempts",
        "next_check_at",
        "created_at",
        "moderated_by",
        "moderated_at",
    ]
    fieldsets = [
        (None, {"fields": ["article_column", "parent", "body", "status", "spam_verdict"]}),
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

    @admin.display(description="Comment", ordering="created_at")
    def excerpt_column(self, obj: Comment):
        return obj.excerpt or "(empty)"

    @admin.display(description="Author", ordering="author_name")
    def author_column(self, obj: Comment):
        # <bdi>: a name stored before input was cleaned of bidi overrides cannot
        # reverse the email and address printed after it.
        return format_html(
            "<bdi>{}</bdi><br><small>{}</small><br><small>{}</small>",
            obj.author_name,
            obj.author_email,
            obj.ip_address or "IP blanked",
        )

    @admin.display(description="Article", ordering="article__title")
    def article_column(self, obj: Comment):
        return format_html('<a href="{}">{}</a>', obj.article.get_absolute_url(), obj.article.title)

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
        """One decision on one comment, from the buttons on its page."""
        self._require_moderator(request)
        if action not in self.DECISIONS:
            raise Http404("No such decision")
        comment = get_object_or_404(Comment, pk=pk)
        decide, verb = self.DECISIONS[action]
        decide([comment.pk], actor=request.user)
        self.message_user(request, f"Comment {verb}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[pk]))

    def reply_view(self, request: HttpRequest, pk: int):
        """Publish a moderator's reply at once, as a staff reply."""
        self._require_moderator(request)
        parent = get_object_or_404(Comment, pk=pk)
        try:
            reply = moderation.staff_reply(
                parent, actor=request.user, body=request.POST.get("body") or ""
            )
        except moderation.CannotReply as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(
                request,
                format_html(
                    'Reply published. <a href="{}">See it on the site</a>.',
                    reply.get_absolute_url(),
                ),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[pk]))

    def link_view(self, request: HttpRequest, token: str):
        """A one-click link from a notification email: GET confirms, POST acts."""
        self._require_moderator(request)
        try:
            comment_id, action = read_token(token)
        except signing.BadSignature:
            return TemplateResponse(
                request,
                "admin/comments/comment/confirm_link.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Link not valid",
                    "invalid": True,
                    "opts": self.opts,
                },
                status=400,
            )
        comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
        if comment is None:
            messages.info(request, "That comment no longer exists (spam is purged after a while).")
            return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))
        decide, verb = self.DECISIONS[action]
        if request.method == "POST":
            decide([comment.pk], actor=request.user)
            self.message_user(request, f"Comment {verb}.", messages.SUCCESS)
            return HttpResponseRedirect(
                reverse("admin:comments_comment_changelist") + "?status=pending"
            )
        return TemplateResponse(
            request,
            "admin/comments/comment/confirm_link.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{action.capitalize()} this comment?",
                "comment": comment,
                "action": action,
                "opts": self.opts,
            },
        )

    def empty_spam_view(self, request: HttpRequest):
        """Delete everything in the spam queue, after confirmation."""
        self._require_moderator(request)
        if request.method == "POST":
            count = moderation.empty_spam()
            self.message_user(request, f"{count} spam comment{'s' if count != 1 else ''} deleted.")
            return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))
        return TemplateResponse(
            request,
            "admin/comments/comment/empty_spam.html",
            {
                **self.admin_site.each_context(request),
                "title": "Empty spam",
                "count": Comment.objects.spam().count(),
                "opts": self.opts,
            },
        )

    def personal_data_view(self, request: HttpRequest):
        """A commenter's data request: find their comments by email, export or erase them."""
        if not self.has_personal_data_permission(request):
            raise PermissionDenied
        email = (request.POST.get("email") or request.GET.get("email") or "").strip()
        error = ""
        comments = None
        if email:
            try:
                comments = list(privacy.comments_of(email).select_related("article"))
            except privacy.InvalidEmail:
                error = "Enter the email address the commenter used, like name@example.com."
        if request.method == "POST" and comments is not None:
            action = request.POST.get("action")
            via = f"the admin, by {request.user.get_username()}"
            if action == "export":
                data = privacy.export(email, actor=request.user, via=via)
                response = JsonResponse(
                    data, json_dumps_params={"indent": 2, "ensure_ascii": False}
                )
                response["Content-Disposition"] = 'attachment; filename="commenter-data.json"'
                response["Cache-Control"] = "private, no-store"
                return response
            if action == "erase":
                if request.POST.get("confirm") != "yes":
                    error = "Tick the box to confirm the erasure."
                else:
                    delete_text = request.POST.get("delete_text") == "yes"
                    count = privacy.erase(
                        email, delete_text=delete_text, actor=request.user, via=via
                    )
                    self.message_user(
                        request,
                        f"Personal data erased from {count} comment{'s' if count != 1 else ''}"
                        + (", text included." if delete_text else "."),
                    )
                    return HttpResponseRedirect(reverse("admin:comments_comment_personal_data"))
            else:
                error = error or "Choose to export or to erase."
        return TemplateResponse(
            request,
            "admin/comments/comment/personal_data.html",
            {
                **self.admin_site.each_context(request),
                "title": "Commenter’s personal data",
                "email": email,
                "comments": comments,
                "error": error,
                "opts": self.opts,
            },
            status=400 if error else 200,
        )


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    """One record: the list page goes straight to it."""

    fieldsets = [
        (
            "Holding and blocking",
            {"fields": ["hold_all", "max_links", "moderation_keys", "blocked_keys"]},
        ),
        ("Discussion", {"fields": ["close_after_days", "max_depth", "per_page"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not DiscussionSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if DiscussionSettings.objects.exists():
            url = reverse(
                "admin:comments_discussionsettings_change", args=[DiscussionSettings.SINGLETON_PK]
            )
        else:
            url = reverse("admin:comments_discussionsettings_add")
        return HttpResponseRedirect(url)
