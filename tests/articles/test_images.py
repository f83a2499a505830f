"""Responsive renditions of featured images (articles/images.py): made on save when the
image changes, never wider than the original, rendered as <picture> with srcset."""

import io
import re
from io import StringIO
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from articles import images
from articles.models import Article
from tests.factories import make_article
from tests.queries import count_queries

from .test_queries import BUDGETS, build_world

pytestmark = pytest.mark.django_db

WEBP = images.webp_supported()
FORMATS = ["jpeg", "webp"] if WEBP else ["jpeg"]


def upload(name="harbour.jpg", size=(1200, 675), mode="RGB", color="steelblue", **options):
    """A small picture made by Pillow, as the admin form would hand it over."""
    buffer = io.BytesIO()
    fmt = {"jpg": "JPEG", "png": "PNG", "gif": "GIF"}[name.rsplit(".", 1)[1]]
    Image.new(mode, size, color).save(buffer, fmt, **options)
    return SimpleUploadedFile(name, buffer.getvalue())


def media(settings, name):
    return settings.MEDIA_ROOT / name


def widths(article, fmt="jpeg"):
    return [r["width"] for r in article.featured_image_renditions.get(fmt, [])]


def test_renditions_are_made_at_the_fixed_widths_capped_at_the_original(settings):
    article = make_article(featured_image=upload(size=(1200, 675)))

    manifest = Article.objects.get(pk=article.pk).featured_image_renditions
    assert manifest["source"] == article.featured_image.name
    for fmt in FORMATS:
        assert widths(article, fmt) == [320, 640, 960, 1200]
        for rendition in manifest[fmt]:
            with Image.open(media(settings, rendition["name"])) as image:
                assert image.format == fmt.upper()
                assert image.size == (rendition["width"], rendition["height"])
                assert abs(image.width / image.height - 1200 / 675) < 0.01
    assert manifest["jpeg"][0]["name"].endswith(".w320.jpg")


def test_a_small_original_is_never_upscaled(settings):
    article = make_article(featured_image=upload(size=(500, 300)))

    assert widths(article) == [320, 500]
    assert max(r["width"] for fmt in FORMATS for r in article.featured_image_renditions[fmt]) == 500


def test_rendition_names_derive_from_the_original_and_the_width():
    assert images.rendition_name("articles/2026/11/foo.jpg", 480, "jpeg") == (
        "articles/2026/11/foo.w480.jpg"
    )
    assert images.rendition_name("articles/2026/11/foo.jpg", 480, "webp") == (
        "articles/2026/11/foo.w480.webp"
    )
    # Not the .jpg's renditions: both may sit in one month's folder.
    assert images.rendition_name("articles/2026/11/foo.png", 480, "jpeg") == (
        "articles/2026/11/foo.png.w480.jpg"
    )


def test_the_originals_dimensions_are_recorded():
    article = make_article(featured_image=upload(size=(800, 450)))

    stored = Article.objects.get(pk=article.pk)
    assert (stored.featured_image_width, stored.featured_image_height) == (800, 450)


def test_saving_with_the_same_image_makes_no_renditions():
    """Editing the words of an illustrated article must not re-encode its picture."""
    article = Article.objects.get(pk=make_article(featured_image=upload()).pk)
    before = article.featured_image_renditions

    with mock.patch("articles.images.make_renditions") as make:
        article.title = "A better headline"
        article.save()
        article.save(update_fields=["title"])
    make.assert_not_called()
    assert Article.objects.get(pk=article.pk).featured_image_renditions == before


def test_a_replaced_image_gets_new_renditions_and_the_old_ones_go(
    settings, django_capture_on_commit_callbacks
):
    article = Article.objects.get(pk=make_article(featured_image=upload("old.jpg")).pk)
    old_names = images.rendition_names(article.featured_image_renditions)
    assert all(media(settings, name).exists() for name in old_names)

    with django_capture_on_commit_callbacks(execute=True):
        article.featured_image = upload("new.jpg", size=(700, 400), color="orange")
        article.save()

    stored = Article.objects.get(pk=article.pk)
    assert stored.featured_image_renditions["source"] == stored.featured_image.name
    assert widths(stored) == [320, 640, 700]
    assert (stored.featured_image_width, stored.featured_image_height) == (700, 400)
    assert all("new" in name for name in images.rendition_names(stored.featured_image_renditions))
    assert not any(media(settings, name).exists() for name in old_names)


def test_removing_the_image_removes_its_renditions(settings, django_capture_on_commit_callbacks):
    article = Article.objects.get(pk=make_article(featured_image=upload()).pk)
    names = images.rendition_names(article.featured_image_renditions)

    with django_capture_on_commit_callbacks(execute=True):
        article.featured_image = ""
        article.save()

    stored = Article.objects.get(pk=article.pk)
    assert stored.featured_image_renditions == {}
    assert stored.featured_image_width is None
    assert not any(media(settings, name).exists() for name in names)


def test_a_corrupt_upload_saves_the_article_without_renditions(client, caplog):
    """An unreadable file is logged and skipped: never a lost article, never a 500."""
    bad = SimpleUploadedFile("broken.jpg", b"\xff\xd8\xff\xe0 this is not really a JPEG")

    article = make_article(featured_image=bad)

    stored = Article.objects.get(pk=article.pk)
    assert stored.featured_image.name.endswith(".jpg")
    assert stored.featured_image_renditions == {"source": stored.featured_image.name}
    assert stored.featured_image_width is None
    assert "Cannot make renditions" in caplog.text
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{stored.featured_image.url}"' in page  # the original, as before
    assert "srcset" not in page
    # Recorded as tried: the next save does not decode it again.
    with mock.patch("articles.images.make_renditions") as make:
        stored.save()
    make.assert_not_called()


def test_a_missing_original_does_not_break_the_pages(client, settings):
    """Rows saved before dimensions were recorded must not read storage on load, so a
    vanished file cannot turn every list page into a 500."""
    article = make_article(featured_image=upload())
    Article.objects.filter(pk=article.pk).update(
        featured_image_width=None, featured_image_height=None, featured_image_renditions={}
    )
    media(settings, article.featured_image.name).unlink()

    assert client.get("/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_png_with_transparency_is_laid_on_white(settings):
    article = make_article(
        featured_image=upload("logo.png", size=(400, 200), mode="RGBA", color=(0, 0, 0, 0))
    )

    assert widths(article) == [320, 400]
    for fmt in FORMATS:
        name = article.featured_image_renditions[fmt][0]["name"]
        assert name.endswith(f".png.w320.{images.EXTENSIONS[fmt]}")
        with Image.open(media(settings, name)) as image:
            assert image.mode == "RGB"
            assert all(channel > 240 for channel in image.getpixel((10, 10)))


def test_a_palette_gif_works():
    article = make_article(featured_image=upload("map.gif", size=(600, 300), mode="P", color=3))

    assert widths(article) == [320, 600]


def test_exif_orientation_is_applied():
    """A phone portrait stored sideways (landscape pixels, EXIF orientation 6) is upright."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    article = make_article(featured_image=upload("portrait.jpg", size=(600, 300), exif=exif))

    assert (article.featured_image_width, article.featured_image_height) == (600, 300)  # raw
    rendition = article.featured_image_renditions["jpeg"][-1]
    assert (rendition["width"], rendition["height"]) == (300, 600)
    assert (article.featured_picture.width, article.featured_picture.height) == (300, 600)


def picture_tags(html):
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def test_cards_lead_and_article_render_picture_with_srcset_sizes_and_dimensions(client, settings):
    settings.SITE_URL = "https://news.example"
    lead = make_article(featured_image=upload("lead.jpg"), featured_image_alt="The quay")
    earlier = lead.published_at.replace(year=2020)
    for n in range(6):  # four top stories (no pictures), then two in the latest news
        make_article(featured_image=upload(f"card{n}.jpg"), published_at=earlier)

    front = client.get("/").content.decode()
    pictures = picture_tags(front)
    assert len(pictures) == 3
    lead_picture, *cards = pictures
    assert 'alt="The quay"' in lead_picture
    assert 'loading="eager"' in lead_picture
    assert 'fetchpriority="high"' in lead_picture
    assert 'sizes="(min-width: 60rem) 47rem, 100vw"' in lead_picture
    for card in cards:
        assert 'alt=""' in card
        assert 'loading="lazy"' in card
        assert "fetchpriority" not in card
        assert 'sizes="(max-width: 40rem) 6.5rem, 9rem"' in card
    for picture in pictures:
        assert re.search(r'<img src="/media/\S+\.w960\.jpg" srcset="\S+\.w320\.jpg 320w, ', picture)
        assert 'width="960" height="540"' in picture
        if WEBP:
            assert '<source type="image/webp" srcset="' in picture
            assert ".w1200.webp 1200w" in picture
    assert 'class="card__media"' in front
    assert 'class="lead__figure"' in front

    page = client.get(lead.get_absolute_url()).content.decode()
    (figure,) = picture_tags(page)
    assert 'loading="eager"' in figure
    assert 'fetchpriority="high"' in figure
    assert 'sizes="(min-width: 60rem) 50rem, 100vw"' in figure
    assert 'alt="The quay"' in figure
    # Link previews keep the full original.
    og_image = f'<meta property="og:image" content="https://news.example{lead.featured_image.url}">'
    assert og_image in page


def test_front_page_query_budget_holds_with_featured_images(client):
    """The manifest is a column of the article: pictures cost no queries."""
    build_world(6)  # more than the five top stories: the section blocks show some
    for article in Article.objects.all():
        article.featured_image = upload(f"{article.slug}.jpg", size=(640, 360))
        article.save()

    assert count_queries(client, "/") == BUDGETS["front"]


def test_make_renditions_backfills_older_articles_once(settings):
    article = make_article()
    name = default_storage.save("articles/2026/01/old.jpg", ContentFile(upload().read()))
    Article.objects.filter(pk=article.pk).update(featured_image=name)  # as saved before renditions
    updated_at = Article.objects.get(pk=article.pk).updated_at

    out = StringIO()
    call_command("make_renditions", stdout=out)
    stored = Article.objects.get(pk=article.pk)
    assert widths(stored) == [320, 640, 960, 1200]
    assert (stored.featured_image_width, stored.featured_image_height) == (1200, 675)
    assert stored.updated_at == updated_at
    assert stored.version == article.version
    assert "made for 1 articles" in out.getvalue()

    with mock.patch("articles.images.make_renditions") as make:
        call_command("make_renditions", stdout=StringIO())
    make.assert_not_called()

    out = StringIO()
    call_command("make_renditions", "--force", stdout=out)
    assert "made for 1 articles" in out.getvalue()
    assert (
        Article.objects.get(pk=article.pk).featured_image_renditions
        == stored.featured_image_renditions
    )
    assert all(
        media(settings, n).exists()
        for n in images.rendition_names(stored.featured_image_renditions)
    )


def test_seed_demo_pictures_get_renditions_and_dimensions():
    """seed_demo attaches pictures with a queryset update (keeping the story's dates), so
    it makes the renditions itself."""
    from demo.management.commands.seed_demo import Command

    article = make_article()
    Command()._attach_image(article, "A caption")

    stored = Article.objects.get(pk=article.pk)
    assert (stored.featured_image_width, stored.featured_image_height) == (1200, 675)
    assert stored.featured_image_renditions["source"] == stored.featured_image.name
    assert widths(stored) == [320, 640, 960, 1200]


def test_dimensions_are_recorded_for_a_picture_saved_from_bytes():
    """FieldFile.save(name, ContentFile(data)) is how code attaches pictures; Django
    does not measure a nameless ContentFile, so save() reads the stored file."""
    article = make_article()
    article.featured_image.save("bytes.jpg", ContentFile(upload(size=(640, 360)).read()))

    stored = Article.objects.get(pk=article.pk)
    assert (stored.featured_image_width, stored.featured_image_height) == (640, 360)
    assert widths(stored) == [320, 640]


def test_make_renditions_shows_on_cached_pages_at_once(settings, page_cache, commit):
    """A queryset update sends no save signal: the command empties the page cache itself
    (the renditions a cached page pointed at may just have been deleted)."""
    from tests.page_cache import filled, page

    article = make_article()
    name = default_storage.save("articles/2026/01/late.jpg", ContentFile(upload().read()))
    Article.objects.filter(pk=article.pk).update(featured_image=name)
    assert b"srcset" not in filled(article.get_absolute_url()).content
    commit(call_command, "make_renditions", stdout=StringIO())
    assert b"srcset" in page(article.get_absolute_url()).content
