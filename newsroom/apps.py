from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsroomConfig(AppConfig):
    """The project's wiring: after every migrate, the groups get their permissions."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import roles  # the apps' models must be loaded before roles imports them

        post_migrate.connect(roles.sync_roles, sender=self, dispatch_uid="newsroom-sync-roles")
