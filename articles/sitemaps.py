"""Sitemaps for crawlers: /sitemap.xml (an index), its parts, and /news-sitemap.xml.

/sitemap.xml is a sitemap index naming /sitemap-articles.xml,
/sitemap-sections.xml and /sitemap-authors.xml, each split into pages of
SITEMAP_PAGE_SIZE (``?p=2`` ...) so a large archive stays within the
protocol's limits; every lastmod is a W3C datetime with the time, and the
index gives each part the newest lastmod in it. /news-sitemap.xml is the Google News sitemap: live
articles of the last 48 hours with publication name, language, date and
title. Every URL is absolute on SITE_URL, whatever host the crawler used.
Each view runs a fixed number of queries however many URLs it lists.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, OuterRef, Subquery
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from authors.models import Author
from core.cache_control import public_page
from core.site import absolute_url

from .models import Article, Byline, Section

# Search engines accept up to 50,000 URLs a page; 1,000 keeps a page about 140 kB
# and quick to render.
SITEMAP_PAGE_SIZE = 1_000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap.


class SiteSitemap(Sitemap):
    """A Sitemap whose URLs use SITE_URL's scheme and host."""

    limit = SITEMAP_PAGE_SIZE

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def _to_the_second(moment):
    """`moment` without microseconds: lastmod reads as 2026-05-04T09:30:00+00:00."""
    return moment.replace(microsecond=0) if moment else None


def _latest_live_in(**filters):
    """Subquery: published_at of the newest live article matching `filters` (OuterRef'd)."""
    return Subquery(
        Article.objects.live()
        .filter(**filters)
        .order_by("-published_at")
        .values("published_at")[:1]
    )


def _newest_published(articles):
    """published_at of the newest of `articles`: read newest first from the index, not a MAX."""
    return articles.order_by("-published_at").values_list("published_at", flat=True).first()


class ArticleSitemap(SiteSitemap):
    """Every live article, newest first, with its last modification."""

    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.live()
            .newest_first()
            .only("slug", "published_at", "created_at", "updated_at")
        )

    def lastmod(self, item):
        return _to_the_second(item.modified_at)

    def get_latest_lastmod(self):
        # The newest of the items' lastmod (Article.modified_at: the later of updated_at
        # and published_at, so a scheduled story's publication counts). Two
        # newest-first index reads in one query, not a MAX over the archive.
        live = Article.objects.live()
        newest = (
            live.order_by("-published_at")
            .annotate(last_update=Subquery(live.order_by("-updated_at").values("updated_at")[:1]))
            .values("published_at", "last_update")
            .first()
        )
        if newest is None:
            return None
        return _to_the_second(max(newest["published_at"], newest["last_update"]))


class SectionSitemap(SiteSitemap):
    """Every section page, with the time of its newest live article."""

    changefreq = "hourly"

    def items(self):
        return Section.objects.annotate(
            latest_published=_latest_live_in(section=OuterRef("pk"))
        ).order_by("position", "name")

    def lastmod(self, item):
        return _to_the_second(item.latest_published)

    def get_latest_lastmod(self):
        live = Article.objects.live().filter(section__isnull=False)
        return _to_the_second(_newest_published(live))


class AuthorSitemap(SiteSitemap):
    """Pages of authors with at least one live article (empty profiles are thin content)."""

    changefreq = "daily"

    def items(self):
        live_bylines = Article.objects.live().filter(bylines__author=OuterRef("pk"))
        return (
            Author.objects.filter(Exists(live_bylines))
            .annotate(latest_published=_latest_live_in(bylines__author=OuterRef("pk")))
            .order_by("name", "pk")
        )

    def lastmod(self, item):
        return _to_the_second(item.latest_published)

    def get_latest_lastmod(self):
        bylines = Byline.objects.filter(article=OuterRef("pk"))
        return _to_the_second(_newest_published(Article.objects.live().filter(Exists(bylines))))


class NewsSitemap(SiteSitemap):
    """Live articles published in the last 48 hours, newest first, at most 1,000."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.live()
            .filter(published_at__gte=since)
            .newest_first()
            .only("title", "slug", "published_at", "created_at")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        """Each URL also carries the publication's name and language for the template."""
        publication = {"name": settings.SITE_NAME, "language": settings.SITE_LANGUAGE}
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            url["publication"] = publication
        return urls


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
}


@public_page
def sitemap_index(request):
    """/sitemap.xml: one entry per page of each part, absolute on SITE_URL."""
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("sitemap-section", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(sitemap_views.SitemapIndexItem(f"{location}?p={page}", lastmod))
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@public_page
def sitemap_section(request, section):
    """/sitemap-<section>.xml[?p=N]; 404 for an unknown part or page."""
    return sitemap_views.sitemap(
        request, sitemaps=SITEMAPS, section=section, template_name="articles/sitemap.xml"
    )


@public_page
def news_sitemap(request):
    """/news-sitemap.xml: the Google News sitemap."""
    return sitemap_views.sitemap(
        request, sitemaps={"news": NewsSitemap}, template_name="articles/news_sitemap.xml"
    )
