"""The second sign-in step: enter a code, or set up an authenticator app.

Both pages sit under the admin, after the password step (see two_factor.py). Wrong
codes are throttled by django-otp per device (each failure doubles the wait).
"""

from __future__ import annotations

from base64 import b32encode

from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .forms import CodeForm

WRONG_CODE = "That code is not right. Check the time on your phone and try the newest code."
THROTTLED = "Too many wrong codes. Wait a minute, then try again with a new code."


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _context(request, **extra):
    return {**admin_site.each_context(request), "next": _next_url(request), **extra}


def _staff_login_required(view):
    return login_required(view, login_url="admin:login")


def _verify_code(user, code: str):
    """(device that accepted `code`, None) or (None, error message)."""
    throttled = False
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(code):
                return device, None
    return None, THROTTLED if throttled else WRONG_CODE


@never_cache
@sensitive_post_parameters("code")
@_staff_login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Second step for a staff member who has an authenticator app (or recovery codes)."""
    user = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    step = two_factor.remember_second_step(request, user)
    if step == two_factor.SET_UP:
        return HttpResponseRedirect(reverse("accounts:setup"))
    if step == two_factor.NONE:
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, error = _verify_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            if device.name == two_factor.RECOVERY_DEVICE_NAME:
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code; {left} left. "
                    "If your phone is lost, set up the app again and make new codes.",
                )
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", error)
    return render(
        request,
        "accounts/verify.html",
        _context(request, form=form, title="Two-factor sign-in"),
        status=400 if form.errors else 200,
    )


@never_cache
@sensitive_post_parameters("code")
@_staff_login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: show its key, confirm with one code, hand out recovery codes.

    A user who already has an app must sign in with it first (so a stolen password alone
    cannot replace the phone).
    """
    user = request.user
    if not user.is_staff:
        return HttpResponseRedirect(reverse("admin:login"))
    if two_factor.has_authenticator(user):
        if not user.is_verified():
            return HttpResponseRedirect(reverse("accounts:verify"))
        return render(
            request,
            "accounts/manage.html",
            _context(
                request,
                title="Two-factor sign-in",
                codes_left=two_factor.recovery_codes_left(user),
            ),
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by(
        "pk"
    ).last() or TOTPDevice.objects.create(
        user=user, name=two_factor.TOTP_DEVICE_NAME, confirmed=False
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("code", THROTTLED)
        elif device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                codes = two_factor.new_recovery_codes(user)
            otp_login(request, device)
            request.session.cycle_key()
            request.session[two_factor.SESSION_KEY] = two_factor.VERIFY
            return render(
                request,
                "accounts/recovery_codes.html",
                _context(request, codes=codes, title="Your recovery codes"),
            )
        else:
            form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/setup.html",
        _context(
            request,
            form=form,
            title="Set up two-factor sign-in",
            key=_base32(device),
            config_url=device.config_url,
            required=two_factor.is_required_for(user),
        ),
        status=400 if form.errors else 200,
    )


@never_cache
@_staff_login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """POST: replace your recovery codes (signed in with two factors only)."""
    if request.method != "POST":
        return HttpResponseRedirect(reverse("admin:index"))
    if not request.user.is_verified():
        return HttpResponseRedirect(reverse("accounts:verify"))
    codes = two_factor.new_recovery_codes(request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        _context(request, codes=codes, title="Your new recovery codes"),
    )


def _base32(device: TOTPDevice) -> str:
    """The key as authenticator apps ask for it when typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
