"""The reader's IP address, as our own reverse proxies saw it.

Used wherever a limit is kept per reader (comment flood control, the search
rate limit) and for Akismet. Behind ``TRUSTED_PROXY_HOPS`` reverse proxies (a
load balancer, nginx) ``REMOTE_ADDR`` is the last proxy, so the reader is the
entry that many hops from the right of ``X-Forwarded-For``; entries further
left are whatever the client claimed and are never trusted.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address

logger = logging.getLogger(__name__)

_warned_about_forwarding = False


def _valid(ip: str | None) -> str | None:
    if not ip:
        return None
    try:
        validate_ipv46_address(ip)
    except ValidationError:
        return None
    return ip


def client_ip(request) -> str | None:
    """The reader's address: REMOTE_ADDR, or the address our own proxies saw.

    With TRUSTED_PROXY_HOPS ≥ 1 but no usable X-Forwarded-For entry (missing,
    too short, or not an IP address) the connecting address is used instead,
    and a warning is logged once per process: that is a request that reached
    the app without passing through the proxies, or a proxy set up wrongly.
    Falling back keeps flood control and rate limits on; a limit keyed on the
    proxy's address is stricter, never looser. None only when even
    REMOTE_ADDR is not an IP address.
    """
    remote = _valid(request.META.get("REMOTE_ADDR"))
    hops = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    ip = _valid(forwarded[-hops]) if len(forwarded) >= hops else None
    if ip is None:
        _warn_once(request, remote)
        return remote
    return ip


def _warn_once(request, remote: str | None) -> None:
    global _warned_about_forwarding
    if _warned_about_forwarding:
        return
    _warned_about_forwarding = True
    logger.warning(
        "TRUSTED_PROXY_HOPS=%s but the request has no usable X-Forwarded-For entry "
        "(got %r); using the connecting address %s. Logged once per process.",
        settings.TRUSTED_PROXY_HOPS,
        request.META.get("HTTP_X_FORWARDED_FOR", "")[:200],
        remote,
    )
