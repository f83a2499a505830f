"""Who may see and change which article: the per-object rules.

Editors (the Editors group, or superusers) may do anything to every article;
journalists may see the articles they created or carry their byline on, and
edit them only while Draft. The admin and the workflow ask these functions;
nothing else decides.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Article, Byline
from .roles import EDITORS, JOURNALISTS

User = AbstractBaseUser | AnonymousUser


def _group_names(user) -> frozenset[str]:
    # Cached on the user object: the admin asks many times per request.
    if not hasattr(user, "_newsroom_groups"):
        user._newsroom_groups = (
            frozenset(user.groups.values_list("name", flat=True))
            if user.is_authenticated
            else frozenset()
        )
    return user._newsroom_groups


def is_editor(user: User) -> bool:
    """Editors (and superusers) may do everything to every article."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or EDITORS in _group_names(user)


def is_journalist(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and JOURNALISTS in _group_names(user))


def owned_q(user: User) -> Q:
    """Articles `user` created or carries a byline on (any role)."""
    bylined = Byline.objects.filter(article=OuterRef("pk"), author__user=user)
    return Q(created_by=user) | Q(Exists(bylined))


def visible_articles(user: User, queryset: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """The articles `user` may see in the admin: all for editors, their own for others."""
    queryset = Article.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(owned_q(user))


def owns(user: User, article: Article) -> bool:
    """`user` created the article or has a byline on it."""
    if not user.is_authenticated or article.pk is None:
        return False
    if article.created_by_id == user.pk:
        return True
    return Byline.objects.filter(article=article, author__user=user).exists()


def can_view(user: User, article: Article) -> bool:
    return is_editor(user) or owns(user, article)


def can_edit(user: User, article: Article) -> bool:
    """Editors edit anything; a journalist edits only their own article, only while Draft."""
    if is_editor(user):
        return True
    return article.status == Article.Status.DRAFT and owns(user, article)
