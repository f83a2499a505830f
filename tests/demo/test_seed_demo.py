"""`manage.py seed_demo`: enough believable content to show every page, safely repeatable."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleEvent, Byline, Section, Tag
from articles.roles import EDITORS, JOURNALISTS
from authors.models import Author
from comments.roles import MODERATORS
from core.sanitize import clean_body
from demo import demo_content
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "users": get_user_model().objects.count(),
        "sections": Section.objects.count(),
        "tags": Tag.objects.count(),
        "authors": Author.objects.count(),
        "articles": Article.objects.count(),
        "bylines": Byline.objects.count(),
        "events": ArticleEvent.objects.count(),
        "article_tags": Article.tags.through.objects.count(),
    }


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def seeded(debug):
    return seed("--no-images")


def test_seed_meets_the_demo_minimums(seeded):
    now = timezone.now()
    assert Section.objects.count() >= 5
    assert all(s.description for s in Section.objects.all())
    assert Tag.objects.count() >= 12
    assert Author.objects.count() >= 6
    assert Author.objects.filter(user__isnull=True).exists()  # the guest contributor
    assert all(a.bio and a.job_title and a.website for a in Author.objects.all())

    live = Article.objects.live(now)
    assert Article.objects.count() >= 36
    assert live.count() >= 30
    assert len({d.year for d in live.values_list("published_at", flat=True)}) >= 3
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
    assert scheduled.count() >= 1
    assert not any(a.is_live(now) for a in scheduled)
    assert Article.objects.filter(status=Article.Status.DRAFT).count() >= 2
    assert Article.objects.filter(status=Article.Status.IN_REVIEW).count() >= 1
    assert live.must_read().count() >= 3

    assert Byline.objects.filter(role=Byline.Role.ADDITIONAL_REPORTING).count() >= 3
    multi_author = [
        a for a in Article.objects.all() if a.bylines.filter(role=Byline.Role.AUTHOR).count() > 1
    ]
    assert len(multi_author) >= 3
    assert live.filter(body__contains='<blockquote class="pullquote"><p>').count() >= 20
    assert live.filter(body__contains="<h2>").count() >= 10
    assert "Demo content ready" in seeded


def test_every_article_reads_as_a_whole_piece(seeded):
    for article in Article.objects.all():
        assert article.title
        assert article.standfirst
        assert article.section_id
        assert article.body.count("<p>") >= 3, article.slug
        assert article.bylines.exists(), article.slug
        # The generated markup is exactly what the sanitiser keeps.
        assert clean_body(article.body) == article.body


def test_seed_dates_look_like_the_story_not_the_seeding_day(seeded):
    article = Article.objects.get(slug="lantern-theatre-reopens")
    assert article.published_at.year == 2024
    assert article.created_at < article.published_at
    assert not article.was_updated
    assert Article.objects.get(slug="wend-bursts-banks-flood-gates-hold").was_updated
    assert article.events.filter(to_status=Article.Status.PUBLISHED).exists()


def test_running_twice_duplicates_nothing_and_keeps_passwords(seeded):
    before = counts()
    journalist = get_user_model().objects.get(username="journalist")
    old_hash = journalist.password

    output = seed("--no-images")

    assert counts() == before
    journalist.refresh_from_db()
    assert journalist.password == old_hash
    assert "already exist" in output
    assert "shown once" not in output


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed("--no-images")
    assert not Article.objects.exists()
    assert not get_user_model().objects.exists()


def test_force_runs_without_debug(settings):
    settings.DEBUG = False
    seed("--no-images", "--force")
    assert Article.objects.count() == len(demo_content.ARTICLES)


def test_if_empty_seeds_an_empty_database(debug):
    seed("--no-images", "--if-empty")
    assert Article.objects.count() == len(demo_content.ARTICLES)


def test_if_empty_skips_when_content_exists(debug):
    make_article(title="Already here")
    output = seed("--no-images", "--if-empty")
    assert "skipping" in output
    assert Article.objects.count() == 1
    assert not get_user_model().objects.exists()


def test_demo_users_are_in_their_groups_with_the_printed_passwords(seeded):
    User = get_user_model()
    expected = {"journalist": JOURNALISTS, "editor": EDITORS, "moderator": MODERATORS}
    for username, group in expected.items():
        user = User.objects.get(username=username)
        assert user.is_staff
        assert not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff

    passwords = dict(re.findall(r"^\s+(journalist|editor|moderator|admin)\s+(\S+)$", seeded, re.M))
    assert set(passwords) == {"journalist", "editor", "moderator", "admin"}
    for username, password in passwords.items():
        assert User.objects.get(username=username).check_password(password)

    journalist = User.objects.get(username="journalist")
    assert journalist.author_profile.bylines.exists()


def test_front_page_and_article_page_render_after_seeding(seeded, client):
    assert client.get("/").status_code == 200
    article = Article.objects.live().get(slug="wend-bursts-banks-flood-gates-hold")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="pullquote"' in html
    assert "Additional reporting" in html
    scheduled = Article.objects.get(slug="lantern-theatre-2027-season")
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_featured_images_are_generated_into_media_root(debug, settings):
    output = seed()
    with_images = Article.objects.exclude(featured_image="")
    expected = sum(1 for a in demo_content.ARTICLES if a.get("image"))
    assert with_images.count() == expected
    assert expected >= len(demo_content.ARTICLES) // 2 - 2
    assert f"{expected} featured images" in output

    article = with_images.first()
    assert article.featured_image_alt.startswith("Abstract illustration")
    assert article.featured_image_caption
    assert article.featured_image_credit == "Illustration: Newsroom demo"
    path = settings.MEDIA_ROOT / article.featured_image.name
    with Image.open(path) as image:
        assert image.size == (1200, 675)
        assert image.format == "JPEG"

    # A second run neither regenerates nor duplicates the pictures.
    assert "0 featured images" in seed()


def test_seed_gives_the_discussion_and_queue_something_to_show(seeded, client):
    """Approved threads with a reply, comments waiting, spam and a correction; never re-added."""
    from articles.models import Correction
    from comments.models import Comment

    statuses = set(Comment.objects.values_list("status", flat=True))
    assert statuses == {"approved", "pending", "spam"}
    reply = Comment.objects.get(parent__isnull=False)
    assert reply.depth == 1
    assert reply.parent.status == "approved"
    assert not Comment.objects.exclude(pending_report="").exists()  # nothing to report
    correction = Correction.objects.get()
    html = client.get(correction.article.get_absolute_url()).content.decode()
    assert reply.body in html
    assert "Owen Pike" not in html
    assert "12 January" in client.get("/corrections/").content.decode()

    seed("--no-images")
    assert Comment.objects.count() == 6
    assert Correction.objects.count() == 1


def test_first_run_ends_with_the_demo_logins_in_a_box(settings):
    """The passwords are the last thing printed, boxed, with the admin's address (on
    SITE_URL, which `make run` sets from HOST and PORT), so they are not lost above."""
    settings.SITE_URL = "http://127.0.0.1:8123"
    settings.DEBUG = True
    output = seed("--no-images").rstrip()
    box = output[output.index("=" * 64) :]
    assert box.endswith("=" * 64)
    assert "Demo logins for http://127.0.0.1:8123/admin/" in box
    for username in ("admin", "editor", "journalist", "moderator"):
        line = next(line for line in box.splitlines() if line.strip().startswith(username))
        password = line.split()[1]
        user = get_user_model().objects.get(username=username)
        assert user.check_password(password)


def test_make_run_gives_links_on_its_own_port_and_checks_once():
    """`make run PORT=8123` without SITE_URL writes links on that port; only the server
    runs the system checks, so the missing-Akismet warning is printed once."""
    import shutil
    import subprocess

    dry = subprocess.run(  # noqa: S603 - our own Makefile
        [shutil.which("make"), "-n", "run", "HOST=127.0.0.1", "PORT=8123"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8123}" in dry
    commands = [line for line in dry.splitlines() if "manage.py" in line]
    checked = [c for c in commands if "--skip-checks" not in c]
    assert len(checked) == 1
    assert "runserver 127.0.0.1:8123" in checked[0]
