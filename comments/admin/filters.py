"""List filters of the moderation queue."""

from django.contrib import admin
from django.db.models import Count

from ..models import Comment


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


class HoldReasonFilter(admin.SimpleListFilter):
    """Why pending comments wait, with how many wait for each reason (one query)."""

    title = "why it waits"
    parameter_name = "held"

    def lookups(self, request, model_admin):
        counts = dict(
            Comment.objects.pending()
            .exclude(hold_kind="")
            .order_by()
            .values_list("hold_kind")
            .annotate(n=Count("pk"))
        )
        return [
            (value, f"{label} ({counts.get(value, 0)})")
            for value, label in Comment.HoldKind.choices
        ]

    def queryset(self, request, queryset):
        if self.value() in Comment.HoldKind.values:
            return queryset.filter(status=Comment.Status.PENDING, hold_kind=self.value())
        return queryset
