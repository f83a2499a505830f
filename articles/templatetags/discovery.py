"""Tags for what crawlers, feed readers and link previews read: absolute URLs and JSON-LD."""

import json
import re

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.site import absolute_url

from .. import sharing

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing in the data can
# close the <script> element or open a comment inside it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Characters XML 1.0 does not allow at all, not even as references: C0 controls
# other than tab, newline and carriage return, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@register.filter
def xml_text(value) -> str:
    """`value` without the characters XML 1.0 forbids.

    Text pasted from a word processor can carry a vertical tab (its soft line
    break); one such title must not make a feed a 500 or a sitemap unparseable.
    """
    return _NOT_XML.sub(_xml_replacement, str(value))


def _xml_replacement(match) -> str:
    # Vertical tab and form feed separate words; the others are junk.
    return " " if match.group() in "\x0b\x0c" else ""


@register.filter(name="absolute_url")
def absolute_url_filter(path) -> str:
    return absolute_url(path)


def article_structured_data(article) -> dict:
    """The schema.org NewsArticle for `article`, from its prefetched bylines and tags."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": article.meta_description or article.excerpt,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.modified_at.isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": byline.author.name,
                "url": absolute_url(byline.author.get_absolute_url()),
            }
            for byline in article.author_bylines
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/"),
            "logo": {"@type": "ImageObject", "url": absolute_url(static("img/logo.png"))},
        },
        "inLanguage": settings.SITE_LANGUAGE,
    }
    if article.featured_image:
        data["image"] = [absolute_url(article.featured_image.url)]
    if article.section:
        data["articleSection"] = article.section.name
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    return data


@register.simple_tag
def article_json_ld(article):
    """``<script type="application/ld+json">`` with the article's NewsArticle, safely escaped."""
    payload = json.dumps(article_structured_data(article), cls=DjangoJSONEncoder)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 - <, >, & escaped
    )


@register.inclusion_tag("articles/_share.html")
def share_links(article):
    """Share links for a live article's canonical address (articles/sharing.py)."""
    url = absolute_url(article.get_absolute_url())
    return {
        "links": sharing.share_links(url=url, title=article.title),
        "url": url,
        "title": article.title,
    }
