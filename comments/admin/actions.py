"""The moderation queue's bulk actions, and the decisions a row button or a one-click
link may take (`DECISIONS`, read by decisions.py). All go through comments/moderation.py."""

from __future__ import annotations

from django.contrib import admin, messages

from .. import moderation


class QueueActions:
    """The actions of CommentAdmin's list (a mixin: `permissions=["moderate"]` is
    CommentAdmin's `has_moderate_permission`)."""

    DECISIONS = {
        "approve": (moderation.approve, "approved"),
        "spam": (moderation.mark_spam, "marked as spam"),
        "not-spam": (moderation.mark_not_spam, "marked as not spam and approved"),
        "trash": (moderation.trash, "moved to Trash"),
        "unapprove": (moderation.unapprove, "sent back to the queue"),
    }

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

    @admin.action(description="Unapprove (back to the queue)", permissions=["moderate"])
    def unapprove_selected(self, request, queryset):
        self._run(request, queryset, moderation.unapprove, "sent back to the queue")
