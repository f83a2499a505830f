"""RSS 2.0 and Atom feeds of live articles: the whole site, a section, an author.

Each feed exists in both formats: ``.../feed/`` is RSS 2.0, ``.../feed/atom/`` Atom 1.0.

Every link in a feed is absolute on SITE_URL (not the request's host), so
a feed fetched through a proxy or from a preview host still points readers
at the canonical site. Items carry the full title, the link, the standfirst
as the description, every byline author, the section and tags as
categories, and the published and updated dates.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape

from authors.models import Author
from core.cache_control import public_page
from core.site import absolute_url

from .models import Article, Section
from .templatetags.discovery import xml_text

FEED_ITEMS = 30
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


def _xml_clean(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_clean(v) for v in value)
    return value


class XmlSafeFeed:
    """Mixin for feed generators: drop characters XML 1.0 forbids from all text.

    Django refuses to write them (UnserializableContentError), so one title
    with a pasted vertical tab would otherwise turn the whole feed into a 500.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*_xml_clean(args), **{k: _xml_clean(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*_xml_clean(args), **{k: _xml_clean(v) for k, v in kwargs.items()})


class MultiAuthorRssFeed(XmlSafeFeed, Rss201rev2Feed):
    """RSS 2.0 with one ``<dc:creator>`` per byline (Django writes only the first),
    and ``<atom:updated>``, since RSS itself has no element for the updated date."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        for name, _link in item.get("extra_authors", ()):
            handler.addQuickElement("dc:creator", name, {"xmlns:dc": DC_NAMESPACE})


class MultiAuthorAtomFeed(XmlSafeFeed, Atom1Feed):
    """Atom with one ``<author>`` per byline (Django writes only the first)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, link in item.get("extra_authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", link)
            handler.endElement("author")


class LatestArticlesFeed(Feed):
    """/feed/: the newest live articles, RSS 2.0. Three queries whatever the number of items."""

    feed_type = MultiAuthorRssFeed
    url_name = "articles:feed"

    # Feed-level data.
    def title(self, obj=None):
        return settings.SITE_NAME

    def description(self, obj=None):
        return f"The latest articles from {settings.SITE_NAME}."

    def link(self, obj=None):
        return absolute_url(reverse("articles:front"))

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name))

    @property
    def language(self):
        # Django reads this as a plain attribute, not through _get_dynamic_attr.
        return settings.SITE_LANGUAGE

    def author_name(self, obj=None):
        return settings.SITE_NAME

    def articles(self, obj):
        return Article.objects.live()

    def items(self, obj=None):
        return list(self.articles(obj).newest_first().with_listing_relations()[:FEED_ITEMS])

    # Item data: everything comes from the prefetched relations.
    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # A description is HTML to feed readers; the standfirst is plain text.
        return escape(item.excerpt)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        bylines = item.author_bylines
        return bylines[0].author.name if bylines else None

    def item_author_link(self, item):
        bylines = item.author_bylines
        return absolute_url(bylines[0].author.get_absolute_url()) if bylines else None

    def item_categories(self, item):
        names = [item.section.name] if item.section else []
        return names + [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item):
        return {
            "extra_authors": [
                (b.author.name, absolute_url(b.author.get_absolute_url()))
                for b in item.author_bylines[1:]
            ]
        }


class ObjectFeed(LatestArticlesFeed):
    """A feed of one object's articles (a section, an author), found by slug; 404 if none."""

    model: type

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} | {settings.SITE_NAME}"

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name, kwargs={"slug": obj.slug}))


class SectionFeed(ObjectFeed):
    """/section/<slug>/feed/: the newest live articles of one section."""

    model = Section
    url_name = "articles:section-feed"

    def description(self, obj=None):
        return obj.description or f"The latest {obj.name} articles from {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.live().in_section(obj)


class AuthorFeed(ObjectFeed):
    """/author/<slug>/feed/: the newest live articles with a byline by one author."""

    model = Author
    url_name = "articles:author-feed"

    def description(self, obj=None):
        return f"The latest articles by {obj.name} for {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.live().by_author(obj)


class AtomFeed:
    """Mixin: the same feed as Atom 1.0 (the description becomes the subtitle)."""

    feed_type = MultiAuthorAtomFeed

    def subtitle(self, obj=None):
        return self.description(obj)


class LatestArticlesAtomFeed(AtomFeed, LatestArticlesFeed):
    """/feed/atom/: the same items as /feed/."""

    url_name = "articles:feed-atom"


class SectionAtomFeed(AtomFeed, SectionFeed):
    """/section/<slug>/feed/atom/: the same items as /section/<slug>/feed/."""

    url_name = "articles:section-feed-atom"


class AuthorAtomFeed(AtomFeed, AuthorFeed):
    """/author/<slug>/feed/atom/: the same items as /author/<slug>/feed/."""

    url_name = "articles:author-feed-atom"


# The views: feeds are the same for every reader, so shared caches may keep them.
latest_feed = public_page(LatestArticlesFeed())
latest_atom_feed = public_page(LatestArticlesAtomFeed())
section_feed = public_page(SectionFeed())
section_atom_feed = public_page(SectionAtomFeed())
author_feed = public_page(AuthorFeed())
author_atom_feed = public_page(AuthorAtomFeed())
