"""An import started from the admin: the uploaded file, its progress and its summary."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible(path="wordpress.models.UploadStorage")
class UploadStorage(FileSystemStorage):
    """Uploaded exports live in WXR_UPLOAD_ROOT, outside MEDIA_ROOT: they hold commenters'
    emails and IP addresses and must never be served. Read from settings at each use."""

    @property
    def base_location(self):
        return str(settings.WXR_UPLOAD_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


upload_storage = UploadStorage()


class ImportRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed: nothing was imported"

    file = models.FileField(upload_to="%Y/%m/", storage=upload_storage, blank=True)
    original_name = models.CharField(max_length=255)
    options = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    items_done = models.PositiveIntegerField(default=0)
    items_total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "WordPress import"

    def __str__(self):
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
