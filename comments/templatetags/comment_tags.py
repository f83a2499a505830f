"""The discussion under an article, comment text, and the comments panel of the admin index."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import normalize_newlines

from core.cache_control import mark_request_private

from .. import discussion as discussion_module
from .. import form_token, spam
from ..forms import CommentForm
from ..models import Comment, DiscussionSettings

register = template.Library()

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"
_BR = SafeString("<br>\n")  # a constant, not reader input


def _linkify(line: str) -> SafeString:
    """Escape a line of text, turning http(s) addresses into user-content links."""
    parts: list[SafeString] = []
    position = 0
    for match in _URL.finditer(line):
        url, trail = match.group(0), ""
        while url and url[-1] in _TRAILING:
            url, trail = url[:-1], url[-1] + trail
        parts.append(conditional_escape(line[position : match.start()]))
        parts.append(format_html('<a href="{}" rel="nofollow ugc noopener">{}</a>', url, url))
        parts.append(conditional_escape(trail))
        position = match.end()
    parts.append(conditional_escape(line[position:]))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.filter
def comment_text(value: str) -> SafeString:
    """Plain text as typed → paragraphs of escaped text with linkified web addresses.

    Built only with format_html/conditional_escape: every character the reader
    typed is escaped; the only markup is <p>, <br> and the links we make.
    """
    text = normalize_newlines(str(value)).strip()
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]
    return format_html_join(
        "\n",
        "<p>{}</p>",
        (
            (format_html_join(_BR, "{}", ((_linkify(line),) for line in p.split("\n"))),)
            for p in paragraphs
        ),
    )


@register.inclusion_tag("comments/_admin_index_panel_body.html", takes_context=True)
def comments_admin_panel(context):
    """Pending count and the Akismet banner, for users who may see comments."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("comments.view_comment"):
        return {"show": False}
    status = spam.key_status()
    return {
        "show": True,
        "pending": Comment.objects.pending().count(),
        "key_status": status,
        "not_checking": status in (spam.KeyStatus.MISSING, spam.KeyStatus.INVALID),
        "KeyStatus": spam.KeyStatus,
    }


@register.inclusion_tag("comments/_discussion.html", takes_context=True)
def discussion(context, article):
    """`{% discussion article %}`: the comments and the form under an article.

    Two queries (see comments/discussion.py). When what it shows is this
    reader's own (their pending comment, a message, a rejected form), the
    request is marked private so no shared cache stores the page.

    A Reply link without JavaScript (`?replytocom=ID#respond`) renders the
    form set to reply to that comment; such a page is private too.
    """
    request = context["request"]
    form = discussion_module.attached_form(request)
    reply_to = _reply_target(request, article, form)
    if form is None and reply_to is not None:
        form = CommentForm(initial={"parent": reply_to.pk})
    built = discussion_module.build(request, article, form=form)
    if built.personal or form is not None or discussion_module.REPLY_PARAM in request.GET:
        mark_request_private(request)
    return {
        "discussion": built,
        "reply_to": reply_to,
        "form_token": form_token.make_token(article),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


def _reply_target(request, article, form):
    """The comment the form answers: the rejected form's parent, or ?replytocom=."""
    if form is None:
        return discussion_module.requested_reply_target(request, article)
    parent_id = getattr(form, "cleaned_data", {}).get("parent")
    if not parent_id:
        return None
    parent, _ = discussion_module.replyable_parent(parent_id, article, DiscussionSettings.load())
    return parent
