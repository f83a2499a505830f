"""The admin's "Import from WordPress" page: upload an export, watch it, read the summary.

Only editors (and superusers) see or use it: the Editors group holds the ImportRun
permissions (wordpress/roles.py) and every view checks them, so journalists and
moderators get a 403.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from . import tasks
from .models import ImportRun


class UploadForm(forms.Form):
    file = forms.FileField(
        label="WordPress export (.xml)",
        help_text="In WordPress: Tools → Export → All content. "
        f"Up to {settings.WXR_MAX_UPLOAD_MB} MB.",
    )
    default_section = forms.CharField(
        required=False,
        max_length=80,
        help_text="The section of posts that have no category (created if needed).",
    )
    skip_comments = forms.BooleanField(required=False, label="Do not import comments")
    dry_run = forms.BooleanField(
        required=False,
        label="Dry run",
        help_text="Read the file and show what would be imported, without importing anything.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.WXR_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                f"This file is {upload.size / 1024 / 1024:.1f} MB; the limit is {limit} MB. "
                "Import it with `manage.py import_wxr` on the server instead."
            )
        return upload


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["original_name", "state", "created_by", "created_at", "finished_at"]
    list_select_related = ["created_by"]

    # Editors hold add/view/delete (wordpress/roles.py); the model permissions come from
    # the user's permission cache, so the admin's menu costs no query for them.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_active)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                run = self._start(request, form)
                return HttpResponseRedirect(
                    reverse("admin:wordpress_importrun_change", args=[run.pk])
                )
        else:
            form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import from WordPress",
            "form": form,
            "max_mb": settings.WXR_MAX_UPLOAD_MB,
        }
        return TemplateResponse(request, "admin/wordpress/upload.html", context)

    def _start(self, request, form) -> ImportRun:
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            run = ImportRun(
                original_name=upload.name[:255],
                created_by=request.user,
                options={
                    "default_section": form.cleaned_data["default_section"],
                    "skip_comments": form.cleaned_data["skip_comments"],
                    "dry_run": form.cleaned_data["dry_run"],
                },
            )
            run.file.save(upload.name, upload, save=False)
            run.save()
            transaction.on_commit(lambda: tasks.run_import.enqueue(run.pk))
        return run

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=object_id)
        done, total = tasks.progress_of(run) if run.is_active else (run.items_done, run.items_total)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Import of {run.original_name}",
            "run": run,
            "done": done,
            "total": total,
            "percent": int(100 * done / total) if total else 0,
            "rows": run.summary.get("rows", []),
            "warnings": run.summary.get("warnings", []),
            "images_remote": run.summary.get("images_remote", []),
        }
        return TemplateResponse(request, "admin/wordpress/run.html", context)
