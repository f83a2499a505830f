from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = "Authors"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import page_cache
        from core.page_cache_hold import is_held

        from .models import Author

        def changed(sender, using=None, **kwargs):
            # Bylines and author pages show the name, bio, photo and website. A bulk
            # write (an import) tells the cache once itself.
            if not is_held():
                page_cache.changed_on_commit(using=using)

        post_save.connect(changed, sender=Author, dispatch_uid="authors.page_cache", weak=False)
        post_delete.connect(changed, sender=Author, dispatch_uid="authors.page_cache", weak=False)
