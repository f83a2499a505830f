from django.urls import path

import articles.urls  # noqa: F401  (registers the yyyy/mm path converters used below)

from . import views

app_name = "comments"

urlpatterns = [
    path(
        "<yyyy:year>/<mm:month>/<mm:day>/<slug:slug>/comment/",
        views.post_comment,
        name="post",
    ),
    path("comments/<int:pk>/", views.permalink, name="permalink"),
    path("comments/csrf/", views.csrf_token, name="csrf"),
]
