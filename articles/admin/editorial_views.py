"""The article admin's own pages and endpoints: revisions, compare, restore, autosave,
auto-draft, presence, notes and withdrawing a submitted article.

Each looks the article up through the admin's `get_object` and view permission,
so a user never reaches an article they may not see (404), and checks edit
rights where it writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify

from .. import permissions, revisions, workflow
from ..models import Article, ArticlePresence, ArticleRevision, EditorialNote
from .forms import AutosaveForm, NoteForm, WithdrawForm


class EditorialViewsMixin:
    """Mixed into ArticleAdmin: the URLs and views beside the change form."""

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
            path(
                "<path:object_id>/withdraw/",
                wrap(self.withdraw_view),
                name="articles_article_withdraw",
            ),
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
                can_restore=permissions.can_edit(request.user, article),
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
                can_restore=permissions.can_edit(request.user, article),
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
        revisions.restore(revision, user=request.user)  # PermissionDenied → 403
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
        if not permissions.can_edit(request.user, article):
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
            reply["stale"] = revisions.stale_message(
                article, "Saving this form will be refused: copy your changes and reload the page."
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

    def withdraw_view(self, request, object_id):
        """POST: the author takes a submitted article back to draft (workflow.withdraw).

        Its own form, because the article form is read-only while it waits for review.
        """
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url_for_id(object_id))
        article = self._article_for(request, object_id)
        form = WithdrawForm(request.POST)
        note = form.cleaned_data["note"].strip() if form.is_valid() else ""
        if not form.is_valid():
            messages.error(request, "The note is too long: " + " ".join(form.errors["note"]))
            return HttpResponseRedirect(self._change_url(article))
        try:
            workflow.withdraw(article=article, actor=request.user, note=note)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, workflow.success_message("withdraw", article))
        return HttpResponseRedirect(self._change_url(article))

    def _change_url_for_id(self, object_id) -> str:
        return reverse("admin:articles_article_change", args=[object_id])
