"""Emails to moderators, and the signed one-click links they carry.

A link names one comment and one action (approve, spam, trash) and is signed
with SECRET_KEY; it expires after LINK_MAX_AGE. Opening it shows a confirm
page to a logged-in moderator; only the POST from that page changes anything.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.site import absolute_url

from .models import Comment, DiscussionSettings

LINK_SALT = "comments.moderation-link"
LINK_MAX_AGE = timedelta(days=7)
LINK_ACTIONS = ("approve", "spam", "trash")
MAX_LISTED = 50


def moderation_token(comment: Comment, action: str) -> str:
    if action not in LINK_ACTIONS:
        raise ValueError(f"Unknown moderation action {action!r}")
    return signing.dumps({"c": comment.pk, "a": action}, salt=LINK_SALT, compress=True)


def read_token(token: str) -> tuple[int, str]:
    """(comment id, action) from a link's token; raises signing.BadSignature if forged or old."""
    data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    if not isinstance(data, dict) or data.get("a") not in LINK_ACTIONS:
        raise signing.BadSignature("Malformed moderation link")
    try:
        return int(data["c"]), data["a"]
    except (KeyError, TypeError, ValueError) as exc:
        raise signing.BadSignature("Malformed moderation link") from exc


def moderation_url(comment: Comment, action: str) -> str:
    path = reverse(
        "admin:comments_comment_link", kwargs={"token": moderation_token(comment, action)}
    )
    return absolute_url(path)


def moderator_emails() -> list[str]:
    """Active users who may moderate (via a group, directly, or as superusers), with an email."""
    User = get_user_model()
    perm = Q(groups__permissions__codename="moderate_comment") | Q(
        user_permissions__codename="moderate_comment"
    )
    users = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(perm | Q(is_superuser=True))
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(users))


def _send(subject: str, comments: list[Comment], intro: str) -> bool:
    recipients = moderator_emails()
    if not recipients or not comments:
        return False
    items = [
        {
            "comment": c,
            "approve_url": moderation_url(c, "approve"),
            "spam_url": moderation_url(c, "spam"),
            "trash_url": moderation_url(c, "trash"),
        }
        for c in comments
    ]
    context = {
        "intro": intro,
        "items": items,
        "queue_url": absolute_url(reverse("admin:comments_comment_changelist") + "?status=pending"),
        "SITE_NAME": settings.SITE_NAME,
    }
    body = render_to_string("comments/email/waiting.txt", context)
    send_mail(f"[{settings.SITE_NAME}] {subject}", body, None, recipients)
    return True


def notify_waiting(now=None) -> int:
    """Email moderators the pending comments not yet announced; at most once per
    COMMENTS_NOTIFY_MINUTES (claimed atomically, so concurrent workers send one).
    Returns how many comments were listed (0 when rate-limited or nothing waits).
    The claim below is what makes it once: the look at the last notice first only
    spares the queries of the common case, a notice sent within the period.
    """
    now = now or timezone.now()
    since = now - timedelta(minutes=settings.COMMENTS_NOTIFY_MINUTES)
    last = DiscussionSettings.load_saved().last_notified_at
    if last is not None and last > since:
        # Rate-limited: one query. Held comments arrive in bursts, each asking this.
        return 0
    waiting = Comment.objects.pending().filter(moderators_notified_at__isnull=True)
    if not waiting.exists():
        return 0
    claimed = (
        DiscussionSettings.objects.filter(pk=DiscussionSettings.SINGLETON_PK)
        .filter(Q(last_notified_at__isnull=True) | Q(last_notified_at__lte=since))
        .update(last_notified_at=now)
    )
    if not claimed:
        return 0
    comments = list(waiting.select_related("article").order_by("created_at", "pk")[:MAX_LISTED])
    total = waiting.count()
    intro = (
        f"{total} comment{'s' if total != 1 else ''} "
        f"{'are' if total != 1 else 'is'} waiting for a moderator."
    )
    _send("Comments awaiting moderation", comments, intro)
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(moderators_notified_at=now)
    return len(comments)


def notify_unchecked(now=None) -> int:
    """Email moderators, once per comment, about comments left unchecked for 24 hours."""
    now = now or timezone.now()
    stale = (
        Comment.objects.pending()
        .filter(
            spam_verdict__in=[Comment.Verdict.UNCHECKED, Comment.Verdict.ERROR],
            created_at__lte=now - timedelta(hours=24),
            unchecked_notified_at__isnull=True,
        )
        .select_related("article")
        .order_by("created_at", "pk")
    )
    comments = list(stale[:MAX_LISTED])
    if not comments:
        return 0
    intro = (
        "These comments have waited more than 24 hours without a spam check "
        "(Akismet is unreachable or not configured). Please review them by hand."
    )
    _send("Comments not checked for spam", comments, intro)
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(unchecked_notified_at=now)
    return len(comments)
