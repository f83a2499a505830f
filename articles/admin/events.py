"""The workflow history, read-only."""

from django.contrib import admin

from .. import permissions
from ..models import ArticleEvent


@admin.register(ArticleEvent)
class ArticleEventAdmin(admin.ModelAdmin):
    list_display = ["article", "from_status", "to_status", "actor", "created_at"]
    list_select_related = ["article", "actor"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(article__in=permissions.visible_articles(request.user))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
