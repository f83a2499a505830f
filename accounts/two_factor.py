"""Two-factor sign-in for staff: who needs it, and the gate in front of the admin.

A staff member who has a confirmed authenticator (TOTP) device must enter a code from
it after their password before the admin opens; one who has none is sent to set one up
when two-factor sign-in is required for them (`REQUIRE_2FA_FOR_EDITORS`: Editors and
superusers). Recovery codes (django-otp static tokens, each usable once) stand in for
the phone. Until the second step is done the session counts as signed out everywhere
else on the site.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.roles import EDITORS

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
TOTP_DEVICE_NAME = "Authenticator app"


def is_required_for(user) -> bool:
    """Whether `user` may not use the admin without a second factor."""
    if not settings.REQUIRE_2FA_FOR_EDITORS or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=EDITORS).exists()


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


# Lower-case letters and digits without the look-alikes (0/o, 1/l/i): 31 symbols.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _recovery_code() -> str:
    """Two groups of five (about 50 bits), e.g. `k7m2p-x9qrt`; fits StaticToken's 16 chars."""
    chars = [secrets.choice(_RECOVERY_ALPHABET) for _ in range(10)]
    return "".join(chars[:5]) + "-" + "".join(chars[5:])


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT fresh ones; return them."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_DEVICE_NAME, device__confirmed=True
    ).count()


SESSION_KEY = "accounts_second_step"
VERIFY, SET_UP, NONE = "verify", "setup", ""


def second_step_for(user) -> str:
    """VERIFY if the user has a device, SET_UP if they need one and have none, else NONE."""
    if not user.is_authenticated or not user.is_staff:
        return NONE
    if user_has_device(user):
        return VERIFY
    return SET_UP if is_required_for(user) else NONE


def remember_second_step(request: HttpRequest, user) -> str:
    """Work out the user's second step once per session (not on every admin request)."""
    step = second_step_for(user)
    request.session[SESSION_KEY] = step
    return step


@receiver(user_logged_in, dispatch_uid="accounts.second_step")
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_second_step(request, user)


def _admin_prefix() -> str | None:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: hold unverified staff at the second step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session, so nobody signed in. Not touching `request.user` keeps the
            # session unread, so public pages do not vary on Cookie and stay cacheable.
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and user.is_staff and not user.is_verified():
            step = request.session.get(SESSION_KEY)
            if step is None:  # a session from before two-factor sign-in existed
                step = remember_second_step(request, user)
            if step:
                prefix = _admin_prefix()
                if prefix and request.path.startswith(prefix):
                    if request.path not in self._open_paths():
                        return self._redirect(request, step)
                else:
                    # Password given but not the code: not signed in anywhere else.
                    request.user = AnonymousUser()
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> set[str]:
        return {
            reverse("accounts:verify"),
            reverse("accounts:setup"),
            reverse("admin:logout"),
            reverse("admin:jsi18n"),
        }

    @staticmethod
    def _redirect(request, step):
        view = "accounts:verify" if step == VERIFY else "accounts:setup"
        target = request.get_full_path() if request.method == "GET" else reverse("admin:index")
        return HttpResponseRedirect(f"{reverse(view)}?{urlencode({'next': target})}")
