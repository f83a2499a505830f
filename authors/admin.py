"""Author profiles in the admin.

Anyone holding `authors.change_any_author` (editors) edits every profile. Others
with the add/change permissions (journalists) may create profiles for contributors
without accounts (the byline picker's "+" opens this form in a popup) and edit
their own profile; everyone else's is shown read-only. Who a profile belongs to
(`user`), its internal email and whether it is active are editors' business.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import Author

CONTRIBUTOR_FIELDS = ["name", "slug", "job_title", "bio", "website", "photo"]


def edits_all(user) -> bool:
    return user.has_perm("authors.change_any_author")


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    search_fields = ["name", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or edits_all(request.user):
            return allowed
        return obj.user_id is not None and obj.user_id == request.user.pk

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and edits_all(request.user)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj) if edits_all(request.user) else CONTRIBUTOR_FIELDS
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only: the bio as readers see it, not its HTML source.
            fields = [("bio_as_read" if f == "bio" else f) for f in fields]
        return fields

    @admin.display(description="Bio")
    def bio_as_read(self, obj):
        # Stored clean (core.sanitize.clean_bio on save).
        return format_html('<div class="prose-readonly">{}</div>', mark_safe(obj.bio))  # noqa: S308 - stored clean

    def get_list_display(self, request):
        if edits_all(request.user):
            return self.list_display
        return ["name", "job_title", "is_active"]
