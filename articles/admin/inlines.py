"""Bylines and corrections, edited inside the article form."""

from django.contrib import admin

from .. import permissions
from ..models import Byline, Correction


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author", "role"]
    ordering = ["position", "pk"]
    verbose_name_plural = "Bylines (in order: “By A and B”, then additional reporting)"


class CorrectionInline(admin.StackedInline):
    """Dated corrections and updates, appended by editors to published articles."""

    model = Correction
    extra = 0
    fields = ["kind", "body", "created_at"]
    verbose_name_plural = "Corrections and updates (shown at the end of the article)"

    def _allowed(self, request) -> bool:
        return permissions.is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)
