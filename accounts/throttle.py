"""Failed-login throttling: the glue between django-axes and this site.

Axes counts failed admin logins per account and per IP address (settings
`AXES_LOCKOUT_PARAMETERS`); after `AXES_FAILURE_LIMIT` failures that account or
address is locked out for `AXES_COOLOFF_TIME`. Editors and superusers see the
lockouts under "Access attempts" in the admin and unlock one by deleting it;
`manage.py axes_reset_username NAME` / `axes_reset_ip IP` do the same.
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from comments.forms import client_ip


def login_client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the same address flood control uses (TRUSTED_PROXY_HOPS).

    When the proxy header is missing or malformed, the connecting address is used
    rather than none at all, so the per-IP limit never silently switches off.
    """
    return client_ip(request) or request.META.get("REMOTE_ADDR") or None


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a 429 page that says what happened and when to try again."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    response: HttpResponse = render(
        request, "accounts/lockout.html", {"minutes": minutes}, status=429
    )
    if cool_off:
        response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    add_never_cache_headers(response)
    return response
