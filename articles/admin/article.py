"""The authoring tool: the article admin, with the editorial workflow built in.

Who may do what is decided in articles/permissions.py (`can_view`, `can_edit`,
`is_editor`) and enforced here on every path — queryset, change/delete
permission, the extra views — so a crafted request gets a 403 or a message,
never more than the role allows. Workflow buttons post the article form with
`_workflow=<action>`; the form is saved first (so nothing typed is lost) and
then the transition function runs.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .. import permissions, preview, revisions, workflow
from ..models import Article, ArticlePresence, ArticleRedirect, Byline, Correction
from ..search import admin_search
from .editorial_views import EditorialViewsMixin
from .filters import AuthorFilter, MineFilter, WorkflowStateFilter
from .forms import ArticleAdminForm, WorkflowForm, parse_local_datetime
from .inlines import BylineInline, CorrectionInline


@admin.register(Article)
class ArticleAdmin(EditorialViewsMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["title", "state_badge", "section", "byline_names", "when"]
    list_filter = [WorkflowStateFilter, MineFilter, "section", AuthorFilter]
    list_select_related = ["section"]
    list_per_page = 50
    search_fields = ["title", "standfirst", "slug", "bylines__author__name"]
    search_help_text = "Search headlines, standfirsts, slugs and author names."
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section", "tags"]
    inlines = [BylineInline, CorrectionInline]
    save_on_top = True
    # One date-time input in the newsroom's time zone, not the admin's date + time pair.
    formfield_overrides = {
        models.DateTimeField: {
            "form_class": forms.DateTimeField,
            "widget": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
    }

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin_article.js"]

    # -- Per-object permissions --

    def get_queryset(self, request):
        queryset = super().get_queryset(request).with_bylines()
        return permissions.visible_articles(request.user, queryset)

    def get_changeform_initial_data(self, request):
        """Prefill from the query string (`?section=3&tags=1,2`), ignoring ids that are not ids.

        The autocomplete widgets look their initial values up in the database,
        so a mangled `?section=` would otherwise be a 500 instead of an empty field.
        """
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = Article._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.is_relation:
                continue
            try:
                for item in value if isinstance(value, list) else [value]:
                    field.target_field.clean(item, None)  # type and database range
            except ValidationError:
                del initial[name]
        return initial

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.is_editor(request.user))

    # -- Form layout --

    def get_fieldsets(self, request, obj=None):
        """In the order a newsroom writes: headline and standfirst, then the bylines
        (the inline, placed after this first fieldset by the template), section and
        tags, the body, the picture; publishing; discussion and SEO folded away."""
        editable = obj is None or self.has_change_permission(request, obj)
        editor = permissions.is_editor(request.user)
        heading = ["title", "slug", "standfirst"]
        if editable:
            heading.append("loaded_version")
        publishing = ["status", "is_editors_pick" if editor else "must_read"]
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            # Before that, "when" is chosen in the workflow panel, beside its buttons.
            publishing.insert(1, "published_at")
        if obj is not None and obj.published_at and editor:
            # Only once there is a publication to update (a republish counts too).
            publishing.insert(2, "show_as_updated")
        return [
            (None, {"fields": heading}),
            ("Section and tags", {"fields": ["section", "tags"]}),
            # Read-only: the words as readers see them.
            ("Body", {"fields": ["body" if editable else "body_as_read"]}),
            (
                "Featured image",
                {
                    "fields": [
                        "featured_image",
                        "featured_image_alt",
                        "featured_image_caption",
                        "featured_image_credit",
                    ]
                },
            ),
            ("Publishing", {"fields": publishing}),
            ("Discussion", {"fields": ["comment_policy"], "classes": ["collapse"]}),
            (
                "Search engines",
                {"fields": ["seo_title", "meta_description"], "classes": ["collapse"]},
            ),
        ]

    @admin.display(description="Must read")
    def must_read(self, obj):
        # A plain answer for those who cannot change it (the admin would draw an icon).
        return "Yes" if obj is not None and obj.is_editors_pick else "No"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "show_as_updated" not in flatten_fieldsets(self.get_fieldsets(request, obj)):
            # A declared field the layout leaves out would still be posted and read.
            form.base_fields.pop("show_as_updated", None)
        return form

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status"]
        if not permissions.is_editor(request.user):
            # Dates (and so addresses) and the "Must read" flag are editors' decisions.
            readonly += ["published_at", "is_editors_pick", "must_read"]
        return readonly

    def get_inlines(self, request, obj):
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            return [BylineInline, CorrectionInline]
        return [BylineInline]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        # "Restore unsaved work": load this user's autosave into the form (not the article).
        wanted = request.GET.get("autosave")
        if obj is not None and request.method == "GET" and wanted:
            found = revisions.pending_autosave(obj, user=request.user)
            if found is not None and str(found.pk) == wanted:
                obj.title, obj.standfirst, obj.body = found.title, found.standfirst, found.body
                request._newsroom_restored_autosave = found
        return obj

    @admin.display(description="Body")
    def body_as_read(self, obj):
        # Stored clean (core.sanitize on save), as the public page renders it.
        return format_html('<div class="prose-readonly">{}</div>', mark_safe(obj.body))  # noqa: S308 - stored clean

    # -- List columns --

    @admin.display(description="State", ordering="status")
    def state_badge(self, obj):
        kind, label = obj.state
        if kind == "scheduled":
            when = timezone.localtime(obj.published_at)
            return format_html(
                # The time is in the Date column beside it (and in the tooltip).
                '<span class="badge badge--scheduled" title="Goes live {}">{}</span>',
                f"{when:%d %B %Y %H:%M}",
                label,
            )
        return format_html('<span class="badge badge--{}">{}</span>', kind, label)

    @admin.display(description="Date", ordering="published_at")
    def when(self, obj):
        # One date column keeps the list readable on a laptop: the publication time
        # once there is one, otherwise when the draft was last edited.
        if obj.published_at:
            return format_html(
                "<time>{}</time>", f"{timezone.localtime(obj.published_at):%d %b %Y, %H:%M}"
            )
        return format_html(
            '<span class="quiet">edited {}</span>',
            f"{timezone.localtime(obj.updated_at):%d %b, %H:%M}",
        )

    @admin.display(description="Byline")
    def byline_names(self, obj):
        # Reads the prefetched bylines: no query per row.
        return format_html_join(
            ", ",
            '<span class="byline-name byline-name--{}">{}</span>',
            ((b.role, b.author.name) for b in obj.bylines.all()),
        )

    # -- View on site: the signed preview until the article is live --

    def get_view_on_site_url(self, obj=None):
        if obj is None:
            return None
        if obj.is_live():
            return obj.get_absolute_url()
        return preview.preview_url(obj)

    # -- Saving --

    def save_model(self, request, obj, form, change):
        old = None
        if change:
            revisions.ensure_baseline(obj)
            old = Article.objects.filter(pk=obj.pk).values("slug", "published_at", "status").get()
            obj.version = (form.cleaned_data.get("loaded_version") or obj.version) + 1
        elif obj.created_by_id is None:
            obj.created_by = request.user
        if form.cleaned_data.get("show_as_updated") and permissions.is_editor(request.user):
            obj.revised_at = timezone.now()
        super().save_model(request, obj, form, change)
        if old and old["status"] == Article.Status.PUBLISHED:
            ArticleRedirect.remember(
                obj, old_slug=old["slug"], old_published_at=old["published_at"]
            )
        revisions.snapshot(obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        profile = getattr(request.user, "author_profile", None)
        # `_autodraft`: the add form, already kept as a draft by its first autosave.
        first_save = not change or request.POST.get("_autodraft") == "1"
        if first_save and profile is not None and not article.bylines.exists():
            # A journalist's new article carries their byline unless they chose others.
            Byline.objects.create(article=article, author=profile, position=0)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Correction) and instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get("_workflow"):
            self._run_workflow(request, obj, request.POST["_workflow"])
            return HttpResponseRedirect(self._change_url(obj))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if request.POST.get("_workflow"):
            self._run_workflow(request, obj, request.POST["_workflow"])
            return HttpResponseRedirect(self._change_url(obj))
        return super().response_change(request, obj)

    def _change_url(self, obj) -> str:
        return reverse("admin:articles_article_change", args=[obj.pk])

    def _run_workflow(self, request, obj: Article, action: str) -> None:
        """Call the transition named by the button; report the outcome as a message."""
        transition = workflow.TRANSITIONS.get(action)
        if transition is None:
            messages.error(request, f"Unknown workflow action “{action}”.")
            return
        panel = WorkflowForm(request.POST)
        if not panel.is_valid():
            problems = " ".join(e for errors in panel.errors.values() for e in errors)
            messages.error(request, f"Your changes were saved, but not the note: {problems}")
            return
        note = panel.cleaned_data["_workflow_note"].strip()
        kwargs = {"article": obj, "actor": request.user, "note": note}
        if action in ("schedule", "backdate"):
            at = parse_local_datetime(panel.cleaned_data["_workflow_at"])
            if at is None:
                messages.error(request, "Choose the date and time to publish at.")
                return
            if action == "schedule" and at <= timezone.now():
                messages.error(request, "The scheduled time has passed; choose a future time.")
                return
            if action == "backdate" and at > timezone.now():
                messages.error(request, "That date is in the future: press Schedule instead.")
                return
            kwargs["at"] = at
        try:
            transition.function(**kwargs)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return
        obj.refresh_from_db()
        messages.success(request, workflow.success_message(action, obj))

    # -- Change form context --

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        user = request.user
        if obj is not None and obj.pk:
            ArticlePresence.touch(obj, user)
            context.update(
                others_here=ArticlePresence.others(obj, user),
                notes=obj.editorial_notes.select_related("author"),
                events=obj.events.select_related("actor")[:20],
                pending_autosave=(
                    None
                    if getattr(request, "_newsroom_restored_autosave", None)
                    else revisions.pending_autosave(obj, user=user)
                ),
                restored_autosave=getattr(request, "_newsroom_restored_autosave", None),
                preview_url=None if obj.is_live() else preview.preview_url(obj),
                can_edit=permissions.can_edit(user, obj),
                can_add_note=user.has_perm("articles.add_editorialnote"),
                autosave_url=reverse("admin:articles_article_autosave", args=[obj.pk]),
                presence_url=reverse("admin:articles_article_presence", args=[obj.pk]),
                revisions_url=reverse("admin:articles_article_revisions", args=[obj.pk]),
                notes_url=reverse("admin:articles_article_notes", args=[obj.pk]),
            )
        elif add and self.has_add_permission(request):
            context["autodraft_url"] = reverse("admin:articles_article_autodraft")
        actions = workflow.available_actions(user, obj or Article())
        if "withdraw" in actions:
            # Offered beside the read-only form, in a form of its own.
            context["withdraw_url"] = reverse("admin:articles_article_withdraw", args=[obj.pk])
            context["withdraw_label"] = workflow.TRANSITIONS["withdraw"].label
        if obj is not None and obj.pk and not permissions.can_edit(user, obj):
            actions = []  # the form is read-only: buttons would post nothing
        context["workflow_actions"] = [(a, workflow.TRANSITIONS[a].label) for a in actions]
        context["newsroom_tz"] = timezone.get_current_timezone_name()
        context["workflow_action_names"] = actions
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- Search (articles/search.py) --

    def get_search_results(self, request, queryset, search_term):
        """The readers' full-text search over any status, plus the search_fields lookups."""
        by_fields, _ = super().get_search_results(request, queryset, search_term)
        return admin_search(queryset, search_term, also=by_fields)
