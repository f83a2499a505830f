"""The newsroom's groups and the model permissions each one holds.

Groups are created by data migrations (articles 0002, and again by later
apps' migrations once their models exist); `sync_roles` is idempotent and only
adds permissions that exist, so it is safe to call from any of them.
Per-object rules (a journalist's own drafts) live in articles/workflow.py
and the ModelAdmins, not here.
"""

JOURNALISTS = "Journalists"
EDITORS = "Editors"
MODERATORS = "Moderators"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    JOURNALISTS: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_section",
        "articles.view_tag",
        "articles.add_tag",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.view_articlerevision",
        "articles.view_articleevent",
        "articles.add_editorialnote",
        "articles.view_editorialnote",
        "authors.view_author",
    ],
    EDITORS: [
        f"{app}.{action}_{model}"
        for app, model in [
            ("articles", "article"),
            ("articles", "section"),
            ("articles", "tag"),
            ("articles", "byline"),
            ("articles", "articlerevision"),
            ("articles", "editorialnote"),
            ("authors", "author"),
            ("comments", "comment"),
            ("comments", "discussionsettings"),
        ]
        for action in ("add", "change", "delete", "view")
    ]
    + ["articles.view_articleevent", "comments.view_commentevent", "comments.moderate_comment"]
    # Login lockouts (django-axes): see them, and unlock an account by deleting its row.
    + ["axes.view_accessattempt", "axes.delete_accessattempt", "axes.view_accesslog"],
    MODERATORS: [
        "comments.view_comment",
        "comments.change_comment",
        "comments.add_comment",
        "comments.view_commentevent",
        "comments.moderate_comment",
    ],
}


def sync_roles(apps, schema_editor=None):
    """Create the groups and give each the permissions above that exist by now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Historical app configs from a migration have no models module, which would make
        # create_permissions skip them; lend one for the call and put the old value back.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found:
                group.permissions.add(found)
