"""Roles are wiring: the groups and their permissions follow the apps' lists on every migrate."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal

from articles.roles import EDITORS, JOURNALISTS
from comments.roles import MODERATORS
from newsroom.roles import role_permissions, sync_roles

pytestmark = pytest.mark.django_db


def _perms(name):
    return set(
        Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    )


def test_every_listed_permission_exists_and_is_granted():
    """A typo in a roles list would silently grant nothing: every entry must exist."""
    for group, perms in role_permissions().items():
        wanted = {tuple(p.split(".")) for p in perms}
        assert _perms(group) == wanted, group


def test_migrate_brings_back_groups_and_permissions_that_went_missing():
    """A new permission reaches an existing database with the next migrate, no data migration."""
    Group.objects.filter(name=MODERATORS).delete()
    Group.objects.get(name=EDITORS).permissions.remove(
        Permission.objects.get(codename="moderate_comment")
    )
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert ("comments", "moderate_comment") in _perms(EDITORS)
    assert ("comments", "view_comment") in _perms(MODERATORS)


def test_sync_is_idempotent_and_keeps_permissions_granted_by_hand():
    extra = Permission.objects.get(codename="delete_comment")
    Group.objects.get(name=JOURNALISTS).permissions.add(extra)
    before = {g.name: _perms(g.name) for g in Group.objects.all()}
    sync_roles()
    sync_roles()
    assert {g.name: _perms(g.name) for g in Group.objects.all()} == before
    assert ("comments", "delete_comment") in _perms(JOURNALISTS)


def test_moderators_may_only_touch_comments():
    assert {app for app, _ in _perms(MODERATORS)} == {"comments"}
