"""Sidebar inclusion tags and byline formatting, fed by prefetched querysets."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join

from articles.models import Article, Page, Section
from core import fragments

register = template.Library()


def _sidebar_list(template_name: str, articles, exclude, count: int) -> str:
    """A sidebar list, rendered once per generation of the page cache for each
    (list, excluded article, count): most pages exclude nothing, an article page
    excludes itself. `articles()` makes the queryset, only on a miss."""
    exclude_pk = getattr(exclude, "pk", None)

    def render() -> str:
        queryset = articles().select_related("section")
        if exclude_pk:
            queryset = queryset.exclude(pk=exclude_pk)
        return render_to_string(template_name, {"articles": queryset[:count]})

    return fragments.get_or_make(f"{template_name}:{exclude_pk}:{count}", render)


@register.simple_tag
def latest_news(exclude=None, count=5):
    return _sidebar_list(
        "articles/_latest_news.html",
        lambda: Article.objects.live().newest_first(),
        exclude,
        count,
    )


@register.simple_tag
def must_read(exclude=None, count=5):
    return _sidebar_list(
        "articles/_must_read.html",
        lambda: Article.objects.live().must_read().newest_first(),
        exclude,
        count,
    )


@register.simple_tag
def related_stories(article, preview=False):
    """The related stories block: one ranking query and four cards, kept per article
    for a generation of the page cache (any change to any article starts a new one).
    A preview (a draft's, for staff) is rendered each time."""

    def render() -> str:
        related = list(Article.objects.live().related_to(article))
        return render_to_string("articles/_related.html", {"related": related})

    if preview:
        return render()
    return fragments.get_or_make(f"related:{article.pk}", render)


@register.simple_tag
def footer_pages():
    """Published top-level static pages, for the footer (one query, or none when cached)."""
    return fragments.get_or_make(
        "footer-pages", lambda: list(Page.objects.in_footer().only("title", "path"))
    )


@register.simple_tag(takes_context=True)
def nav_sections(context):
    """Sections for the masthead: from the fragment cache, else fetched once per render."""
    request = context.get("request")
    cached = getattr(request, "_nav_sections", None) if request is not None else None
    if cached is None:
        cached = fragments.get_or_make("nav-sections", lambda: list(Section.objects.all()))
        if request is not None:
            request._nav_sections = cached
    return cached


def _join_names(bylines):
    links = [
        format_html('<a href="{}" rel="author">{}</a>', b.author.get_absolute_url(), b.author.name)
        for b in bylines
    ]
    if not links:
        return ""
    if len(links) == 1:
        return links[0]
    return format_html(
        "{} and {}", format_html_join(", ", "{}", ((link,) for link in links[:-1])), links[-1]
    )


@register.simple_tag
def byline_names(article):
    """'A', 'A and B', 'A, B and C' linking to author pages (from prefetched bylines)."""
    return _join_names(article.author_bylines)


@register.simple_tag
def additional_reporting_names(article):
    return _join_names(article.additional_reporting)
