"""The editors' dashboard on the admin index: what needs attention now.

`{% editorial_dashboard as dashboard %}` returns a dict of small, bounded
querysets (a fixed number of queries whatever the data):

- waiting: articles in review, oldest first (the queue);
- scheduled: published-but-not-yet-due articles, soonest first;
- recent: the latest live articles;
- mine: the user's own drafts (for journalists);
- with_editors: the user's own articles waiting for review (for journalists).
"""

from django import template
from django.utils import timezone

from articles import permissions

register = template.Library()

LIMIT = 8


@register.simple_tag(takes_context=True)
def editorial_dashboard(context) -> dict:
    request = context["request"]
    user = request.user
    now = timezone.now()
    visible = permissions.visible_articles(user).select_related("section")
    return {
        "is_editor": permissions.is_editor(user),
        "can_write": user.has_perm("articles.add_article"),
        "waiting": visible.in_review().order_by("updated_at")[:LIMIT],
        "waiting_count": visible.in_review().count(),
        "scheduled": visible.scheduled(now).order_by("published_at")[:LIMIT],
        "recent": visible.live(now).order_by("-published_at")[:LIMIT],
        "mine": visible.drafts().filter(permissions.owned_q(user)).order_by("-updated_at")[:LIMIT],
        "with_editors": visible.in_review()
        .filter(permissions.owned_q(user))
        .order_by("-updated_at")[:LIMIT],
    }
