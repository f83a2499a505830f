"""The reader's comment POST and the comment permalink.

No input produces a 500: a missing or unpublished article is a 404, a bad
reply target a 400, closed comments a 403, posting too fast a 429, invalid
fields the article page again with the form filled in and the errors (400).
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from articles.models import Article
from articles.views import date_from_url, live_article, render_article
from core.cache_control import mark_private, private_page

from . import discussion, form_token, moderation, tasks
from .forms import DUPLICATE_MESSAGE, CommentForm, client_ip
from .models import Comment, DiscussionSettings

CLOSED_MESSAGE = "Comments are closed."
CSRF_MESSAGE = (
    "Your comment has not been posted yet: please check it and press “Post comment” again."
)
FLOOD_MESSAGE = "You are posting comments too quickly. Please wait a moment and try again."


def _live_article(year, month, day, slug) -> Article:
    """The live article posted to (kept per page-cache generation, as its page keeps it)."""
    article = live_article(date_from_url(year, month, day), slug)
    if article is None:
        raise Http404("No article at this address")
    return article


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return mark_private(
        render(request, "comments/bad_request.html", {"message": message}, status=400)
    )


def _article_with_form(request: HttpRequest, article: Article, form: CommentForm, status: int):
    """The article page again, its discussion showing the rejected form (never cached)."""
    discussion.attach_form(request, form)
    return mark_private(render_article(request, article, status=status))


def comment_url(comment: Comment, policy: DiscussionSettings, own_ids=()) -> str:
    """The article URL with the page holding `comment` and its #comment-N anchor."""
    page = discussion.page_number(comment, policy, own_ids)
    url = comment.article.get_absolute_url()
    if page > 1:
        url += "?" + urlencode({discussion.PAGE_PARAM: page})
    return f"{url}#{comment.anchor}"


def _set_author_cookie(request, response, form: CommentForm) -> None:
    """The consented "remember me" cookie (read by comments.js to prefill the form)."""
    if form.cleaned_data.get("remember"):
        value = json.dumps(
            {
                "name": form.cleaned_data["name"],
                "email": form.cleaned_data["email"],
                "url": form.cleaned_data.get("url") or "",
            },
            separators=(",", ":"),
        )
        response.set_cookie(
            "comment_author",
            # Percent-encoded to the last character: a value with "/", "," or a quote
            # would otherwise be sent double-quoted with backslash escapes, which
            # comments.js cannot decode. decodeURIComponent undoes exactly this.
            quote(value, safe=""),
            max_age=60 * 60 * 24 * 365,
            samesite="Lax",
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie("comment_author", samesite="Lax")


def _csrf_passes(request: HttpRequest) -> bool:
    """Django's own CSRF check (Origin/Referer and token), run by the view itself."""
    return CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {}) is None


@private_page
@require_safe
def csrf_token(request: HttpRequest) -> JsonResponse:
    """A CSRF token for the comment form (and its cookie), fetched by comments.js.

    The article page is public and shared by caches, so it carries no token of
    its own: a token in cached HTML would belong to whoever filled the cache,
    and the page would set a cookie and vary on Cookie, which no CDN stores.
    """
    return JsonResponse({"token": get_token(request)})


@csrf_exempt  # checked inside: a failed check gives the form back, not a 403 page
@require_POST
def post_comment(request: HttpRequest, year, month, day, slug) -> HttpResponse:
    article = _live_article(year, month, day, slug)
    policy = discussion.discussion_policy()
    # The duplicate check is receive()'s, under the arrival lock (one query, not two).
    form = CommentForm(request.POST)
    valid = form.is_valid()
    # The public page's form token with a same-site Origin (see comments/form_token.py),
    # or, for pages that carry one (a reader's own, a re-rendered form), Django's CSRF token.
    if not (form_token.accepted(request, article) or _csrf_passes(request)):
        # An expired form token without a CSRF cookie, or a forged cross-site post.
        # Nothing is saved; the reader gets the form back, filled in, on a private
        # page with a CSRF token.
        form.add_error(None, CSRF_MESSAGE)
        return _article_with_form(request, article, form, status=403)
    if not policy.comments_open(article):
        form.add_error(None, CLOSED_MESSAGE)
        return _article_with_form(request, article, form, status=403)
    if "parent" in form.errors:
        return _bad_request(request, "That is not a comment you can reply to.")
    parent, problem = discussion.replyable_parent(form.cleaned_data.get("parent"), article, policy)
    if problem:
        return _bad_request(request, problem)
    if Comment.objects.is_flooding_from(client_ip(request)):
        form.add_error(None, FLOOD_MESSAGE)
        return _article_with_form(request, article, form, status=429)
    if not valid:
        return _article_with_form(request, article, form, status=400)

    comment = form.build_comment(article=article, parent=parent, request=request)
    try:
        with transaction.atomic():
            moderation.receive(comment, honeypot_filled=form.honeypot_filled, policy=policy)
    except moderation.Refused as refused:
        # Lost a race with a simultaneous post: the same answer as the checks above.
        if refused.kind == moderation.Refused.FLOOD:
            form.add_error(None, FLOOD_MESSAGE)
            return _article_with_form(request, article, form, status=429)
        form.add_error(None, DUPLICATE_MESSAGE)
        return _article_with_form(request, article, form, status=400)
    # With the immediate backend the spam check has run by now (after commit); with a
    # worker, the status is the one receive() gave it.
    if tasks.checks_run_at_commit():
        comment.refresh_from_db(fields=["status"])
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, "Thank you: your comment is published.")
    else:
        messages.info(request, "Thank you: your comment is awaiting moderation.")
    own = [*discussion.own_comment_ids(request), comment.pk]
    if comment.status in (Comment.Status.APPROVED, Comment.Status.PENDING):
        url = comment_url(comment, policy, own)
    else:
        # Caught as spam or trashed: nothing of it is shown, so no anchor to point at.
        url = article.get_absolute_url() + "#comments"
    response = HttpResponseRedirect(url)
    discussion.remember_own_comment(request, response, comment.pk)
    _set_author_cookie(request, response, form)
    return mark_private(response)


@private_page
@require_safe
def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """Redirect to the page of the discussion holding comment `pk` (visible comments only)."""
    comment = Comment.objects.select_related("article").filter(pk=pk).first()
    if comment is None or not comment.article.is_live():
        raise Http404("No such comment")
    own = discussion.own_comment_ids(request)
    visible = comment.status == Comment.Status.APPROVED or (
        comment.status == Comment.Status.PENDING and comment.pk in own
    )
    if not visible:
        raise Http404("No such comment")
    return HttpResponseRedirect(comment_url(comment, discussion.discussion_policy(), own))
