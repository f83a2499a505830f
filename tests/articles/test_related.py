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


def test_an_article_with_nothing_in_common_shows_no_related_stories(client):
    """None rather than filler: newer stories of other sections and tags are not related."""
    article = make_article(tags=[make_tag()])
    for _ in range(3):
        make_article(tags=[make_tag()])  # other sections, other tags
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Related stories" not in html


def test_tags_outrank_the_section_when_they_disagree(client):
    """A story sharing a tag from another section comes before a newer one that only
    shares the section; the page shows them in that order, with their pictures."""
    home, away, tag = make_section(), make_section(), make_tag()
    article = make_article(section=home, tags=[tag])
    same_section_newer = make_article(section=home, title="Section only", published_at=ago(1))
    tagged_elsewhere = make_article(section=away, tags=[tag], title="Tag only", published_at=ago(9))
    assert related(article) == [tagged_elsewhere, same_section_newer]
    html = client.get(article.get_absolute_url()).content.decode()
    related_html = html[html.index('id="related-heading"') :]
    assert related_html.index("Tag only") < related_html.index("Section only")


def test_related_stories_show_their_featured_image(client, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 500), (10, 90, 160)).save(buffer, "JPEG")
    tag = make_tag()
    article = make_article(tags=[tag])
    pictured = make_article(tags=[tag])
    pictured.featured_image = SimpleUploadedFile("harbour.jpg", buffer.getvalue())
    pictured.save()
    html = client.get(article.get_absolute_url()).content.decode()
    related_html = html[html.index('id="related-heading"') :]
    picture = pictured.featured_picture
    assert f'src="{picture.src}"' in related_html
    assert f'width="{picture.width}" height="{picture.height}"' in related_html
