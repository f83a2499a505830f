from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import sitemaps

from . import media, views

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/two-factor/", include("accounts.urls")),  # before the admin's catch-all
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("privacy/", views.privacy, name="privacy"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
    path("", include("comments.urls")),  # before articles: <date>/<slug>/comment/
    path("", include("articles.urls")),
]

# Uploads from MEDIA_ROOT, when no proxy in front serves them (see newsroom/media.py).
if settings.SERVE_MEDIA and not settings.MEDIA_URL.startswith(("http://", "https://", "//")):
    urlpatterns.insert(
        0, path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve_media, name="media")
    )

# Error pages that never read the request body again (see newsroom/views.py).
handler400 = "newsroom.views.bad_request"
handler403 = "newsroom.views.permission_denied"
handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"
