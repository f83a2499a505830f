"""Importing a WordPress export: every mapping of authors, terms, posts, pages and images,
idempotent re-runs, and two sites side by side."""

import datetime
from datetime import UTC

import pytest
import time_machine
from PIL import Image

from articles.models import Article, ArticleEvent, Byline, ImportedItem, Page, Section, Tag
from authors.models import Author
from tests.factories import make_article, make_author, make_section
from tests.wxr_files import (
    author,
    category,
    coauthor_term,
    item,
    run_import,
    tag,
    wxr,
)

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
BASE = "https://old.example.com"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_authors_sections_and_tags(tmp_path):
    xml = wxr(
        authors=[author("jdoe", "Jane Doe", email="jane@example.com"), author("bob", "", id=2)],
        categories=[category("news", "News &amp; Views"), category("local", "Local", parent="news")],
        tags=[tag("politics", "Politics")],
        items=[
            item(1, categories=[("category", "local", "Local"), ("category", "news", "News"),
                                ("post_tag", "politics", "Politics"), ("post_tag", "new-tag", "New tag")]),
        ],
    )  # fmt: skip
    summary = run_import(tmp_path, xml)
    jane = Author.objects.get(slug="jdoe")
    assert (jane.name, jane.bio, jane.website, jane.user, jane.email) == (
        "Jane Doe",
        "",
        "",
        None,
        "",
    )
    assert Author.objects.get(slug="bob").name == "bob"
    assert Section.objects.get(slug="news").name == "News & Views"
    article = Article.objects.get()
    assert article.section.slug == "local"  # the post's first category
    assert sorted(article.tags.values_list("slug", flat=True)) == ["new-tag", "politics"]
    assert [b.author for b in article.bylines.all()] == [jane]
    assert summary.authors == {"created": 2}
    assert summary.sections == {"created": 2}
    assert summary.tags == {"created": 2}


def test_existing_section_tag_and_author_are_matched_not_duplicated(tmp_path):
    make_section("News", slug="news")
    Tag.objects.create(name="Politics", slug="politics")
    make_author("Jane Doe", slug="jdoe")
    summary = run_import(tmp_path, wxr(tags=[tag()], items=[item(1)]))
    assert Section.objects.count() == 1
    assert Tag.objects.count() == 1
    assert Author.objects.count() == 1
    assert summary.sections == {"matched": 1}
    assert summary.authors == {"matched": 1}


def test_coauthors_plus_bylines_in_order(tmp_path):
    xml = wxr(
        authors=[author("jdoe", "Jane Doe"), author("amy", "Amy Adams", id=2)],
        terms=[coauthor_term("guest", "Gail Guest")],
        items=[
            item(1, creator="jdoe", categories=[
                ("category", "news", "News"), ("author", "cap-amy", "amy"),
                ("author", "cap-guest", "guest"), ("author", "cap-jdoe", "jdoe")]),
        ],
    )  # fmt: skip
    run_import(tmp_path, xml)
    article = Article.objects.get()
    bylines = list(article.bylines.order_by("position"))
    assert [(b.author.name, b.position, b.role) for b in bylines] == [
        ("Amy Adams", 0, Byline.Role.AUTHOR),
        ("Gail Guest", 1, Byline.Role.AUTHOR),
        ("Jane Doe", 2, Byline.Role.AUTHOR),
    ]


def test_post_fields(tmp_path):
    xml = wxr(
        items=[
            item(7, "Fish &amp; chips “tonight” 🐟", name="fish-and-chips", excerpt="<p>The <b>short</b> version</p>",
                 date_gmt="2019-05-03 10:00:00", sticky=True, comment_status="closed")
        ]
    )  # fmt: skip
    run_import(tmp_path, xml)
    a = Article.objects.get()
    assert a.title == "Fish & chips “tonight” 🐟"
    assert a.slug == "fish-and-chips"
    assert a.standfirst == "The short version"
    assert a.published_at == datetime.datetime(2019, 5, 3, 10, 0, tzinfo=UTC)
    assert a.is_editors_pick is True
    assert a.comment_policy == Article.CommentPolicy.CLOSED
    assert a.went_live_at >= a.published_at  # comments count from the import
    assert a.body == "<p>Body.</p>"
    assert a.created_at == a.published_at
    assert a.updated_at == a.published_at
    assert a.was_updated is False


@pytest.mark.parametrize(
    ("wp_status", "status", "live", "label"),
    [
        ("publish", Article.Status.PUBLISHED, True, "published"),
        ("draft", Article.Status.DRAFT, False, "draft"),
        ("pending", Article.Status.IN_REVIEW, False, "in review"),
        ("private", Article.Status.DRAFT, False, "draft"),
    ],
)
def test_statuses(tmp_path, wp_status, status, live, label):
    summary = run_import(tmp_path, wxr(items=[item(1, status=wp_status)]))
    article = Article.objects.get()
    assert article.status == status
    assert article.is_live() is live
    assert summary.articles_by_status == {label: 1}
    event = ArticleEvent.objects.get(article=article)
    assert (event.from_status, event.to_status, event.actor) == ("", status, None)
    assert event.note == "Imported from WordPress (old.example.com)"


def test_future_post_is_scheduled(tmp_path):
    summary = run_import(
        tmp_path, wxr(items=[item(1, status="future", date_gmt="2027-01-01 08:00:00")])
    )
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime.datetime(2027, 1, 1, 8, 0, tzinfo=UTC)
    assert not article.is_live()
    assert Article.objects.scheduled().get() == article
    assert summary.articles_by_status == {"scheduled": 1}


def test_trash_and_auto_drafts_are_skipped_and_counted(tmp_path):
    xml = wxr(items=[item(1, status="trash"), item(2, status="auto-draft"), item(3, post_type="revision", status="inherit"),
                     item(4, post_type="product")])  # fmt: skip
    summary = run_import(tmp_path, xml)
    assert Article.objects.count() == 0
    assert summary.skipped == {
        "post in the trash": 1,
        "post auto-draft": 1,
        "revision": 1,
        "post type “product”": 1,
    }


def test_draft_with_zero_date_has_no_publication_date(tmp_path):
    run_import(tmp_path, wxr(items=[item(1, status="draft", date_gmt="0000-00-00 00:00:00")]))
    article = Article.objects.get()
    assert article.published_at is None
    assert article.status == Article.Status.DRAFT


def test_empty_slug_is_generated_from_the_title(tmp_path):
    run_import(
        tmp_path, wxr(items=[item(1, "Ünïcode Headline!", name=""), item(2, "日本語", name="")])
    )
    assert set(Article.objects.values_list("slug", flat=True)) == {"unicode-headline", "post-2"}


def test_percent_encoded_slug(tmp_path):
    run_import(tmp_path, wxr(items=[item(1, "Café", name="caf%c3%a9-au-lait")]))
    assert Article.objects.get().slug == "cafe-au-lait"


def test_slug_clash_on_the_same_day_is_resolved(tmp_path):
    make_article(slug="hello", published_at=datetime.datetime(2019, 5, 3, 9, 0, tzinfo=UTC))
    run_import(tmp_path, wxr(items=[item(1, name="hello"), item(2, name="hello")]))
    imported = Article.objects.exclude(pk=Article.objects.order_by("pk").first().pk)
    assert sorted(imported.values_list("slug", flat=True)) == ["hello-2", "hello-3"]


def test_slug_clash_across_batches_is_resolved(tmp_path, monkeypatch):
    """Slugs are checked batch by batch against what earlier batches wrote (the import
    keeps no list of every slug)."""
    monkeypatch.setattr("articles.wxr.importer.BATCH_SIZE", 2)
    make_article(slug="hello", published_at=datetime.datetime(2019, 5, 3, 9, 0, tzinfo=UTC))
    items = [item(i, name="hello") for i in range(1, 6)]
    run_import(tmp_path, wxr(items=items))
    imported = Article.objects.exclude(pk=Article.objects.order_by("pk").first().pk)
    assert sorted(imported.values_list("slug", flat=True)) == [f"hello-{n}" for n in range(2, 7)]
    run_import(tmp_path, wxr(items=items))  # a second run keeps them
    assert sorted(imported.values_list("slug", flat=True)) == [f"hello-{n}" for n in range(2, 7)]


def test_default_section_for_posts_without_category(tmp_path):
    run_import(tmp_path, wxr(items=[item(1, categories=())]), default_section="Archive")
    assert Article.objects.get().section.name == "Archive"


def _jpeg(path, size=(800, 600)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "teal").save(path, "JPEG")


def _with_featured_image():
    return wxr(
        items=[
            item(1, meta={"_thumbnail_id": "9"}),
            item(9, "Harbour", post_type="attachment", parent=1, excerpt="The harbour at dawn",
                 attachment_url=f"{BASE}/wp-content/uploads/2019/05/harbour.jpg",
                 meta={"_wp_attached_file": "2019/05/harbour.jpg",
                       "_wp_attachment_image_alt": "Boats in the harbour"}),
        ]
    )  # fmt: skip


def test_featured_image_copied_with_caption_alt_and_renditions(tmp_path):
    uploads = tmp_path / "uploads"
    _jpeg(uploads / "2019/05/harbour.jpg")
    summary = run_import(tmp_path, _with_featured_image(), uploads_dir=uploads)
    article = Article.objects.get()
    assert article.featured_image.name.endswith("harbour.jpg")
    assert article.featured_image.storage.exists(article.featured_image.name)
    assert article.featured_image_alt == "Boats in the harbour"
    assert article.featured_image_caption == "The harbour at dawn"
    assert (article.featured_image_width, article.featured_image_height) == (800, 600)
    assert [r["width"] for r in article.featured_image_renditions["jpeg"]] == [320, 640, 800]
    assert article.updated_at == article.published_at
    assert summary.images_copied == 1
    assert summary.images_remote == []


def test_featured_image_without_uploads_dir_stays_remote_and_is_reported(tmp_path):
    summary = run_import(tmp_path, _with_featured_image())
    article = Article.objects.get()
    assert not article.featured_image
    assert article.featured_image_alt == "Boats in the harbour"
    assert summary.images_remote == [f"{BASE}/wp-content/uploads/2019/05/harbour.jpg"]


def test_featured_image_missing_from_uploads_dir_stays_remote(tmp_path):
    (tmp_path / "uploads").mkdir()
    summary = run_import(tmp_path, _with_featured_image(), uploads_dir=tmp_path / "uploads")
    assert not Article.objects.get().featured_image
    assert summary.images_copied == 0
    assert len(summary.images_remote) == 1


def test_body_images_rewritten_when_copied(tmp_path):
    uploads = tmp_path / "uploads"
    _jpeg(uploads / "2019/05/inline.jpg")
    content = f'<img src="{BASE}/wp-content/uploads/2019/05/inline.jpg" alt="Inline">'
    run_import(tmp_path, wxr(items=[item(1, content=content)]), uploads_dir=uploads)
    assert 'src="/media/wordpress/old.example.com/2019/05/inline.jpg"' in Article.objects.get().body


def test_nested_pages(tmp_path):
    xml = wxr(
        items=[
            item(3, "Team", post_type="page", name="team", parent=2, link=f"{BASE}/about/team/"),
            item(2, "About us", post_type="page", name="about", content="We <b>report</b>.", menu_order=2),
            item(4, "Draft page", post_type="page", name="wip", status="draft"),
        ]
    )  # fmt: skip
    summary = run_import(tmp_path, xml)
    about = Page.objects.get(slug="about")
    team = Page.objects.get(slug="team")
    assert (about.path, about.title, about.published, about.position) == (
        "/about/",
        "About us",
        True,
        2,
    )
    assert about.body == "<p>We <b>report</b>.</p>"
    assert (team.path, team.parent, team.old_path) == ("/about/team/", about, "/about/team/")
    assert Page.objects.get(slug="wip").published is False
    assert summary.pages == {"created": 3, "published": 2, "draft": 1}


def test_page_clashing_with_a_site_route_is_renamed(tmp_path):
    summary = run_import(tmp_path, wxr(items=[item(2, "Search", post_type="page", name="search")]))
    assert Page.objects.get().path == "/search-2/"
    assert summary.warnings == ["Page “Search”: /search/ is taken; renamed"]


def test_reimport_changes_nothing(tmp_path):
    xml = wxr(
        tags=[tag()],
        items=[
            item(
                1, categories=[("category", "news", "News"), ("post_tag", "politics", "Politics")]
            ),
            item(2, "About", post_type="page", name="about"),
            item(3, "Team", post_type="page", name="team", parent=2),
        ],
    )
    run_import(tmp_path, xml)
    models = [Article, Author, Section, Tag, Page, ArticleEvent, Byline, ImportedItem]
    before = {m: m.objects.count() for m in models}
    stamps = list(Article.objects.values_list("pk", "updated_at", "version"))
    pages = list(Page.objects.values_list("pk", "updated_at", "path"))
    from articles.models import Redirect

    redirects = list(Redirect.objects.values_list("old_path", "article", "page", "target"))
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        summary = run_import(tmp_path, xml)
    assert {m: m.objects.count() for m in models} == before
    assert list(Article.objects.values_list("pk", "updated_at", "version")) == stamps
    assert list(Page.objects.values_list("pk", "updated_at", "path")) == pages
    assert sorted(Redirect.objects.values_list("old_path", "article", "page", "target")) == sorted(
        redirects
    )
    assert summary.articles == {"unchanged": 1}
    assert summary.pages == {"unchanged": 2, "published": 2}
    assert summary.redirects == 0


def test_reimport_updates_what_changed(tmp_path):
    run_import(tmp_path, wxr(items=[item(1, "Old title", status="draft")]))
    article = Article.objects.get()
    summary = run_import(tmp_path, wxr(items=[item(1, "New title", status="publish")]))
    article.refresh_from_db()
    assert article.title == "New title"
    assert article.status == Article.Status.PUBLISHED
    assert Article.objects.count() == 1
    assert summary.articles == {"updated": 1}
    assert list(article.events.order_by("pk").values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "published"),
    ]


def test_two_sites_side_by_side(tmp_path):
    run_import(tmp_path, wxr(items=[item(1, "From A")], base="https://a.example.com"))
    run_import(tmp_path, wxr(items=[item(1, "From B")], base="https://b.example.com"))
    assert sorted(Article.objects.values_list("title", flat=True)) == ["From A", "From B"]
    assert set(ImportedItem.objects.filter(kind="article").values_list("source", flat=True)) == {
        "a.example.com",
        "b.example.com",
    }
    # Both sites had a "jdoe": two people, two profiles.
    assert sorted(Author.objects.values_list("slug", flat=True)) == ["jdoe", "jdoe-2"]


def test_dry_run_writes_nothing_and_reports_the_same(tmp_path):
    xml = wxr(items=[item(1), item(2, "About", post_type="page", name="about")])
    dry = run_import(tmp_path, xml, dry_run=True)
    assert Article.objects.count() == Page.objects.count() == Author.objects.count() == 0
    assert ImportedItem.objects.count() == 0
    real = run_import(tmp_path, xml)
    assert dry.rows()[:-1] == real.rows()
    assert dry.rows()[-1] == ("Dry run", "nothing was written")
