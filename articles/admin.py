"""The authoring tool: the article admin, with the editorial workflow built in.

Who may do what is decided in articles/workflow.py (`can_view`, `can_edit`,
`is_editor`) and enforced here on every path — queryset, change/delete
permission, the extra views — so a crafted request gets a 403 or a message,
never more than the role allows. Workflow buttons post the article form with
`_workflow=<action>`; the form is saved first (so nothing typed is lost) and
then the transition function runs.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from authors.models import Author

from . import preview, revisions, workflow
from .models import (
    Article,
    ArticleEvent,
    ArticlePresence,
    ArticleRedirect,
    ArticleRevision,
    Byline,
    Correction,
    EditorialNote,
    Page,
    Redirect,
    Section,
    Tag,
)
from .sanitize import body_text, clean_body

# The editor offers exactly what articles.sanitize keeps (and a little less:
# no images or figures in the body; the featured image has its own fields).
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}

WORKFLOW_LABELS = {
    "submit": "Submit for review",
    "request_changes": "Request changes",
    "publish": "Publish now",
    "schedule": "Schedule",
    "unpublish": "Unpublish",
}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


# --- Form -----------------------------------------------------------------------------------


class ArticleAdminForm(forms.ModelForm):
    """The article form, with the body editor and optimistic locking.

    `loaded_version` carries the article's version from when the form was
    rendered; saving is refused if the article has been saved since.
    """

    body = ProseEditorFormField(
        # The browser's spell checker is on: the editor's default turns it off.
        config={"extensions": {**BODY_EDITOR_EXTENSIONS, "NoSpellCheck": False}},
        sanitize=clean_body,
        required=False,
        widget=AdminProseEditorWidget,
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "standfirst",
            "body",
            "section",
            "tags",
            "featured_image",
            "featured_image_alt",
            "featured_image_caption",
            "featured_image_credit",
            "published_at",
            "is_editors_pick",
            "comments_enabled",
            "seo_title",
            "meta_description",
        ]
        widgets = {
            "meta_description": forms.Textarea(
                attrs={"rows": 2, "maxlength": 160, "data-counter": "160"}
            ),
            "seo_title": forms.TextInput(attrs={"maxlength": 70, "data-counter": "70"}),
            "standfirst": forms.Textarea(attrs={"rows": 3, "data-counter": "400"}),
        }
        labels = {
            "title": "Headline",
            "featured_image_alt": "Alt text",
            "featured_image_caption": "Caption",
            "featured_image_credit": "Credit",
            "seo_title": "SEO headline",
        }
        help_texts = {
            "meta_description": (
                "Shown under the headline in search results. Aim for 120–160 characters; "
                "leave empty to use the standfirst."
            ),
            "seo_title": "Optional headline for search engines, up to 70 characters.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            loaded = cleaned.get("loaded_version")
            # Lock the row: the admin saves inside a transaction, so nobody can
            # save between this check and our save.
            current = (
                Article.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if loaded is None or loaded != current:
                who, when = revisions.last_change(self.instance)
                raise ValidationError(
                    "%(who)s saved this article at %(when)s, after you opened it. "
                    "Your changes were not saved: copy them, reload the page and apply "
                    "them to the current version.",
                    code="stale",
                    params={
                        "who": who,
                        "when": timezone.localtime(when).strftime("%H:%M on %d %B %Y"),
                    },
                )
        return cleaned


class WorkflowForm(forms.Form):
    """The workflow panel's own inputs: the note and, for Schedule, the time."""

    _workflow_note = forms.CharField(required=False, max_length=5000)
    _workflow_at = forms.CharField(required=False)


class NoteForm(forms.Form):
    note = forms.CharField(max_length=5000)


class AutosaveForm(forms.Form):
    """What the form's script posts every minute (CharField refuses NUL bytes)."""

    title = forms.CharField(required=False, strip=False)
    slug = forms.CharField(required=False, max_length=200)
    standfirst = forms.CharField(required=False, strip=False)
    body = forms.CharField(required=False, strip=False)
    loaded_version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)

    def has_words(self) -> bool:
        data = self.cleaned_data
        return bool(data["title"].strip() or body_text(clean_body(data["body"])))


# --- Inlines --------------------------------------------------------------------------------


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
        return workflow.is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


# --- List filters ---------------------------------------------------------------------------


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
            return queryset.filter(workflow.owned_q(request.user))
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


# --- The article admin ----------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
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

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin_article.js"]

    # -- Per-object permissions --

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "bylines",
                    queryset=Byline.objects.select_related("author").order_by("position", "pk"),
                )
            )
        )
        return workflow.visible_articles(request.user, queryset)

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
        return allowed and (obj is None or workflow.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.is_editor(request.user))

    # -- Form layout --

    def get_fieldsets(self, request, obj=None):
        main = ["title", "slug", "standfirst", "body"]
        if obj is None or self.has_change_permission(request, obj):
            main.append("loaded_version")
        return [
            (None, {"fields": main}),
            ("Section and tags", {"fields": ["section", "tags"]}),
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
            (
                "Publishing",
                {"fields": ["status", "published_at", "is_editors_pick", "comments_enabled"]},
            ),
            ("Search engines", {"fields": ["seo_title", "meta_description"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status"]
        if not workflow.is_editor(request.user):
            # Dates (and so addresses) and the "Must read" flag are editors' decisions.
            readonly += ["published_at", "is_editors_pick"]
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

    # -- List columns --

    @admin.display(description="State", ordering="status")
    def state_badge(self, obj):
        if obj.status == Article.Status.PUBLISHED and not obj.is_live():
            when = timezone.localtime(obj.published_at)
            return format_html(
                # The time is in the Date column beside it (and in the tooltip).
                '<span class="badge badge--scheduled" title="Goes live {}">Scheduled</span>',
                f"{when:%d %B %Y %H:%M}",
            )
        label = "Live" if obj.status == Article.Status.PUBLISHED else obj.get_status_display()
        return format_html('<span class="badge badge--{}">{}</span>', obj.status, label)

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
        function = workflow.TRANSITIONS.get(action)
        if function is None:
            messages.error(request, f"Unknown workflow action “{action}”.")
            return
        panel = WorkflowForm(request.POST)
        if not panel.is_valid():
            problems = " ".join(e for errors in panel.errors.values() for e in errors)
            messages.error(request, f"Your changes were saved, but not the note: {problems}")
            return
        note = panel.cleaned_data["_workflow_note"].strip()
        kwargs = {"article": obj, "actor": request.user, "note": note}
        if action == "schedule":
            at = _parse_local_datetime(panel.cleaned_data["_workflow_at"])
            if at is None:
                messages.error(request, "Choose the date and time to publish at.")
                return
            if at <= timezone.now():
                messages.error(request, "The scheduled time has passed; choose a future time.")
                return
            kwargs["at"] = at
        try:
            function(**kwargs)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return
        obj.refresh_from_db()
        if action == "schedule":
            when = timezone.localtime(obj.published_at)
            messages.success(request, f"Scheduled: “{obj}” goes live at {when:%H:%M on %d %B %Y}.")
        else:
            done = {
                "submit": "submitted for review",
                "request_changes": "sent back to the author with your note",
                "publish": "published",
                "unpublish": "unpublished; it is a draft again",
            }[action]
            messages.success(request, f"“{obj}” was {done}.")

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
                can_edit=workflow.can_edit(user, obj),
                can_add_note=user.has_perm("articles.add_editorialnote"),
                autosave_url=reverse("admin:articles_article_autosave", args=[obj.pk]),
                presence_url=reverse("admin:articles_article_presence", args=[obj.pk]),
                revisions_url=reverse("admin:articles_article_revisions", args=[obj.pk]),
                notes_url=reverse("admin:articles_article_notes", args=[obj.pk]),
            )
        elif add and self.has_add_permission(request):
            context["autodraft_url"] = reverse("admin:articles_article_autodraft")
        actions = workflow.available_actions(user, obj or Article())
        if obj is not None and obj.pk and not workflow.can_edit(user, obj):
            actions = []  # the form is read-only: buttons would post nothing
        context["workflow_actions"] = [(a, WORKFLOW_LABELS[a]) for a in actions]
        context["workflow_action_names"] = actions
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- Extra views: revisions, autosave, presence, notes --

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        extra = [
            path("autosave/", wrap(self.autodraft_view), name="articles_article_autodraft"),
            path(
                "<path:object_id>/revisions/",
                wrap(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                wrap(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name="articles_article_restore",
            ),
            path(
                "<path:object_id>/autosave/",
                wrap(self.autosave_view),
                name="articles_article_autosave",
            ),
            path(
                "<path:object_id>/presence/",
                wrap(self.presence_view),
                name="articles_article_presence",
            ),
            path("<path:object_id>/notes/", wrap(self.notes_view), name="articles_article_notes"),
        ]
        return extra + super().get_urls()

    def _article_for(self, request, object_id) -> Article:
        """The article if `request.user` may see it; 404 otherwise (never reveals others')."""
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_permission(request, article):
            raise Http404("No such article.")
        return article

    def _context(self, request, article, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "article": article,
            "has_view_permission": True,
            **extra,
        }

    def revisions_view(self, request, object_id):
        """Every saved revision, newest first, with who and when; pick two to compare."""
        article = self._article_for(request, object_id)
        items = article.revisions.filter(is_autosave=False).select_related("created_by")
        return TemplateResponse(
            request,
            "admin/articles/article/revisions.html",
            self._context(
                request,
                article,
                title=f"Revisions of “{article}”",
                revisions=items,
                can_restore=workflow.can_edit(request.user, article),
            ),
        )

    def compare_view(self, request, object_id):
        """A word-level diff between revisions ?old= and ?new= of this article."""
        article = self._article_for(request, object_id)
        saved = article.revisions.filter(is_autosave=False).select_related("created_by")
        try:
            old = saved.get(pk=int(request.GET.get("old", "")))
            new = saved.get(pk=int(request.GET.get("new", "")))
        except (ValueError, ArticleRevision.DoesNotExist) as exc:
            raise Http404("Choose two revisions of this article to compare.") from exc
        if (old.created_at, old.pk) > (new.created_at, new.pk):
            old, new = new, old
        return TemplateResponse(
            request,
            "admin/articles/article/revision_compare.html",
            self._context(
                request,
                article,
                title=f"Changes to “{article}”",
                old=old,
                new=new,
                fields=revisions.diff(old, new),
                can_restore=workflow.can_edit(request.user, article),
            ),
        )

    def restore_view(self, request, object_id, revision_id):
        """POST: make this revision's words the article's again (a new revision)."""
        if request.method != "POST":
            return HttpResponseRedirect(
                reverse("admin:articles_article_revisions", args=[object_id])
            )
        article = self._article_for(request, object_id)
        revision = get_object_or_404(
            ArticleRevision, pk=revision_id, article=article, is_autosave=False
        )
        try:
            revisions.restore(revision, user=request.user)
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from exc
        messages.success(
            request,
            f"Restored the revision of {timezone.localtime(revision.created_at):%d %B %Y %H:%M}.",
        )
        return HttpResponseRedirect(self._change_url(article))

    def autosave_view(self, request, object_id):
        """POST title/standfirst/body: keep them as this user's autosave; JSON reply.

        Never writes to the article, so a published article's live copy is untouched.
        """
        if request.method != "POST":
            return JsonResponse({"error": "POST only."}, status=405)
        article = self._article_for(request, object_id)
        if not workflow.can_edit(request.user, article):
            return JsonResponse({"error": "You cannot edit this article."}, status=403)
        form = AutosaveForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"error": "Could not keep these changes."}, status=400)
        words = form.cleaned_data
        saved = revisions.autosave(
            article,
            user=request.user,
            title=words["title"],
            standfirst=words["standfirst"],
            body=words["body"],
        )
        when = timezone.localtime(saved.created_at)
        reply = {"saved_at": when.isoformat(), "message": f"Unsaved changes kept at {when:%H:%M}."}
        loaded = words["loaded_version"]
        if loaded is not None and loaded != article.version:
            # Warn now, not at Save: the form is stale and its save will be refused.
            who, changed = revisions.last_change(article)
            reply["stale"] = (
                f"{who} saved this article at "
                f"{timezone.localtime(changed):%H:%M on %d %B %Y}, after you opened it. "
                "Saving this form will be refused: copy your changes and reload the page."
            )
        return JsonResponse(reply)

    def autodraft_view(self, request):
        """POST from the add form's first autosave: create the draft so nothing is lost.

        Like WordPress's auto-draft, but created only once there are words to
        keep. The new article is an ordinary Draft owned by the user (never
        live), so its words are stored on it directly; the script then points
        the form at the draft's change page and later autosaves go to
        autosave revisions as usual.
        """
        if request.method != "POST":
            return JsonResponse({"error": "POST only."}, status=405)
        if not self.has_add_permission(request):
            return JsonResponse({"error": "You cannot write articles."}, status=403)
        form = AutosaveForm(request.POST)
        if not form.is_valid() or not form.has_words():
            return JsonResponse({"error": "Nothing to keep yet."}, status=400)
        words = form.cleaned_data
        title = words["title"].strip()[:200] or "Untitled draft"
        slug = slugify(words["slug"])[:200] or slugify(title)[:200] or "untitled-draft"
        with transaction.atomic():
            article = Article.objects.create(
                title=title,
                slug=slug,
                standfirst=words["standfirst"][:400],
                body=words["body"],
                created_by=request.user,
            )
            self.log_addition(request, article, [{"added": {}}])
            revisions.snapshot(article, user=request.user)
        return JsonResponse(
            {
                "change_url": self._change_url(article),
                "autosave_url": reverse("admin:articles_article_autosave", args=[article.pk]),
                "presence_url": reverse("admin:articles_article_presence", args=[article.pk]),
                "version": article.version,
                "message": (
                    f"Kept as a draft at {timezone.localtime(article.updated_at):%H:%M}; "
                    "press Save to keep later changes."
                ),
            }
        )

    def presence_view(self, request, object_id):
        """POST heartbeat: note that this user has the article open; say who else does."""
        if request.method != "POST":
            return JsonResponse({"error": "POST only."}, status=405)
        article = self._article_for(request, object_id)
        ArticlePresence.touch(article, request.user)
        others = ArticlePresence.others(article, request.user)
        return JsonResponse({"others": [u.get_full_name() or u.get_username() for u in others]})

    def notes_view(self, request, object_id):
        """POST: add an internal editorial note to the article's thread."""
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url_for_id(object_id))
        article = self._article_for(request, object_id)
        if not request.user.has_perm("articles.add_editorialnote"):
            raise PermissionDenied("You cannot add notes.")
        form = NoteForm(request.POST)
        if form.is_valid():
            EditorialNote.objects.create(
                article=article, author=request.user, body=form.cleaned_data["note"]
            )
            messages.success(request, "Note added.")
        elif not request.POST.get("note", "").strip():
            messages.error(request, "Write something before adding a note.")
        else:
            messages.error(request, "The note was not added: " + " ".join(form.errors["note"]))
        return HttpResponseRedirect(self._change_url(article) + "#notes")

    def _change_url_for_id(self, object_id) -> str:
        return reverse("admin:articles_article_change", args=[object_id])

    # -- Search (articles/search.py) --

    def get_search_results(self, request, queryset, search_term):
        """The readers' full-text search over any status, plus the search_fields lookups."""
        from .search import admin_search

        by_fields, _ = super().get_search_results(request, queryset, search_term)
        return admin_search(queryset, search_term, also=by_fields)


def _parse_local_datetime(value: str) -> datetime.datetime | None:
    """Parse an <input type=datetime-local> value in the site's time zone."""
    try:
        parsed = parse_datetime(value.strip()) if value else None
    except ValueError:  # well-formed but impossible, e.g. 2030-02-30T10:00
        return None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@admin.register(ArticleEvent)
class ArticleEventAdmin(admin.ModelAdmin):
    list_display = ["article", "from_status", "to_status", "actor", "created_at"]
    list_select_related = ["article", "actor"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(article__in=workflow.visible_articles(request.user))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Static pages and redirects from a previous site ----------------------------------------


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
            elif _is_site_route(path):
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


def _is_site_route(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


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
