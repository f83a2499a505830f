"""The article list's filters: workflow state, mine, author."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone

from authors.models import Author

from .. import permissions
from ..models import Byline


class WorkflowStateFilter(admin.SimpleListFilter):
    """Status as a newsroom thinks of it: scheduled is published-but-not-yet-due."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("in_review", "Waiting for review"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "draft":
                return queryset.drafts()
            case "in_review":
                return queryset.in_review()
            case "scheduled":
                return queryset.scheduled(now)
            case "live":
                return queryset.live(now)
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = "whose"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "Mine")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(permissions.owned_q(request.user))
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        with_bylines = Author.objects.filter(
            Exists(Byline.objects.filter(author=OuterRef("pk")))
        ).order_by("name")
        return [(str(pk), name) for pk, name in with_bylines.values_list("pk", "name")]

    def queryset(self, request, queryset):
        if self.value():
            value = self.value()
            if not (value.isascii() and value.isdigit() and int(value) < 2**63):
                return queryset.none()  # a mangled ?author= matches nothing, not a 500
            return queryset.filter(
                Exists(Byline.objects.filter(article=OuterRef("pk"), author_id=value))
            )
        return queryset
