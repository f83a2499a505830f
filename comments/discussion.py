"""The discussion under an article: what the article page shows of its comments.

The articles app does not know comments exist: `{% discussion article %}`
(comments/templatetags/comment_tags.py) joins the page from this side. A
comment POST that must show the article again with its rejected form hands
the bound form over with `attach_form(request, form)` before rendering.

`build()` costs three queries whatever the size of the thread: the discussion
settings; the counts (approved comments, top-level threads, the viewer's own
pending ones); and one page of top-level threads with every reply under them
(a recursive query seeded by the page's roots, LIMIT/OFFSET on the article's
comment index). Only the comments shown are loaded and threaded in Python.
What every reader sees (no comments of their own) is kept per page-cache
generation in the fragment cache: the settings, the counts and the page's
threads as HTML, so a repeat view of an uncached page reads none of them and
renders no comment.

Visible means approved, plus the viewer's own pending comments (named by a
signed cookie). A top-level thread starts at every visible comment whose
parent is not visible (a reply whose parent was trashed keeps its place in
time as a thread of its own), exactly as `rendering.thread()` builds them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.contrib.messages import get_messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString

from core import fragments

from . import rendering
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
class Discussion:
    article: object
    count: int
    threads: Callable[[], SafeString]  # the page's threads as HTML, made when first shown
    page: int
    num_pages: int
    is_open: bool
    form: CommentForm | None  # a bound or reply form; None: the blank form
    max_depth: int
    personal: bool = False

    @cached_property
    def threads_html(self) -> SafeString:
        """The page's threads, each an <li> (comments/rendering.py)."""
        return self.threads()

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


def page_number(comment: Comment, policy: DiscussionSettings, own_ids=()) -> int:
    """The page of the discussion showing `comment` (its thread's place among the threads).

    Two queries whatever the size of the discussion: the comment's ancestors (one
    recursive query; none for a top-level comment, its own thread), then the number
    of threads before its thread.
    """
    own_ids = list(own_ids)
    if comment.parent_id is None:
        return _page_of_thread(comment, own_ids, policy)
    table = Comment._meta.db_table
    sql = (
        f"WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM {table} "  # noqa: S608
        f"WHERE id = %s UNION ALL SELECT c.id, c.parent_id FROM {table} c "
        f"INNER JOIN up ON c.id = up.parent_id) SELECT id FROM up"
    )
    ancestors = {
        c.pk: c
        for c in Comment.objects.filter(_visible(own_ids))
        .filter(pk__in=RawSQL(sql, (comment.pk,)))  # noqa: S611
        .only("pk", "article_id", "parent_id", "created_at")
    }
    root = ancestors.get(comment.pk, comment)
    while root.parent_id in ancestors:  # up while the parent is shown
        root = ancestors[root.parent_id]
    return _page_of_thread(root, own_ids, policy)


def _page_of_thread(root: Comment, own_ids: list[int], policy: DiscussionSettings) -> int:
    """The page showing the thread that starts at `root`: the threads before it.

    One count, written as SQL like `_page_comments` (the same rule for a thread's root:
    a visible comment whose parent is not visible): the ORM's form of it was most of
    the time of a comment POST, which asks it on every post. Approved threads and the
    reader's own pending ones are counted apart: asked as one
    (`approved OR (pending AND id IN mine)`), the count read every comment of the
    article, pending ones included, through the article index (6 ms on an
    11,000-comment thread); `status = approved` keeps each part on the
    (article, status, created_at) index.
    """
    table = Comment._meta.db_table
    connection = connections[Comment.objects.db]
    created_at = connection.ops.adapt_datetimefield_value(root.created_at)  # as stored
    visible_p, params_p = _visible_sql("p", own_ids)
    # (which comments, its parameters): approved, then the reader's other pending ones.
    kinds = [("c.status = %s", [Comment.Status.APPROVED])]
    others = [pk for pk in own_ids if pk != root.pk]
    if others:
        listed = ", ".join(["%s"] * len(others))
        kinds.append((f"c.status = %s AND c.id IN ({listed})", [Comment.Status.PENDING, *others]))
    counts, values = [], []
    for which, params in kinds:
        # Only our own table and column names and placeholders are formatted in.
        counts.append(
            f"(SELECT count(*) FROM {table} c WHERE c.article_id = %s AND {which} "  # noqa: S608
            f"AND (c.created_at < %s OR (c.created_at = %s AND c.id < %s)) "
            f"AND (c.parent_id IS NULL OR (SELECT 1 FROM {table} p "
            f"WHERE p.id = c.parent_id AND {visible_p}) IS NULL))"
        )
        values += [root.article_id, *params, created_at, created_at, root.pk, *params_p]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(counts), values)
        before = cursor.fetchone()[0]
    return before // max(1, policy.per_page) + 1


def _has_messages(request: HttpRequest) -> bool:
    """A one-shot message (e.g. "awaiting moderation") is on the page: not for shared caches."""
    return len(get_messages(request)) > 0


def _visible(own_ids: list[int]) -> Q:
    visible = Q(status=Comment.Status.APPROVED)
    if own_ids:
        visible |= Q(status=Comment.Status.PENDING, pk__in=own_ids)
    return visible


def _roots(article, own_ids: list[int]) -> QuerySet[Comment]:
    # `article` may be an Article or its id.
    """The article's top-level threads as the page shows them, oldest first."""
    visible = _visible(own_ids)
    parent_visible = Exists(Comment.objects.filter(visible, pk=OuterRef("parent_id")).only("pk"))
    return (
        Comment.objects.filter(visible, article=article)
        .filter(Q(parent__isnull=True) | ~parent_visible)
        .order_by("created_at", "pk")
    )


# The columns a discussion page shows, read by `_page_comments` in this order.
_PAGE_FIELDS = (
    "id",
    "article_id",
    "parent_id",
    "depth",
    "author_name",
    "author_url",
    "body",
    "status",
    "is_staff_reply",
    "created_at",
)


def _visible_sql(alias: str, own_ids: list[int]) -> tuple[str, list]:
    """SQL for `_visible(own_ids)` on the comment table aliased `alias`."""
    if not own_ids:
        return f"{alias}.status = %s", [Comment.Status.APPROVED]
    listed = ", ".join(["%s"] * len(own_ids))
    return (
        f"({alias}.status = %s OR ({alias}.status = %s AND {alias}.id IN ({listed})))",
        [Comment.Status.APPROVED, Comment.Status.PENDING, *own_ids],
    )


def _page_comments(article_id: int, offset: int, limit: int, own_ids: list[int]) -> list[Comment]:
    """One page of the article's top-level threads (`_roots`, sliced) and all their
    visible replies, oldest first, in one query.

    Written as SQL so that its plan stays on the indexes whatever the archive's size:
    the roots walk the article's comment index in time order, checking each parent
    with a scalar subquery (an EXISTS may be planned as a hash of every approved
    comment: a sequential scan of the table); on PostgreSQL the replies are a
    recursive join through the parent index fenced per comment (LATERAL … OFFSET 0)
    so that it is never planned as a hash join over the whole table either.
    tests/comments/test_plans.py keeps both plans.
    """
    table = Comment._meta.db_table
    columns = ", ".join(f"c.{name}" for name in _PAGE_FIELDS)
    visible_c, params_c = _visible_sql("c", own_ids)
    visible_p, params_p = _visible_sql("p", own_ids)
    replies = f"SELECT {columns} FROM {table} c WHERE c.parent_id = s.id AND {visible_c}"  # noqa: S608
    if connections[Comment.objects.db].vendor == "postgresql":
        replies = f"SELECT r.* FROM shown s CROSS JOIN LATERAL ({replies} OFFSET 0) r"  # noqa: S608
    else:
        replies = replies.replace(" WHERE ", " INNER JOIN shown s ON TRUE WHERE ", 1)
    # Only our own table and column names and placeholders are formatted in.
    sql = (
        f"WITH RECURSIVE shown AS (SELECT * FROM ("  # noqa: S608
        f"SELECT {columns} FROM {table} c WHERE c.article_id = %s AND {visible_c} "
        f"AND (c.parent_id IS NULL OR (SELECT 1 FROM {table} p "
        f"WHERE p.id = c.parent_id AND {visible_p}) IS NULL) "
        f"ORDER BY c.created_at, c.id LIMIT %s OFFSET %s) AS page_roots "
        f"UNION ALL {replies}) "
        f"SELECT * FROM shown ORDER BY created_at, id"
    )
    params = [article_id, *params_c, *params_p, limit, offset, *params_c]
    return list(Comment.objects.raw(sql, params))


def discussion_policy() -> DiscussionSettings:
    """The discussion policy, kept per page-cache generation (saving them starts one).

    For the policy only: runtime state in the same row (`last_notified_at`, written by
    a bare UPDATE) may be older in this copy; its writers read the row themselves.
    """
    return fragments.get_or_make("discussion-settings", DiscussionSettings.load)


def _counts(article, mine: list[int]) -> dict[str, int]:
    """Approved comments, top-level threads and the reader's own, in one aggregate.

    What every reader sees (no comments of their own) is counted once per page-cache
    generation and kept in the fragment cache: every change that alters a count
    (an approved comment saved, a moderator's decision, a deletion) starts a new
    generation, so a burst of readers does not count a long thread again and again.
    """

    def count() -> dict[str, int]:
        roots = _roots(article, mine)
        return Comment.objects.filter(_visible(mine), article=article).aggregate(
            approved=Count("pk", filter=Q(status=Comment.Status.APPROVED)),
            threads=Count("pk", filter=Q(pk__in=roots.values("pk"))),
            mine=Count("pk", filter=Q(pk__in=mine)),
        )

    if mine:
        return count()
    return fragments.get_or_make(f"discussion-counts:{getattr(article, 'pk', article)}", count)


def _threads_html(
    article_id: int, page: int, per_page: int, mine: list[int], max_depth: int, is_open: bool
) -> SafeString:
    """The HTML of the page's threads (comments/rendering.py). What every reader sees (no
    comments of their own) is kept per page-cache generation, like the counts:
    approving, spamming, trashing, editing, deleting or erasing a comment each start a
    new one. The settings it depends on (per page, depth, open) are part of its name."""

    def render() -> SafeString:
        shown = _page_comments(article_id, (page - 1) * per_page, per_page, mine)
        return rendering.render_threads(
            rendering.thread(shown, max_depth), page=page, is_open=is_open
        )

    if mine:
        return render()
    return fragments.get_or_make(
        f"discussion-page:{article_id}:{page}:{per_page}:{max_depth}:{int(is_open)}", render
    )


def build(request: HttpRequest, article, *, form: CommentForm | None = None) -> Discussion:
    """The discussion of `article` as this request should see it (see module docstring)."""
    policy = discussion_policy()
    mine = own_comment_ids(request)
    counts = _counts(article, mine)
    per_page = max(1, policy.per_page)
    num_pages = max(1, math.ceil(counts["threads"] / per_page))
    try:
        page = int(request.GET.get(PAGE_PARAM, "1"))
    except (TypeError, ValueError):
        page = 1
    page = min(max(page, 1), num_pages)
    is_open = policy.comments_open(article)
    article_id = getattr(article, "pk", article)
    return Discussion(
        article=article,
        count=counts["approved"],
        threads=lambda: _threads_html(article_id, page, per_page, mine, policy.max_depth, is_open),
        page=page,
        num_pages=num_pages,
        is_open=is_open,
        form=form,
        max_depth=policy.max_depth,
        personal=counts["mine"] > 0 or _has_messages(request),
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
