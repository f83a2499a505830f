"""Workflow emails, sent after the transition's transaction commits.

- an article is submitted → every active editor with an email address;
- changes are requested → the article's journalists (creator and bylined users);
- an article is published or scheduled → the article's journalists.

The actor is never emailed about their own action. Sending failures are
logged and swallowed: a mail server outage must not undo an editorial
decision that has already been committed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.site import absolute_url

from .models import ArticleEvent
from .roles import EDITORS

log = logging.getLogger(__name__)


def _admin_url(article) -> str:
    return absolute_url(reverse("admin:articles_article_change", args=[article.pk]))


def _editor_emails(exclude) -> list[str]:
    User = get_user_model()
    editors = User.objects.filter(is_active=True, groups__name=EDITORS).exclude(email="")
    if exclude is not None:
        editors = editors.exclude(pk=exclude.pk)
    return sorted(set(editors.values_list("email", flat=True)))


def _journalist_emails(article, exclude) -> list[str]:
    users = []
    if article.created_by_id:
        users.append(article.created_by)
    users += [
        b.author.user
        for b in article.bylines.select_related("author__user")
        if b.author.user_id is not None
    ]
    return sorted(
        {
            u.email
            for u in users
            if u.email and u.is_active and (exclude is None or u.pk != exclude.pk)
        }
    )


def _send(event: ArticleEvent, *, subject: str, template: str, recipients: list[str]) -> int:
    if not recipients:
        return 0
    context = {
        "event": event,
        "article": event.article,
        "actor": event.actor,
        "admin_url": _admin_url(event.article),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "now": timezone.now(),
    }
    body = render_to_string(template, context)
    message = EmailMessage(subject=subject, body=body, to=recipients)
    try:
        return message.send()
    except Exception:
        log.exception("Could not send workflow email %r", subject)
        return 0


def article_submitted(event: ArticleEvent) -> int:
    """Tell the editors an article is waiting for review."""
    return _send(
        event,
        subject=f"For review: {event.article.title}",
        template="admin/articles/email/submitted.txt",
        recipients=_editor_emails(exclude=event.actor),
    )


def changes_requested(event: ArticleEvent) -> int:
    """Tell the journalists what the editor wants changed."""
    return _send(
        event,
        subject=f"Changes requested: {event.article.title}",
        template="admin/articles/email/changes_requested.txt",
        recipients=_journalist_emails(event.article, exclude=event.actor),
    )


def article_published(event: ArticleEvent) -> int:
    """Tell the journalists their article is published (or when it will be)."""
    scheduled = event.article.published_at > event.created_at
    return _send(
        event,
        subject=f"{'Scheduled' if scheduled else 'Published'}: {event.article.title}",
        template="admin/articles/email/published.txt",
        recipients=_journalist_emails(event.article, exclude=event.actor),
    )
