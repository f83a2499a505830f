"""Query budgets of the reader's pages: fixed, whatever the number of articles,
bylines and tags. Each test builds a small and a large world and asserts the
same count for both."""

import pytest

from tests.factories import make_article, make_author, make_section, make_tag
from tests.queries import count_queries


def build_world(n):
    """n articles in one section, each with n author bylines, n additional credits, n tags."""
    section = make_section(slug=f"world-{n}")
    authors = [make_author() for _ in range(n)]
    extra = [make_author() for _ in range(n)]
    tags = [make_tag() for _ in range(n)]
    tag = tags[0]
    articles = [
        make_article(
            section=section,
            authors=authors,
            additional=extra,
            tags=tags,
            is_editors_pick=True,
        )
        for _ in range(n)
    ]
    return {"section": section, "author": authors[0], "tag": tag, "article": articles[0]}


def url_for(page, world):
    return {
        "front": "/",
        "article": world["article"].get_absolute_url(),
        "section": world["section"].get_absolute_url(),
        "tag": world["tag"].get_absolute_url(),
        "author": world["author"].get_absolute_url(),
        "archive": "/archive/",
        "archive_year": f"/archive/{world['article'].published_at.year}/",
    }[page]


# Expected queries per page (every page also lists the footer's static pages: +1):
#   front:   articles (lead/top/latest) + their bylines + tags; section leaders + bylines + tags;
#            must-read; nav sections; footer pages                                      = 9
#   article: article (and whether it has corrections) + bylines + tags; related; latest
#            news; must read; nav sections; comments: settings + counts + a page of
#            threads; footer                                                           = 11
#            (+1 for an article with corrections: they are read only then)
#   section/tag/author: the object; count; page of articles + bylines + tags;
#            latest news; must read; nav sections; footer pages                         = 9
#   archive: count; page + bylines + tags; months index; nav sections; footer pages    = 7
BUDGETS = {
    "front": 9,
    "article": 11,
    "section": 9,
    "tag": 9,
    "author": 9,
    "archive": 7,
    "archive_year": 7,
}


@pytest.mark.parametrize("page", BUDGETS)
def test_page_query_count_does_not_grow_with_content(client, db, page):
    # Six: more than the front page's five top stories, so its section blocks show some.
    small = count_queries(client, url_for(page, build_world(6)))
    big = count_queries(client, url_for(page, build_world(20)))
    assert small == big == BUDGETS[page], (page, small, big)


def test_article_page_needs_at_most_eleven_queries(client, db):
    world = build_world(20)
    assert count_queries(client, url_for("article", world)) <= 11
