"""`{% fragment %}` (core/templatetags/fragment_tags.py): the parts of the article page
that are the same for every reader are rendered once per generation and pasted after.

Every change that must show (an edit, a rename, a tag, a correction, a comment approved
…) is tested with these fragments on in tests/articles/test_fragment_cache.py and
tests/comments/test_discussion_counts.py; here, that the kept HTML is used, by whom,
and who renders afresh.
"""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

from articles import preview
from articles.models import Article
from core import page_cache
from tests.factories import make_article

# Templates only the article's own parts render: kept, they are not rendered again.
ARTICLE_PARTS = {"articles/_article_meta.html", "authors/_author_box.html", "articles/_share.html"}
DISCUSSION = "comments/_discussion.html"


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


@pytest.mark.django_db
def test_a_repeat_view_pastes_the_article_and_its_discussion(fragment_cache):
    article = make_article(title="Kept story")
    first = Client().get(article.get_absolute_url())
    assert ARTICLE_PARTS | {DISCUSSION} <= rendered(first)
    second = Client().get(article.get_absolute_url())
    assert second.content == first.content
    assert not (ARTICLE_PARTS | {DISCUSSION}) & rendered(second)


@pytest.mark.django_db
def test_each_article_has_its_own(fragment_cache):
    one = make_article(title="The first story")
    two = make_article(title="The second story")
    Client().get(one.get_absolute_url())
    page = Client().get(two.get_absolute_url()).content.decode()
    assert "The second story" in page
    assert '<h1 id="article-title" class="article__title">The first story' not in page


@pytest.mark.django_db
def test_the_kept_html_lasts_until_the_generation_changes(fragment_cache):
    article = make_article(title="Before")
    Client().get(article.get_absolute_url())
    # A write that bypasses the site's save paths starts no generation: the page is
    # pasted (which is how a stale fragment would look) …
    Article.objects.filter(pk=article.pk).update(standfirst="Changed quietly")
    assert b"Changed quietly" not in Client().get(article.get_absolute_url()).content
    # … and the next generation renders it again.
    page_cache.changed()
    assert b"Changed quietly" in Client().get(article.get_absolute_url()).content


@pytest.mark.django_db
def test_a_preview_is_rendered_afresh_never_from_the_kept_html(fragment_cache):
    article = make_article(title="Live title")
    Client().get(article.get_absolute_url())  # keeps this article's HTML
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.DRAFT, title="Draft title", published_at=None
    )
    response = Client().get(preview.preview_url(article))
    assert response.status_code == 200
    assert b"Draft title" in response.content
    assert b"Live title" not in response.content


@pytest.mark.django_db
def test_a_reader_with_a_reply_link_gets_the_discussion_rendered(fragment_cache):
    from tests.comments.helpers import make_comment

    article = make_article()
    comment = make_comment(article, body="Answer me")
    Client().get(article.get_absolute_url())
    response = Client().get(f"{article.get_absolute_url()}?replytocom={comment.pk}")
    assert DISCUSSION in rendered(response)
    assert "Reply to" in response.content.decode()
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_form_token_in_the_kept_discussion_follows_the_hour(fragment_cache):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from comments import form_token

    article = make_article()
    # A minute before the hour: the kept discussion is still alive a minute after it.
    now = timezone.now().replace(minute=59, second=0, microsecond=0)
    with time_machine.travel(now, tick=False):
        Client().get(article.get_absolute_url())
        before = form_token.make_token(article)
        assert before in Client().get(article.get_absolute_url()).content.decode()
    with time_machine.travel(now + timedelta(minutes=2), tick=False):
        later = form_token.make_token(article)
        assert later != before
        page = Client().get(article.get_absolute_url()).content.decode()
        assert later in page
        assert before not in page


def test_the_tag_needs_a_name():
    with pytest.raises(TemplateSyntaxError, match="needs a name"):
        Template("{% load fragment_tags %}{% fragment %}x{% endfragment %}")


@pytest.mark.django_db
def test_skip_renders_without_keeping(fragment_cache):
    source = '{% load fragment_tags %}{% fragment "skip-test" skip=fresh %}{{ n }}{% endfragment %}'
    template = Template(source)
    assert template.render(Context({"n": 1, "fresh": False})) == "1"
    assert template.render(Context({"n": 2, "fresh": False})) == "1"  # kept
    assert template.render(Context({"n": 3, "fresh": True})) == "3"
