"""Read replicas: which database each query goes to.

With `DATABASE_REPLICA_URLS` set, settings define the aliases `replica1`,
`replica2`, ... (listed in `DATABASE_REPLICAS`) and install
`PrimaryReplicaRouter`. The rule:

- a public page (a view decorated with `public_page`) read with GET or HEAD by
  an anonymous reader reads from one replica, chosen per request;
- everything else uses the primary (`default`): every write, the admin, previews,
  staff with a session, the worker and management commands (no request at all),
  and a reader who posted in the last `REPLICA_STICKY_SECONDS` — any successful
  POST (a comment) sets a signed cookie that keeps that browser on the primary
  until the replicas have caught up, so the reader sees their own comment.

`ReplicaRoutingMiddleware` makes the per-request decision; the router only
reads it. Migrations run on the primary only.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings

STICKY_COOKIE = "newsroom_primary"
_STICKY_SALT = "newsroom.db_router.sticky"
_SAFE_METHODS = ("GET", "HEAD")

# The replica alias this request may read from, or None for the primary.
_read_alias: ContextVar[str | None] = ContextVar("newsroom_read_alias", default=None)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return _read_alias.get() or "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def is_public_page(view_func) -> bool:
    """Whether the view is marked public (`public_page` sets the attribute; wraps keeps it)."""
    return getattr(view_func, "public_page", False)


def recently_posted(request) -> bool:
    return (
        request.get_signed_cookie(
            STICKY_COOKIE,
            default=None,
            salt=_STICKY_SALT,
            max_age=settings.REPLICA_STICKY_SECONDS,
        )
        is not None
    )


def may_read_from_replica(request, view_func) -> bool:
    return (
        bool(settings.DATABASE_REPLICAS)
        and request.method in _SAFE_METHODS
        and is_public_page(view_func)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not recently_posted(request)
    )


class ReplicaRoutingMiddleware:
    """Choose the request's read database before the view runs; keep posters on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_alias.set(None)
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(token)
        if (
            settings.DATABASE_REPLICAS
            and request.method not in _SAFE_METHODS
            and response.status_code < 400
        ):
            response.set_signed_cookie(
                STICKY_COOKIE,
                "1",
                salt=_STICKY_SALT,
                max_age=settings.REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if may_read_from_replica(request, view_func):
            # Spreading load, not a secret.
            _read_alias.set(random.choice(settings.DATABASE_REPLICAS))  # noqa: S311
        return None
