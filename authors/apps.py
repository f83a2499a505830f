from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import page_cache

        from .models import Author

        def changed(sender, using=None, **kwargs):
            # Bylines and author pages show the name, bio, photo and website.
            page_cache.changed_on_commit(using=using)

        post_save.connect(changed, sender=Author, dispatch_uid="authors.page_cache", weak=False)
        post_delete.connect(changed, sender=Author, dispatch_uid="authors.page_cache", weak=False)
