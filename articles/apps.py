from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import invalidation
        from .search import configure_connection

        invalidation.connect()

        connection_created.connect(configure_connection, dispatch_uid="articles.search")
