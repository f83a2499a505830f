from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff sign-in: failed-login throttling (django-axes) and two-factor sign-in."""

    name = "accounts"
    verbose_name = "Staff sign-in"

    def ready(self):
        from . import two_factor  # noqa: F401  (connects the login signal)
