from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for `make run`: the one app that may import every app and write rows."""

    name = "demo"
    verbose_name = "Demo content"
