"""Comment HTML: a comment's text as typed, and the threads of a discussion page (the
tree of a page's comments, `thread()`, and its HTML, `render_threads()`).

The threads are rendered here in Python rather than by a recursive template
include: a page shows up to 50 threads with all their replies, and the template
engine's cost per comment (an include, a `with`, a dozen lookups and filters) was
most of the time of an article page with a long discussion. Everything a reader
typed goes through html.escape (Django's `escape` is the same function), applied
once where the value is written into the page; nothing here is marked safe before
it has been escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from django.utils.dates import MONTHS
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.timezone import template_localtime

from .models import Comment


@dataclass
class Node:
    comment: Comment
    children: list[Node] = field(default_factory=list)
    level: int = 0
    can_reply: bool = False


def thread(comments: list[Comment], max_depth: int) -> list[Node]:
    """Top-level nodes (oldest first), replies nested at most `max_depth` levels deep.

    A reply whose parent is not shown (trashed or spam after the reply was
    approved) is kept, as WordPress keeps it: it starts a thread of its own at
    its place in time, with its own replies still nested under it. Replies
    deeper than allowed are shown beside their parent (flattened), not lost.
    "Reply" is offered only where the server accepts one: the comment's stored
    depth is what `discussion.replyable_parent` checks, so an orphan shown at the top
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


_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"
_BR = "<br>\n"


def _linkify(line: str) -> str:
    """Escape a line of text, turning http(s) addresses into user-content links."""
    if "://" not in line:  # most lines: nothing to link
        return escape(line)
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(line):
        url, trail = match.group(0), ""
        while url and url[-1] in _TRAILING:
            url, trail = url[:-1], url[-1] + trail
        link = escape(url)
        parts.append(escape(line[position : match.start()]))
        parts.append(f'<a href="{link}" rel="nofollow ugc noopener">{link}</a>')
        parts.append(escape(trail))
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def comment_text(value: str) -> SafeString:
    """Plain text as typed → paragraphs of escaped text with linkified web addresses.

    Every character the reader typed goes through html.escape (what Django's own
    escaping does); the only markup is <p>, <br> and the links we make.
    """
    text = normalize_newlines(str(value)).strip()
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]
    return mark_safe(  # noqa: S308 - every piece of reader text escaped by _linkify
        "\n".join(
            "<p>" + _BR.join(_linkify(line) for line in p.split("\n")) + "</p>" for p in paragraphs
        )
    )


def _when(created_at) -> tuple[str, str]:
    """(ISO 8601, "3 December 2026 at 14:05") in the current time zone, month translated."""
    when = template_localtime(created_at)
    return when.isoformat(), f"{when.day} {MONTHS[when.month]} {when.year} at {when:%H:%M}"


def _comment_html(node, page: int, is_open: bool) -> str:
    """One comment and its replies. Reader input (name, website, text) is escaped here."""
    c = node.comment
    classes = "comment"
    if c.is_staff_reply:
        classes += " comment--staff"
    if c.is_pending:
        classes += " comment--pending"
    author = escape(c.author_name)
    name = f"<bdi>{author}</bdi>"
    if c.author_url:
        name = f'<a href="{escape(c.author_url)}" rel="nofollow ugc noopener">{name}</a>'
    iso, shown = _when(c.created_at)
    parts = [
        f'\n<li class="{classes}" id="comment-{c.pk}">\n'
        f'  <article class="comment__body" aria-label="Comment by {author}">\n'
        f'    <header class="comment__meta">\n'
        f'      <span class="comment__author">{name}</span>\n'
    ]
    if c.is_staff_reply:
        parts.append('      <span class="comment__badge">Staff</span>\n')
    parts.append(
        f'      <a class="comment__date" href="#comment-{c.pk}"><time datetime="{iso}">'
        f"{escape(shown)}</time></a>\n    </header>\n"
    )
    if c.is_pending:
        parts.append('    <p class="comment__awaiting">Your comment is awaiting moderation.</p>\n')
    parts.append(f'    <div class="comment__text">{comment_text(c.body)}</div>\n')
    if node.can_reply and is_open:
        on_page = f"cpage={page}&amp;" if page > 1 else ""
        parts.append(
            f'    <p class="comment__actions"><a class="comment__reply" '
            f'href="?{on_page}replytocom={c.pk}#respond" rel="nofollow" data-reply-to="{c.pk}" '
            f'data-reply-name="{author}">Reply<span class="visually-hidden"> to {author}</span>'
            f"</a></p>\n"
        )
    parts.append("  </article>\n")
    if node.children:
        parts.append('  <ol class="comment-list comment-list--replies">')
        parts.extend(_comment_html(child, page, is_open) for child in node.children)
        parts.append("\n  </ol>\n")
    parts.append("</li>")
    return "".join(parts)


def render_threads(nodes, *, page: int, is_open: bool) -> SafeString:
    """`<li>` of each thread of `nodes` (`Node`), replies nested in `<ol>`s, on
    discussion page `page`; Reply links only while the discussion `is_open`."""
    return mark_safe("".join(_comment_html(node, page, is_open) for node in nodes))  # noqa: S308 - every piece escaped above
