"""Related stories: ArticleQuerySet.related_to(), as the article page uses it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section, make_tag

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def related(article):
    article = Article.objects.with_listing_relations().get(pk=article.pk)
    return list(Article.objects.live().related_to(article))


def test_related_ranks_shared_tags_then_section_then_recency():
    """More shared tags beat the same section; the same section beats recency."""
    section, other = make_section(), make_section()
    a, b, c = make_tag(), make_tag(), make_tag()
    article = make_article(section=section, tags=[a, b, c])
    two_tags = make_article(section=other, tags=[a, b], published_at=ago(50))
    one_tag_same_section = make_article(section=section, tags=[c], published_at=ago(40))
    one_tag_newer = make_article(section=other, tags=[a], published_at=ago(2))
    one_tag_older = make_article(section=other, tags=[b], published_at=ago(30))
    section_only = make_article(section=section, published_at=ago(1))
    make_article(section=other)  # nothing in common

    assert related(article) == [two_tags, one_tag_same_section, one_tag_newer, one_tag_older]
    assert section_only not in related(article)  # fifth: cut by the limit of 4


def test_related_falls_back_to_newest_in_the_same_section():
    section = make_section()
    article = make_article(section=section)
    older = make_article(section=section, published_at=ago(20))
    newer = make_article(section=section, published_at=ago(3))
    make_article()  # other section, no tags
    assert related(article) == [newer, older]


def test_related_excludes_the_article_itself_and_unpublished_stories():
    section, tag = make_section(), make_tag()
    article = make_article(section=section, tags=[tag])
    make_article(section=section, tags=[tag], live=False)
    make_article(
        section=section, tags=[tag], status="published", published_at=timezone.now() + timedelta(1)
    )
    assert related(article) == []


def test_related_gives_at_most_four():
    section = make_section()
    article = make_article(section=section)
    for _ in range(6):
        make_article(section=section)
    assert len(related(article)) == 4


def test_related_is_one_query(django_assert_num_queries):
    section, tag = make_section(), make_tag()
    article = make_article(section=section, tags=[tag])
    for _ in range(6):
        make_article(section=section, tags=[tag])
    article = Article.objects.with_listing_relations().get(pk=article.pk)
    with django_assert_num_queries(1):
        stories = list(Article.objects.live().related_to(article))
        [story.section.name for story in stories]


def test_an_article_without_tags_gets_the_newest_of_its_section():
    section = make_section()
    article = make_article(section=section)
    older = make_article(section=section, published_at=ago(5))
    newer = make_article(section=section, published_at=ago(2))
    make_article(section=make_section())  # another section
    assert related(article) == [newer, older]


def test_only_the_newest_candidates_are_ranked(monkeypatch):
    """Ranking reads a bounded set: the newest RELATED_CANDIDATES per criterion."""
    from articles.models import ArticleQuerySet

    monkeypatch.setattr(ArticleQuerySet, "RELATED_CANDIDATES", 2)
    section, tag = make_section(), make_tag()
    article = make_article(section=section, tags=[tag])
    old_tagged = make_article(section=make_section(), tags=[tag], published_at=ago(90))
    newest = [make_article(section=section, published_at=ago(h)) for h in (3, 4)]
    newer_tagged = [
        make_article(section=make_section(), tags=[tag], published_at=ago(h)) for h in (5, 6)
    ]
    assert old_tagged not in related(article)
    assert related(article) == [*newer_tagged, *newest]
