"""The discussion under an article, comment text, and the comments panel of the admin index."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from core import fragments
from core.cache_control import mark_request_private

from .. import discussion as discussion_module
from .. import form_token, rendering, spam
from ..forms import CommentForm
from ..models import Comment, DiscussionSettings

register = template.Library()

register.filter("comment_text", rendering.comment_text)


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


@register.simple_tag(takes_context=True)
def discussion(context, article) -> SafeString:
    """`{% discussion article %}`: the comments and the form under an article.

    At most three queries (see comments/discussion.py). When what it shows is this
    reader's own (their pending comment, a message, a rejected form), the request is
    marked private so no shared cache stores the page.

    A Reply link without JavaScript (`?replytocom=ID#respond`) renders the form set to
    reply to that comment; such a page is private too.

    What every other reader sees is the same for all of them, given the article, the
    comment page, whether comments are open and the form token (which changes hourly):
    its HTML is kept per page-cache generation (core/fragments.py).
    """
    request = context["request"]
    form = discussion_module.attached_form(request)
    reply_to = _reply_target(request, article, form)
    if form is None and reply_to is not None:
        form = CommentForm(initial={"parent": reply_to.pk})
    built = discussion_module.build(request, article, form=form)
    token = form_token.make_token(article)

    def render() -> SafeString:
        return render_to_string(
            "comments/_discussion.html",
            {
                "discussion": built,
                "reply_to": reply_to,
                "form_token": token,
                "request": request,
                "csrf_token": context.get("csrf_token"),
            },
        )

    if built.personal or form is not None or discussion_module.REPLY_PARAM in request.GET:
        mark_request_private(request)
        return render()
    return fragments.get_or_make(
        f"discussion:{article.pk}:{built.page}:{int(built.is_open)}:{token}", render
    )


@register.simple_tag
def comment_form_fields(form) -> SafeString:
    """The form's fields. A blank form (no input, no reply target) renders the same
    for every reader and article: it is rendered once per page-cache generation."""

    def render() -> SafeString:
        return render_to_string("comments/_form_fields.html", {"form": form or CommentForm()})

    if form is not None and (form.is_bound or form.initial):
        return render()
    return fragments.get_or_make("comment-form-fields", render)


def _reply_target(request, article, form):
    """The comment the form answers: the rejected form's parent, or ?replytocom=."""
    if form is None:
        return discussion_module.requested_reply_target(request, article)
    parent_id = getattr(form, "cleaned_data", {}).get("parent")
    if not parent_id:
        return None
    parent, _ = discussion_module.replyable_parent(parent_id, article, DiscussionSettings.load())
    return parent
