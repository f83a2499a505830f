"""Comment HTML: a comment's text as typed, and the threads of a discussion page.

The threads are rendered here in Python rather than by a recursive template
include: a page shows up to 50 threads with all their replies, and the template
engine's cost per comment (an include, a `with`, a dozen lookups and filters) was
most of the time of an article page with a long discussion. Everything a reader
typed goes through format_html / conditional_escape.
"""

import re

from django.utils import dateformat
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.timezone import template_localtime

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


_DATE_FORMAT = r"j F Y \a\t H:i"


def _comment_html(node, discussion) -> str:
    c = node.comment
    classes = "comment"
    if c.is_staff_reply:
        classes += " comment--staff"
    if c.is_pending:
        classes += " comment--pending"
    name = format_html("<bdi>{}</bdi>", c.author_name)
    if c.author_url:
        name = format_html('<a href="{}" rel="nofollow ugc noopener">{}</a>', c.author_url, name)
    when = template_localtime(c.created_at)
    parts = [
        format_html(
            '\n<li class="{}" id="comment-{}">\n'
            '  <article class="comment__body" aria-label="Comment by {}">\n'
            '    <header class="comment__meta">\n'
            '      <span class="comment__author">{}</span>\n',
            classes,
            c.pk,
            c.author_name,
            name,
        )
    ]
    if c.is_staff_reply:
        parts.append('      <span class="comment__badge">Staff</span>\n')
    parts.append(
        format_html(
            '      <a class="comment__date" href="#comment-{}"><time datetime="{}">{}</time></a>\n'
            "    </header>\n",
            c.pk,
            dateformat.format(when, "c"),
            dateformat.format(when, _DATE_FORMAT),
        )
    )
    if c.is_pending:
        parts.append('    <p class="comment__awaiting">Your comment is awaiting moderation.</p>\n')
    parts.append(format_html('    <div class="comment__text">{}</div>\n', comment_text(c.body)))
    if node.can_reply and discussion.is_open:
        page = f"cpage={discussion.page}&amp;" if discussion.page > 1 else ""
        parts.append(
            format_html(
                '    <p class="comment__actions"><a class="comment__reply" '
                'href="?{}replytocom={}#respond" rel="nofollow" data-reply-to="{}" '
                'data-reply-name="{}">Reply<span class="visually-hidden"> to {}</span></a></p>\n',
                mark_safe(page),  # noqa: S308 - built above from an integer
                c.pk,
                c.pk,
                c.author_name,
                c.author_name,
            )
        )
    parts.append("  </article>\n")
    if node.children:
        parts.append('  <ol class="comment-list comment-list--replies">')
        parts.extend(_comment_html(child, discussion) for child in node.children)
        parts.append("\n  </ol>\n")
    parts.append("</li>")
    return "".join(parts)


def render_threads(nodes, discussion) -> SafeString:
    """`<li>` of each thread of `nodes` (discussion.Node), replies nested in `<ol>`s."""
    return mark_safe("".join(_comment_html(node, discussion) for node in nodes))  # noqa: S308 - every piece escaped above
