"""The editors' discussion policy: one record, edited in place."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from ..models import DiscussionSettings


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
