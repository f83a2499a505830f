"""Two-factor sign-in for staff, through the real admin login.

Codes are computed in the test from the device's key, as the phone would.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.accounts.test_login_throttling import browser, sign_in


def code_for(device, *, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def paired(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    two_factor.new_recovery_codes(user)
    return device


def post(client, url, data):
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA_FOR_EDITORS = True


def test_an_editor_must_set_up_an_app_then_gets_recovery_codes(editor, required):
    client = browser()
    response = sign_in(client, "editor", "pw")
    assert response.status_code == 302
    admin = client.get("/admin/articles/article/")
    assert admin.status_code == 302
    assert admin["Location"] == "/admin/two-factor/set-up/?next=%2Fadmin%2Farticles%2Farticle%2F"

    page = client.get(admin["Location"])
    assert page.status_code == 200
    assert "Your role needs two-factor sign-in" in page.content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert device.config_url in page.content.decode().replace("&amp;", "&")

    wrong = post(client, "/admin/two-factor/set-up/", {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    throttled = post(client, "/admin/two-factor/set-up/", {"code": code_for(device)})
    assert "Too many wrong codes" in throttled.content.decode()

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # waited
    done = post(client, "/admin/two-factor/set-up/", {"code": code_for(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    for code in codes:
        assert code in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/articles/article/").status_code == 200


def test_an_editor_with_an_app_enters_a_code_after_the_password(editor, required):
    device = paired(editor)
    client = browser()
    assert sign_in(client, "editor", "pw").status_code == 302
    held = client.get("/admin/")
    assert held["Location"] == "/admin/two-factor/verify/?next=%2Fadmin%2F"
    assert "Open your authenticator app" in client.get(held["Location"]).content.decode()

    wrong = post(client, "/admin/two-factor/verify/", {"code": "123456", "next": "/admin/"})
    assert wrong.status_code == 400
    assert client.get("/admin/").status_code == 302

    # django-otp throttles the device after a failure: wait it out, then the code works.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = post(client, "/admin/two-factor/verify/", {"code": code_for(device), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_once(editor, required):
    paired(editor)
    code = StaticToken.objects.filter(device__user=editor).first().token
    client = browser()
    sign_in(client, "editor", "pw")
    response = post(client, "/admin/two-factor/verify/", {"code": code.upper(), "next": "/admin/"})
    assert response.status_code == 302
    assert "9 left" in client.get("/admin/").content.decode()
    assert not StaticToken.objects.filter(token=code).exists()

    again = browser()
    sign_in(again, "editor", "pw", ip="203.0.113.5")
    reused = post(again, "/admin/two-factor/verify/", {"code": code, "next": "/admin/"})
    assert reused.status_code == 400


def test_wrong_codes_are_throttled(editor, required):
    device = paired(editor)
    client = browser()
    sign_in(client, "editor", "pw")
    post(client, "/admin/two-factor/verify/", {"code": "000000"})
    # Within the back-off even the right code is refused, with a message that says so.
    response = post(client, "/admin/two-factor/verify/", {"code": code_for(device)})
    assert response.status_code == 400
    assert "Too many wrong codes" in response.content.decode()


def test_the_password_alone_does_not_sign_in_to_the_rest_of_the_site(editor, required):
    """Between the steps, pages outside the admin see an anonymous visitor."""
    paired(editor)
    client = browser()
    sign_in(client, "editor", "pw")
    response = client.get("/admin/two-factor/verify/")
    assert response.wsgi_request.user.is_authenticated
    front = client.get("/")
    assert not front.wsgi_request.user.is_authenticated


def test_not_required_for_journalists_but_offered(journalist, required):
    client = browser()
    assert sign_in(client, "journalist", "pw").status_code == 302
    index = client.get("/admin/")
    assert index.status_code == 200
    assert 'href="/admin/two-factor/set-up/"' in index.content.decode()
    setup = client.get("/admin/two-factor/set-up/")
    assert "Your role needs" not in setup.content.decode()


def test_a_journalist_who_opted_in_is_asked_for_the_code(journalist):
    """Off for their role and off in settings, a paired device is still required."""
    paired(journalist)
    client = browser()
    sign_in(client, "journalist", "pw")
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/verify/")


def test_off_by_setting_editors_sign_in_with_the_password_alone(editor):
    client = browser()
    assert sign_in(client, "editor", "pw").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_stolen_password_cannot_replace_the_phone(editor, required):
    """With an app already paired, the set-up page sends you to the code first."""
    paired(editor)
    client = browser()
    sign_in(client, "editor", "pw")
    response = client.get("/admin/two-factor/set-up/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/verify/"
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_next_never_leaves_the_site(editor, required):
    device = paired(editor)
    client = browser()
    sign_in(client, "editor", "pw")
    response = post(
        client,
        "/admin/two-factor/verify/",
        {"code": code_for(device), "next": "https://evil.test/"},
    )
    assert response["Location"] == "/admin/"


def test_verified_users_can_make_new_recovery_codes(editor, required):
    device = paired(editor)
    old = set(StaticToken.objects.values_list("token", flat=True))
    client = browser()
    sign_in(client, "editor", "pw")
    post(client, "/admin/two-factor/verify/", {"code": code_for(device)})
    page = client.get("/admin/two-factor/set-up/")
    assert "You have <strong>10</strong> unused recovery codes" in page.content.decode()
    assert 'action="/admin/two-factor/recovery-codes/"' in page.content.decode()
    response = post(client, "/admin/two-factor/recovery-codes/", {})
    assert response.status_code == 200
    new = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10
    assert not (new & old)


def test_required_by_default_in_production_and_off_in_development():
    def value(debug):
        env = {**os.environ, "DEBUG": debug, "SECRET_KEY": "x" * 50}
        env.pop("REQUIRE_2FA_FOR_EDITORS", None)
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "import newsroom.settings as s; print(s.REQUIRE_2FA_FOR_EDITORS)",
            ],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.strip()

    assert value("false") == "True"
    assert value("true") == "False"
