from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff sign-in: failed-login throttling (django-axes) and two-factor sign-in."""

    name = "accounts"
    verbose_name = "Staff sign-in"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from articles.roles import sync_roles

        from . import two_factor  # noqa: F401  (connects the login signal)

        # The lockout permissions belong to axes, whose tables may be created after the
        # migrations that set up the groups: grant them once every app has migrated.
        post_migrate.connect(
            lambda **kwargs: sync_roles(apps), dispatch_uid="accounts.sync_roles", weak=False
        )
