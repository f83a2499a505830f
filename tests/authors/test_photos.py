"""Author photos: square copies made on save, drawn with srcset, width and height."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from authors.models import Author
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def jpeg(width, height, name="portrait.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_large_upload_gets_small_square_copies():
    author = make_author("Ann Photo", slug="ann-photo", photo=jpeg(1800, 1200))
    sizes = author.photo_renditions["sizes"]
    assert author.photo_renditions["source"] == author.photo.name
    storage = author.photo.storage
    for size, name in sizes.items():
        with storage.open(name) as handle, Image.open(handle) as copy:
            assert copy.size == (int(size), int(size))
    assert set(sizes) == {"96", "192"}


def test_pages_draw_the_small_copy_with_its_size(client):
    author = make_author("Ann Photo", slug="ann-photo", photo=jpeg(1800, 1200))
    article = make_article(authors=[author])
    html = client.get(article.get_absolute_url()).content.decode()
    small = author.photo.storage.url(author.photo_renditions["sizes"]["96"])
    large = author.photo.storage.url(author.photo_renditions["sizes"]["192"])
    assert f'src="{small}" srcset="{small} 1x, {large} 2x"' in html
    assert 'width="72" height="72"' in html
    assert author.photo.url not in html  # never the multi-megabyte original
    html = client.get(author.get_absolute_url()).content.decode()
    assert f'src="{small}"' in html
    assert 'width="96" height="96"' in html


def test_saving_without_a_new_photo_does_not_redo_the_copies():
    author = make_author("Ann Photo", slug="ann-photo", photo=jpeg(400, 400))
    before = dict(author.photo_renditions)
    author.job_title = "Photographer"
    author.save()
    assert author.photo_renditions == before


def test_an_unreadable_photo_is_kept_and_drawn_as_it_is(client):
    broken = SimpleUploadedFile("broken.jpg", b"not an image", content_type="image/jpeg")
    author = Author(name="Bo Broken", slug="bo-broken")
    author.photo = broken
    author.save()
    assert author.photo_renditions == {"source": author.photo.name}
    assert author.picture.src == author.photo.url
