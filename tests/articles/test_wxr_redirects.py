"""Every old WordPress address answers 301 to the new one, by requesting it."""

import pytest

from articles.models import Article, Page, Redirect, Section
from tests.factories import make_article
from tests.queries import count_queries
from tests.wxr_files import author, category, item, run_import, tag, wxr

pytestmark = pytest.mark.django_db
BASE = "https://old.example.com"


@pytest.fixture
def imported(tmp_path):
    xml = wxr(
        authors=[author("jane.doe", "Jane Doe")],
        categories=[category("news", "News"), category("local", "Local", parent="news", id=2)],
        tags=[tag("Big Story", "Big story")],
        items=[
            item(12, "Renamed", name="new-name", creator="jane.doe",
                 link=f"{BASE}/2019/05/03/new-name/", meta={"_wp_old_slug": ["old-name"]},
                 categories=[("category", "local", "Local"), ("post_tag", "Big Story", "Big story")]),
            item(13, "Plain", name="plain", link=f"{BASE}/news/plain.html"),
            item(14, "Draft", name="draft", status="draft", link=f"{BASE}/?p=14"),
            item(20, "About", post_type="page", name="about", link=f"{BASE}/about-us/"),
            item(21, "Team", post_type="page", name="team", parent=20, link=f"{BASE}/about-us/team/"),
        ],
    )  # fmt: skip
    run_import(tmp_path, xml)
    return {a.title: a for a in Article.objects.all()} | {p.title: p for p in Page.objects.all()}


def assert_moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new


def test_article_permalink_and_former_slug(client, imported):
    new = imported["Renamed"].get_absolute_url()
    assert new == "/2019/05/03/new-name/"
    assert client.get(new).status_code == 200
    assert_moved(client, "/2019/05/03/old-name/", new)
    assert_moved(client, "/news/plain.html", imported["Plain"].get_absolute_url())
    assert_moved(client, "/news/plain.html/", imported["Plain"].get_absolute_url())


def test_query_string_ids(client, imported):
    assert_moved(client, "/?p=12", imported["Renamed"].get_absolute_url())
    assert_moved(client, "/?page_id=20", "/about/")
    assert_moved(client, "/?p=21", "/about/team/")
    assert client.get("/?p=999").status_code == 200  # unknown: the front page as usual


def test_unpublished_article_is_not_revealed(client, imported):
    assert client.get("/?p=14").status_code == 200  # front page, no redirect to a draft


def test_pages_old_paths(client, imported):
    assert_moved(client, "/about-us/", "/about/")
    assert_moved(client, "/about-us/team/", "/about/team/")


def test_category_tag_author_and_feed_archives(client, imported):
    assert_moved(client, "/category/news/", "/section/news/")
    assert_moved(client, "/category/news/local/", "/section/local/")
    assert_moved(client, "/category/local/", "/section/local/")
    assert_moved(client, "/category/news/local/feed/", "/section/local/feed/")
    assert_moved(client, "/tag/Big Story/", "/tag/big-story/")
    # The author keeps WordPress's address name, so /author/jane-doe/ needs no redirect.
    assert client.get("/author/jane-doe/").status_code == 200
    assert_moved(client, "/feed/rss2/", "/feed/")
    assert_moved(client, "/comments/feed/", "/feed/")
    assert_moved(client, "/?feed=rss2", "/feed/")
    assert_moved(client, "/?cat=1", "/section/news/")
    assert_moved(client, "/?tag=Big Story", "/tag/big-story/")
    assert_moved(client, "/?author=1", "/author/jane-doe/")
    assert_moved(client, "/tag/big-story/feed/", "/feed/")
    assert client.get("/section/local/").status_code == 200


def test_redirect_follows_the_article_when_its_address_changes(client, imported):
    article = imported["Renamed"]
    article.slug = "newer"
    article.save()
    assert_moved(client, "/?p=12", "/2019/05/03/newer/")


def test_redirect_stops_when_article_is_unpublished(client, imported):
    Article.objects.filter(pk=imported["Renamed"].pk).update(status=Article.Status.DRAFT)
    assert client.get("/2019/05/03/old-name/").status_code == 404


def test_redirects_are_cacheable(client, imported):
    response = client.get("/category/news/")
    assert "public" in response["Cache-Control"]


def test_normal_pages_cost_no_extra_query(client, db):
    """The fallback runs only on a 404 or a WordPress query parameter."""
    article = make_article()
    baseline = count_queries(client, article.get_absolute_url())
    Redirect.objects.create(old_path="/somewhere/", target="/")
    assert count_queries(client, article.get_absolute_url()) == baseline
    assert count_queries(client, article.get_absolute_url(), {"utm_source": "x"}) == baseline


def test_an_import_never_redirects_a_live_address_to_itself(client, tmp_path):
    run_import(tmp_path, wxr(items=[item(1, name="same")]))
    assert not Redirect.objects.filter(old_path="/2019/05/03/same/").exists()
    assert client.get("/2019/05/03/same/").status_code == 200


def test_existing_redirect_to_other_content_is_kept(tmp_path):
    other = make_article()
    Redirect.objects.create(old_path="/?p=1", article=other)
    summary = run_import(tmp_path, wxr(items=[item(1)]))
    assert Redirect.objects.get(old_path="/?p=1").article == other
    assert summary.warnings == ["/?p=1 already redirects elsewhere; left as it was"]


def test_subdirectory_blog_keeps_its_prefix(client, tmp_path):
    base = "https://old.example.com/blog"
    run_import(
        tmp_path,
        wxr(base=base, items=[item(5, name="story", link=f"{base}/2019/05/03/story/")]),
    )
    new = Article.objects.get().get_absolute_url()
    assert_moved(client, "/blog/2019/05/03/story/", new)
    assert_moved(client, "/blog/?p=5", new)
    assert_moved(client, "/blog/category/news/", Section.objects.get().get_absolute_url())
    assert_moved(client, "/blog/feed/", "/feed/")


def test_author_archive_of_a_renamed_author(client, tmp_path):
    run_import(tmp_path, wxr(base="https://a.example.com", items=[item(1)]))
    run_import(tmp_path, wxr(base="https://b.example.com", items=[item(1)]))
    # Site b's jdoe became jdoe-2 here; b's old /author/jdoe/ address cannot also be
    # a's, so the first import keeps it (it is a live page of ours anyway).
    assert client.get("/author/jdoe/").status_code == 200
    assert client.get("/author/jdoe-2/").status_code == 200
