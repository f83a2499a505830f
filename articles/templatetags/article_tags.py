"""Sidebar inclusion tags and byline formatting, fed by prefetched querysets."""

from django import template
from django.utils.html import format_html, format_html_join

from articles.models import Article, Page, Section

register = template.Library()


@register.inclusion_tag("articles/_latest_news.html")
def latest_news(exclude=None, count=5):
    qs = Article.objects.live().newest_first().select_related("section")
    if getattr(exclude, "pk", None):
        qs = qs.exclude(pk=exclude.pk)
    return {"articles": qs[:count]}


@register.inclusion_tag("articles/_must_read.html")
def must_read(exclude=None, count=5):
    qs = Article.objects.live().must_read().newest_first().select_related("section")
    if getattr(exclude, "pk", None):
        qs = qs.exclude(pk=exclude.pk)
    return {"articles": qs[:count]}


@register.simple_tag
def footer_pages():
    """Published top-level static pages, for the footer (one query)."""
    return list(Page.objects.in_footer().only("title", "path"))


@register.simple_tag(takes_context=True)
def nav_sections(context):
    """Sections for the masthead, fetched once per render."""
    request = context.get("request")
    cached = getattr(request, "_nav_sections", None) if request is not None else None
    if cached is None:
        cached = list(Section.objects.all())
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
