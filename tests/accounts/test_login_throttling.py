"""Failed admin logins are throttled per account and per IP address (django-axes).

Every test signs in through the real admin login form, with the CSRF-enforcing client.
"""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from articles.roles import EDITORS
from tests.factories import make_user

LIMIT = 3


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def sign_in(client, username, password, ip="198.51.100.7"):
    """POST the admin login form as a browser does (token from the page, then the form)."""
    page = client.get("/admin/login/", REMOTE_ADDR=ip)
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    token = token or client.cookies["csrftoken"].value
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        REMOTE_ADDR=ip,
    )


def browser():
    return Client(enforce_csrf_checks=True)


def test_wrong_passwords_lock_the_account_even_for_the_right_password(journalist):
    """After LIMIT failures the right password is refused too, with a clear 429 page."""
    client = browser()
    for _ in range(LIMIT - 1):
        response = sign_in(client, "journalist", "guess")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = sign_in(client, "journalist", "guess")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "wait 15 minutes" in page
    assert locked["Retry-After"] == str(15 * 60)
    assert "no-store" in locked["Cache-Control"]

    right = sign_in(browser(), "journalist", "pw", ip="203.0.113.9")  # another address too
    assert right.status_code == 429
    assert "_auth_user_id" not in browser().session


def test_one_address_guessing_many_accounts_is_locked_out(db):
    """Per IP: spraying one password over many accounts stops at the limit."""
    for n in range(LIMIT + 1):
        make_user(f"staff{n}", is_staff=True)
    client = browser()
    statuses = [sign_in(client, f"staff{n}", "guess").status_code for n in range(LIMIT + 1)]
    assert statuses == [200] * (LIMIT - 1) + [429, 429]
    # The last account was never guessed more than once, yet this address is refused...
    assert sign_in(client, f"staff{LIMIT}", "pw").status_code == 429
    # ...while from elsewhere it signs in.
    assert sign_in(browser(), f"staff{LIMIT}", "pw", ip="203.0.113.9").status_code == 302


def test_the_cool_off_ends_the_lockout(journalist, time_machine):
    time_machine.move_to("2026-12-02 12:00:00+00:00", tick=False)
    client = browser()
    for _ in range(LIMIT):
        sign_in(client, "journalist", "guess")
    assert sign_in(client, "journalist", "pw").status_code == 429
    time_machine.move_to("2026-12-02 12:16:00+00:00", tick=False)
    response = sign_in(client, "journalist", "pw")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_successful_login_resets_the_count(journalist):
    client = browser()
    for _ in range(LIMIT - 1):
        sign_in(client, "journalist", "guess")
    assert sign_in(client, "journalist", "pw").status_code == 302
    client = browser()
    for _ in range(LIMIT - 1):
        assert sign_in(client, "journalist", "guess").status_code == 200


def test_the_client_ip_follows_trusted_proxy_hops(journalist, settings):
    """Behind one proxy the reader's address is X-Forwarded-For's last entry, not the proxy's."""
    settings.TRUSTED_PROXY_HOPS = 1
    client = browser()
    for n in range(LIMIT):
        client.get("/admin/login/")
        client.post(
            "/admin/login/",
            {
                "username": f"nobody{n}",
                "password": "x",
                "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            },
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.50",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.50"}


def test_an_editor_sees_lockouts_and_unlocks_an_account_in_the_admin(journalist, editor):
    client = browser()
    for _ in range(LIMIT):
        sign_in(client, "journalist", "guess")
    assert sign_in(client, "journalist", "pw").status_code == 429

    staff = browser()
    assert sign_in(staff, "editor", "pw", ip="203.0.113.20").status_code == 302
    changelist = staff.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200
    assert "journalist" in changelist.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    token = staff.cookies["csrftoken"].value
    confirm = staff.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "csrfmiddlewaretoken": token},
    )
    assert confirm.status_code == 200  # "Are you sure?"
    done = staff.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": ids,
            "post": "yes",
            "csrfmiddlewaretoken": token,
        },
    )
    assert done.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert sign_in(browser(), "journalist", "pw").status_code == 302


@pytest.mark.parametrize("who", ["journalist", "moderator"])
def test_other_staff_cannot_see_or_lift_lockouts(who, request, db):
    # `db` named here, not only through getfixturevalue: pytest-django orders tests by
    # the database access they declare, and one that declares none runs after the
    # transactional tests, whose serialized rollback leaves the tables empty (groups
    # included) until the next such test restores them.
    request.getfixturevalue(who)
    client = browser()
    assert sign_in(client, who, "pw").status_code == 302
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_editors_hold_the_lockout_permissions(db):
    perms = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    assert {"view_accessattempt", "delete_accessattempt"} <= perms


def test_axes_reset_command_unlocks(journalist):
    client = browser()
    for _ in range(LIMIT):
        sign_in(client, "journalist", "guess")
    call_command("axes_reset_username", "journalist")
    assert sign_in(browser(), "journalist", "pw", ip="203.0.113.9").status_code == 302
