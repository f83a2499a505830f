from django.urls import path, register_converter

from . import feeds, views


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigit:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigit, "mm")

app_name = "articles"

urlpatterns = [
    path("", views.front_page, name="front"),
    path("<yyyy:year>/<mm:month>/<mm:day>/<slug:slug>/", views.article_detail, name="detail"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("archive/<yyyy:year>/", views.ArchiveView.as_view(), name="archive-year"),
    path("archive/<yyyy:year>/<mm:month>/", views.ArchiveView.as_view(), name="archive-month"),
    path("preview/<str:token>/", views.preview, name="preview"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.latest_feed, name="feed"),
    path("feed/atom/", feeds.latest_atom_feed, name="feed-atom"),
    path("section/<slug:slug>/feed/", feeds.section_feed, name="section-feed"),
    path("section/<slug:slug>/feed/atom/", feeds.section_atom_feed, name="section-feed-atom"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("author/<slug:slug>/feed/", feeds.author_feed, name="author-feed"),
    path("author/<slug:slug>/feed/atom/", feeds.author_atom_feed, name="author-feed-atom"),
]
