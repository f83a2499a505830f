"""How a comment reads in the queue: full text with its links and moderation
keywords highlighted, escaped character by character (never mark_safe)."""

from __future__ import annotations

import re

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

# Shown whole up to this length; longer texts show this much and expand.
EXCERPT_CHARS = 600

_LINK = r"(?:https?://|www\.)\S*"


def _pattern(keywords: list[str]) -> re.Pattern:
    alternatives = [f"(?P<link>{_LINK})"]
    if keywords:
        words = sorted({k for k in keywords if k}, key=len, reverse=True)
        alternatives.append("(?P<keyword>" + "|".join(re.escape(w) for w in words) + ")")
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, keywords: list[str]) -> SafeString:
    """Escaped `text` with web addresses and `keywords` wrapped in <mark>."""
    pattern = _pattern(keywords)
    parts: list[SafeString] = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(conditional_escape(text[position : match.start()]))
        kind = "link" if match.group("link") else "keyword"
        parts.append(
            format_html('<mark class="queue-mark queue-mark--{}">{}</mark>', kind, match.group(0))
        )
        position = match.end()
    parts.append(conditional_escape(text[position:]))
    return format_html_join("", "{}", ((part,) for part in parts))


def readable_text(text: str, keywords: list[str]) -> SafeString:
    """The whole comment, or a long excerpt with the rest behind a disclosure."""
    text = text.strip()
    if len(text) <= EXCERPT_CHARS:
        return format_html('<div class="queue-text">{}</div>', highlight(text, keywords))
    cut = text.rfind(" ", 0, EXCERPT_CHARS)
    cut = cut if cut > EXCERPT_CHARS // 2 else EXCERPT_CHARS
    head, rest = text[:cut], text[cut:]
    return format_html(
        '<div class="queue-text">{}<details class="queue-more"><summary>Show the rest '
        "({} more characters)</summary>{}</details></div>",
        highlight(head, keywords),
        len(rest),
        highlight(rest, keywords),
    )
