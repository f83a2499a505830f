"""The editors' dashboard on the admin index: what needs attention now.

`{% editorial_dashboard as dashboard %}` returns a dict of small, bounded
querysets (a fixed number of queries whatever the data):

- waiting: articles in review, oldest first (the queue);
- scheduled: published-but-not-yet-due articles, soonest first;
- recent: the latest live articles;
- mine: the user's own drafts (for journalists);
- with_editors: the user's own articles waiting for review (for journalists);
- comments_pending: the number of comments awaiting moderation, or None when
  the comments app provides its own panel;
- comments_panel: True when templates/comments/_admin_index_panel.html exists,
  so the comments engineer's panel is included without this app knowing more.
"""

from django import template
from django.template.loader import get_template
from django.utils import timezone

from articles import workflow

register = template.Library()

LIMIT = 8
COMMENTS_PANEL = "comments/_admin_index_panel.html"


def _comments_pending() -> int:
    from comments.models import Comment

    return Comment.objects.pending().count()


def _template_exists(name: str) -> bool:
    try:
        get_template(name)
    except template.TemplateDoesNotExist:
        return False
    return True


@register.simple_tag(takes_context=True)
def editorial_dashboard(context) -> dict:
    request = context["request"]
    user = request.user
    now = timezone.now()
    visible = workflow.visible_articles(user).select_related("section")
    dashboard = {
        "is_editor": workflow.is_editor(user),
        "can_write": user.has_perm("articles.add_article"),
        "waiting": visible.in_review().order_by("updated_at")[:LIMIT],
        "waiting_count": visible.in_review().count(),
        "scheduled": visible.scheduled(now).order_by("published_at")[:LIMIT],
        "recent": visible.live(now).order_by("-published_at")[:LIMIT],
        "mine": visible.drafts().filter(workflow.owned_q(user)).order_by("-updated_at")[:LIMIT],
        "with_editors": visible.in_review()
        .filter(workflow.owned_q(user))
        .order_by("-updated_at")[:LIMIT],
        "comments_pending": None,
        "comments_panel": _template_exists(COMMENTS_PANEL),
    }
    # The comments app's own panel (when present) shows the count and the Akismet
    # banner; the bare count below is the fallback hook for when it is not.
    if not dashboard["comments_panel"] and user.has_perm("comments.view_comment"):
        dashboard["comments_pending"] = _comments_pending()
    return dashboard
