"""The queue's one-off views: one decision on one comment (its page's buttons, the
queue's row buttons), a staff reply, the one-click email links, and "Empty spam".

Each takes the CommentAdmin it serves (for its permission check, decisions
and messages); every decision goes through comments/moderation.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from .. import moderation
from ..models import Comment
from ..notifications import read_token


def decide_view(model_admin, request: HttpRequest, pk: int, action: str):
    """One decision on one comment: the buttons on its page and on each queue row.

    Without JavaScript it redirects to `next` (the filtered queue the row
    button was pressed on) or to the comment's page; asked for JSON
    (moderation.js) it answers with the comment's new status instead.
    """
    model_admin._require_moderator(request)
    if action not in model_admin.DECISIONS:
        raise Http404("No such decision")
    comment = get_object_or_404(Comment, pk=pk)
    decide, verb = model_admin.DECISIONS[action]
    decide([comment.pk], actor=request.user)
    comment.refresh_from_db(fields=["status"])
    message = f"Comment by {comment.author_name} {verb}."
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "id": comment.pk,
                "status": comment.status,
                "status_label": comment.get_status_display(),
                "message": message,
            }
        )
    model_admin.message_user(request, message, messages.SUCCESS)
    next_url = request.POST.get("next", "")
    changelist = reverse("admin:comments_comment_changelist")
    if next_url.startswith(changelist) and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[pk]))


def reply_view(model_admin, request: HttpRequest, pk: int):
    """Publish a moderator's reply at once, as a staff reply."""
    model_admin._require_moderator(request)
    parent = get_object_or_404(Comment, pk=pk)
    try:
        reply = moderation.staff_reply(
            parent, actor=request.user, body=request.POST.get("body") or ""
        )
    except moderation.CannotReply as exc:
        model_admin.message_user(request, str(exc), messages.ERROR)
    else:
        model_admin.message_user(
            request,
            format_html(
                'Reply published. <a href="{}">See it on the site</a>.',
                reply.get_absolute_url(),
            ),
            messages.SUCCESS,
        )
    return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[pk]))


def link_view(model_admin, request: HttpRequest, token: str):
    """A one-click link from a notification email: GET confirms, POST acts."""
    model_admin._require_moderator(request)
    try:
        comment_id, action = read_token(token)
    except signing.BadSignature:
        return TemplateResponse(
            request,
            "admin/comments/comment/confirm_link.html",
            {
                **model_admin.admin_site.each_context(request),
                "title": "Link not valid",
                "invalid": True,
                "opts": model_admin.opts,
            },
            status=400,
        )
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None:
        messages.info(request, "That comment no longer exists (spam is purged after a while).")
        return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))
    decide, verb = model_admin.DECISIONS[action]
    if request.method == "POST":
        decide([comment.pk], actor=request.user)
        model_admin.message_user(request, f"Comment {verb}.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:comments_comment_changelist") + "?status=pending"
        )
    return TemplateResponse(
        request,
        "admin/comments/comment/confirm_link.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": f"{action.capitalize()} this comment?",
            "comment": comment,
            "action": action,
            "opts": model_admin.opts,
        },
    )


def empty_spam_view(model_admin, request: HttpRequest):
    """Delete everything in the spam queue, after confirmation."""
    model_admin._require_moderator(request)
    if request.method == "POST":
        count = moderation.empty_spam()
        model_admin.message_user(
            request, f"{count} spam comment{'s' if count != 1 else ''} deleted."
        )
        return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))
    return TemplateResponse(
        request,
        "admin/comments/comment/empty_spam.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": "Empty spam",
            "count": Comment.objects.spam().count(),
            "opts": model_admin.opts,
        },
    )
