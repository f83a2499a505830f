"""Static pages and the redirects from a previous site's addresses."""

from django import forms
from django.contrib import admin

from ..models import Page, Redirect


class PageAdminForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "parent", "published", "position", "body"]
        help_texts = {
            # A plain HTML box, not the rich editor: imported pages carry images and
            # figures the editor does not offer, and must not lose them when edited.
            "body": "HTML. Cleaned on save like an article body (paragraphs, headings, "
            "lists, links, images, figures).",
        }

    def clean(self):
        cleaned = super().clean()
        slug, parent = cleaned.get("slug"), cleaned.get("parent")
        if slug:
            probe = Page(slug=slug, parent=parent)
            path = probe.build_path()
            if Page.objects.filter(path=path).exclude(pk=self.instance.pk).exists():
                self.add_error("slug", f"Another page already lives at {path}; change the slug.")
            elif Page.is_site_route(path):
                self.add_error(
                    "slug",
                    f"{path} is one of the site's own addresses; choose another.",
                )
            node = parent
            while node is not None and self.instance.pk:
                if node.pk == self.instance.pk:
                    self.add_error("parent", "A page cannot sit under itself.")
                    break
                node = node.parent
        return cleaned


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageAdminForm
    list_display = ["title", "path", "published", "position", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "path"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "old_path"]
    list_select_related = ["parent"]


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "target_display", "created_at"]
    search_fields = ["old_path", "target"]
    list_select_related = ["article", "page"]
    raw_id_fields = ["article", "page"]

    @admin.display(description="Goes to")
    def target_display(self, obj):
        return obj.target_url() or "— (not public)"
