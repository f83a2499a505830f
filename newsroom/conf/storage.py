"""Static files and uploaded media (on this machine or in an S3 bucket)."""

import importlib.util
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import BASE_DIR, DEBUG, env

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# How long browsers and CDNs may keep an uploaded image.
MEDIA_CACHE_SECONDS = env.int("MEDIA_CACHE_SECONDS", default=60 * 60 * 24)
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs django-storages: pip install 'newsroom[s3]'."
        )
    _bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not _bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    # Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY in the environment, an instance role, ...).
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "default_acl": env.str("AWS_DEFAULT_ACL", default="") or None,
            # Public-read objects linked directly: no expiring signatures in cached pages.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": f"public, max-age={MEDIA_CACHE_SECONDS}"},
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3; got {MEDIA_STORAGE!r}.")
# The app serves MEDIA_ROOT itself (safe content types, caching headers) unless a
# proxy in front does (deploy/nginx.conf) or the media live in a bucket.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=MEDIA_STORAGE == "filesystem")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
