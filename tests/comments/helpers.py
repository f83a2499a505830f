"""Small explicit helpers for comment tests: make_comment(**overrides), post data."""

import itertools

from django.utils import timezone

from comments.models import Comment

_seq = itertools.count(1)


def make_comment(article, **overrides) -> Comment:
    """A saved comment, approved and checked (ham) by default."""
    n = next(_seq)
    overrides.setdefault("author_name", f"Reader {n}")
    overrides.setdefault("author_email", f"reader{n}@example.com")
    overrides.setdefault("body", f"Comment number {n}.")
    overrides.setdefault("status", Comment.Status.APPROVED)
    overrides.setdefault("spam_verdict", Comment.Verdict.HAM)
    overrides.setdefault("ip_address", "192.0.2.10")
    overrides.setdefault("user_agent", "Mozilla/5.0 (Test)")
    overrides.setdefault("created_at", timezone.now())
    parent = overrides.get("parent")
    if parent is not None:
        overrides.setdefault("depth", parent.depth + 1)
    return Comment.objects.create(article=article, **overrides)


def form_data(**overrides) -> dict:
    n = next(_seq)
    data = {
        "comment": f"A thoughtful remark, number {n}.",
        "name": "Ada Reader",
        "email": f"ada{n}@example.com",
        "url": "",
        "homepage": "",
        "parent": "",
    }
    data.update(overrides)
    return data


def comment_url(article) -> str:
    return article.get_absolute_url() + "comment/"
