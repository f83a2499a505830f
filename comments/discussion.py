"""The discussion under an article: what the article page shows of its comments.

The articles app does not know comments exist: `{% discussion article %}`
(comments/templatetags/comment_tags.py) joins the page from this side. A
comment POST that must show the article again with its rejected form hands
the bound form over with `attach_form(request, form)` before rendering.

`build()` reads the discussion settings (1 query) and the visible comments
(1 query: approved ones plus the viewer's own pending ones, named by a signed
cookie), threads them in Python and slices one page of top-level threads.
Its cost does not grow with the number of comments in queries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.contrib.messages import get_messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from .forms import CommentForm
from .models import Comment, DiscussionSettings

MINE_COOKIE = "comments_mine"
MINE_SALT = "comments.mine"
MINE_MAX = 20
MINE_MAX_AGE = 60 * 60 * 24 * 30
PAGE_PARAM = "cpage"
REPLY_PARAM = "replytocom"
_FORM_ATTR = "_comments_bound_form"


def attach_form(request: HttpRequest, form: CommentForm) -> None:
    """Show `form` (bound, with its errors) in this request's discussion instead of a blank one."""
    setattr(request, _FORM_ATTR, form)


def attached_form(request: HttpRequest) -> CommentForm | None:
    return getattr(request, _FORM_ATTR, None)


def own_comment_ids(request: HttpRequest) -> list[int]:
    """Ids of comments this browser posted (signed cookie); [] if absent or tampered with."""
    try:
        raw = request.get_signed_cookie(MINE_COOKIE, default="", salt=MINE_SALT)
    except signing.BadSignature:
        return []
    ids = []
    for part in (raw or "").split(","):
        if part.isdigit():
            ids.append(int(part))
    return ids[-MINE_MAX:]


def remember_own_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    ids = [i for i in own_comment_ids(request) if i != comment_id] + [comment_id]
    response.set_signed_cookie(
        MINE_COOKIE,
        ",".join(str(i) for i in ids[-MINE_MAX:]),
        salt=MINE_SALT,
        max_age=MINE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


@dataclass
class Node:
    comment: Comment
    children: list[Node] = field(default_factory=list)
    level: int = 0
    can_reply: bool = False


@dataclass
class Discussion:
    article: object
    count: int
    threads: list[Node]
    page: int
    num_pages: int
    is_open: bool
    form: CommentForm | None
    max_depth: int
    personal: bool = False

    @property
    def post_url(self) -> str:
        return self.article.get_absolute_url() + "comment/"

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.num_pages else None


def thread(comments: list[Comment], max_depth: int) -> list[Node]:
    """Top-level nodes (oldest first), replies nested at most `max_depth` levels deep.

    A reply whose parent is not shown (trashed or spam after the reply was
    approved) is kept, as WordPress keeps it: it starts a thread of its own at
    its place in time, with its own replies still nested under it. Replies
    deeper than allowed are shown beside their parent (flattened), not lost.
    "Reply" is offered only where the server accepts one: the comment's stored
    depth is what `views._resolve_parent` checks, so an orphan shown at the top
    level but stored deeper gets no Reply link it could not use.
    """
    max_depth = max(1, max_depth)
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for comment in comments:  # oldest first, so parents come before replies
        node = Node(comment)
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        if parent is None:
            roots.append(node)
            continue
        while parent.level >= max_depth - 1 and parent.comment.parent_id in nodes:
            parent = nodes[parent.comment.parent_id]
        if parent.level >= max_depth - 1:
            roots.append(node)
            continue
        node.level = parent.level + 1
        parent.children.append(node)
    for node in nodes.values():
        node.can_reply = (
            node.comment.status == Comment.Status.APPROVED
            and node.level < max_depth - 1
            and node.comment.depth < max_depth - 1
        )
    return roots


def root_of(comment_id: int, comments: list[Comment], max_depth: int) -> int | None:
    """Index of the top-level thread holding `comment_id` among `comments`, or None."""
    for index, root in enumerate(thread(comments, max_depth)):
        stack = [root]
        while stack:
            node = stack.pop()
            if node.comment.pk == comment_id:
                return index
            stack.extend(node.children)
    return None


def page_of(comment_id: int, comments: list[Comment], policy: DiscussionSettings) -> int | None:
    index = root_of(comment_id, comments, policy.max_depth)
    if index is None:
        return None
    return index // max(1, policy.per_page) + 1


def _has_messages(request: HttpRequest) -> bool:
    """A one-shot message (e.g. "awaiting moderation") is on the page: not for shared caches."""
    return len(get_messages(request)) > 0


def build(request: HttpRequest, article, *, form: CommentForm | None = None) -> Discussion:
    """The discussion of `article` as this request should see it (see module docstring)."""
    policy = DiscussionSettings.load()
    mine = own_comment_ids(request)
    comments = list(Comment.objects.for_article_page(article, mine))
    roots = thread(comments, policy.max_depth)
    per_page = max(1, policy.per_page)
    num_pages = max(1, math.ceil(len(roots) / per_page))
    try:
        page = int(request.GET.get(PAGE_PARAM, "1"))
    except (TypeError, ValueError):
        page = 1
    page = min(max(page, 1), num_pages)
    is_open = policy.comments_open(article)
    if is_open and form is None:
        form = CommentForm()
    mine_set = set(mine)
    return Discussion(
        article=article,
        count=sum(1 for c in comments if c.status == Comment.Status.APPROVED),
        threads=roots[(page - 1) * per_page : page * per_page],
        page=page,
        num_pages=num_pages,
        is_open=is_open,
        form=form,
        max_depth=policy.max_depth,
        personal=any(c.pk in mine_set for c in comments) or _has_messages(request),
    )


def replyable_parent(
    pk: int | None, article, policy: DiscussionSettings
) -> tuple[Comment | None, str]:
    """(the comment `pk` if a reader may reply to it under `article`, else None; why not).

    The one rule for reply targets, used by the reply link's page and by the
    comment POST: an approved comment of this article, not already at the
    deepest level replies may reach. `pk` None means no reply: (None, '').
    """
    if pk is None:
        return None, ""
    parent = Comment.objects.filter(pk=pk).first()
    if parent is None or parent.article_id != article.pk:
        return None, "That comment does not belong to this article."
    if parent.status != Comment.Status.APPROVED:
        return None, "That comment cannot be replied to."
    if parent.depth + 1 >= max(1, policy.max_depth):
        return None, "Replies cannot be nested this deeply."
    return parent, ""


def requested_reply_target(request: HttpRequest, article) -> Comment | None:
    """The comment named by `?replytocom=ID` (a Reply link without JavaScript), if valid."""
    raw = request.GET.get(REPLY_PARAM)
    if raw is None:
        return None
    field = CommentForm.base_fields["parent"]
    try:
        pk = field.clean(raw)
    except ValidationError:
        return None
    parent, _ = replyable_parent(pk, article, DiscussionSettings.load())
    return parent
