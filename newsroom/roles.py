"""The groups every newsroom has, kept in step with the apps' permission lists.

Each app says in its `roles.py` which permissions its roles hold; this module
joins them and, on every `post_migrate`, creates the groups and grants what is
listed. It is idempotent and only adds, so a permission added to a list
reaches existing databases with the next `migrate`, with no data migration.
Permissions a group holds beyond the lists (granted by hand) are left alone.
"""

from collections import defaultdict

from django.contrib.auth.models import Group, Permission

from accounts import roles as account_roles
from articles import roles as article_roles
from comments import roles as comment_roles
from wordpress import roles as wordpress_roles

APP_ROLES = (
    article_roles.ROLE_PERMISSIONS,
    comment_roles.ROLE_PERMISSIONS,
    account_roles.ROLE_PERMISSIONS,
    wordpress_roles.ROLE_PERMISSIONS,
)


def role_permissions() -> dict[str, list[str]]:
    """Group name → "app_label.codename" for every role, all apps together."""
    joined: dict[str, list[str]] = defaultdict(list)
    for roles in APP_ROLES:
        for group, perms in roles.items():
            joined[group].extend(p for p in perms if p not in joined[group])
    return dict(joined)


def sync_roles(*, using: str = "default", **_signal_kwargs) -> None:
    """Create the groups and grant each the listed permissions that exist."""
    for name, perms in role_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = set()
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.add((app_label, codename))
        found = Permission.objects.using(using).filter(
            content_type__app_label__in={a for a, _ in wanted},
            codename__in={c for _, c in wanted},
        )
        group.permissions.add(
            *[
                p
                for p in found.select_related("content_type")
                if (p.content_type.app_label, p.codename) in wanted
            ]
        )
