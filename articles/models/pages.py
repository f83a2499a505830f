"""Static pages (About, Contact), served at their own nested paths."""

from django.db import models
from django.urls import Resolver404, resolve
from django.utils import timezone

from core.sanitize import clean_body


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def in_footer(self):
        """Published top-level pages, as the footer lists them."""
        return self.published().filter(parent__isnull=True).order_by("position", "title", "pk")


class Page(models.Model):
    """A static page such as About or Contact, served at its own path.

    The path is the parent's path plus the slug (`/about/team/`), kept up to date
    on save for the page and its descendants. The body is sanitised like an
    article's. `old_path` is where the page lived before (a WordPress permalink);
    a redirect sends readers from there.
    """

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, help_text="The last part of the page's address.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Nest this page under another: its address starts with the parent's.",
    )
    path = models.CharField(max_length=500, unique=True, editable=False)
    body = models.TextField(blank=True)
    published = models.BooleanField(default=False)
    position = models.SmallIntegerField(
        default=0, help_text="Pages are listed in the footer in this order."
    )
    old_path = models.CharField(max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_body(self.body)
        previous_path = self.path
        self.path = self.build_path()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "path"}
        super().save(*args, **kwargs)
        if previous_path and previous_path != self.path:
            for child in self.children.all():
                child.save(update_fields=["path"])

    def get_absolute_url(self):
        return self.path

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.slug}/"

    @staticmethod
    def is_site_route(path: str) -> bool:
        """Whether one of the site's own URLs answers `path` (a page there would be hidden:
        pages are served only where nothing else is)."""
        try:
            resolve(path)
        except Resolver404:
            return False
        return True

    def ancestors(self) -> list["Page"]:
        chain, page = [], self.parent
        while page is not None:
            chain.insert(0, page)
            page = page.parent
        return chain
