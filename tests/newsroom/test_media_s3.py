"""MEDIA_STORAGE=s3: uploads and their renditions go to the bucket and pages link to it.

The bucket is moto's S3-compatible server on loopback; the storage settings
are the ones the settings (newsroom/conf/storage.py) build from the environment.
"""

import io
import json
import re
import subprocess
import sys
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.factories import make_article
from tests.servers import ROOT, free_port

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

BUCKET = "newsroom-media"


def _storages_from_settings(env: dict) -> dict:
    code = "import json, newsroom.settings as s; print(json.dumps(s.STORAGES['default']))"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def bucket(settings, monkeypatch):
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    import os

    env = {
        **os.environ,
        "SECRET_KEY": "s3-test",
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        # Readers fetch images anonymously: public objects (or a public bucket policy).
        "AWS_DEFAULT_ACL": "public-read",
    }
    settings.STORAGES = {**settings.STORAGES, "default": _storages_from_settings(env)}
    yield client, endpoint
    server.stop()


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 600), "darkred").save(buffer, "JPEG")
    return SimpleUploadedFile("lighthouse.jpg", buffer.getvalue())


def test_uploads_and_renditions_go_to_the_bucket_and_pages_link_there(db, bucket, settings):
    client, endpoint = bucket
    article = make_article(title="Lighthouse keeper", featured_image=_jpeg())

    keys = {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert article.featured_image.name in keys
    renditions = article.featured_image_renditions["jpeg"]
    assert {r["name"] for r in renditions} <= keys
    assert not (settings.MEDIA_ROOT / article.featured_image.name).exists()

    page = Client().get(article.get_absolute_url()).content.decode()
    (img,) = re.findall(r"<img [^>]*>", page)
    urls = {re.search(r'src="([^"]+)"', img).group(1)}
    urls |= {
        c.strip().split(" ")[0] for c in re.search(r'srcset="([^"]+)"', img).group(1).split(",")
    }
    assert urls == {f"{endpoint}/{BUCKET}/{r['name']}" for r in renditions}
    assert "X-Amz-Signature" not in page  # public links: a cached page never expires

    for url in urls:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            assert response.status == 200
            assert response.headers["Content-Type"] == "image/jpeg"
            assert response.headers["Cache-Control"] == "public, max-age=86400"
            with Image.open(io.BytesIO(response.read())) as image:
                assert image.format == "JPEG"


def test_the_app_does_not_route_media_when_they_live_in_a_bucket():
    """SERVE_MEDIA follows MEDIA_STORAGE: no /media/ view in front of an empty MEDIA_ROOT."""
    import os

    code = (
        "import django; django.setup(); from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/media/x.jpg'); print('routed')\n"
        "except Resolver404:\n    print('not routed')"
    )
    base = {
        **os.environ,
        "SECRET_KEY": "s3-test",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    for extra, expected in (
        ({}, "routed"),
        ({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": BUCKET}, "not routed"),
        ({"SERVE_MEDIA": "false"}, "not routed"),
    ):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**base, **extra},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == expected, extra
