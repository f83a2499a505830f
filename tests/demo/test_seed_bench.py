"""`manage.py seed_bench`: a generated archive of the asked size, fast, for benchmarks."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from articles.models import Article, Byline
from comments.models import Comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_bench", *args, stdout=out)
    return out.getvalue()


def test_seeds_the_asked_numbers_of_articles_and_comments():
    output = seed("--articles", "40", "--comments", "400", "--big-thread", "120")
    assert Article.objects.count() == 40
    assert Comment.objects.count() == 400
    assert Article.objects.live().count() == 40
    assert Byline.objects.filter(article__slug="story-5").exists()
    assert "Seeded 40 articles and 400 comments" in output


def test_makes_the_two_discussion_articles_with_their_threads():
    output = seed("--articles", "10", "--comments", "150", "--big-thread", "120")
    small = Article.objects.get(slug="bench-small-thread")
    big = Article.objects.get(slug="bench-big-thread")
    assert small.comments.approved().count() == 20
    assert big.comments.approved().count() == 120
    assert big.comments.filter(parent__isnull=False).count() == 40  # a third are replies
    assert big.get_absolute_url() in output


def test_the_seeded_pages_render():
    seed("--articles", "30", "--comments", "200", "--big-thread", "90")
    big = Article.objects.get(slug="bench-big-thread")
    client = Client()
    for url in ("/", big.get_absolute_url(), "/section/news/", "/search/?q=council", "/feed/"):
        assert client.get(url).status_code == 200, url
    assert b"90 comments" in client.get(big.get_absolute_url()).content


def test_a_fifth_of_the_articles_mention_the_council():
    seed("--articles", "50", "--comments", "20", "--big-thread", "0")
    assert Article.objects.filter(body__contains="council").count() == 10


def test_refuses_a_database_with_articles_unless_replace():
    make_article(title="Real news")
    with pytest.raises(CommandError, match="--replace"):
        seed("--articles", "5", "--comments", "20", "--big-thread", "0")
    seed("--articles", "5", "--comments", "20", "--big-thread", "0", "--replace")
    assert not Article.objects.filter(title="Real news").exists()
    assert Article.objects.count() == 5


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--articles", "1"], "--articles"),
        (["--articles", "5", "--comments", "10"], "--comments"),
        (["--articles", "5", "--comments", "100", "--big-thread", "0", "--tags", "0"], "--tags"),
    ],
)
def test_bad_sizes_are_a_clear_error(args, problem):
    with pytest.raises(CommandError, match=problem):
        seed(*args)
