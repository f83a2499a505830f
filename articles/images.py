"""Responsive renditions of an article's featured image.

The upload is kept as it is (Open Graph and JSON-LD point at it). Beside it, in the
same storage, go smaller JPEG copies, and WebP ones when this Pillow can encode WebP,
at RENDITION_WIDTHS but never wider than the original:

    articles/2026/11/harbour.jpg          the original
    articles/2026/11/harbour.w320.jpg     renditions (and .w320.webp, ...)

Which renditions exist is stored on the article (`featured_image_renditions`), so a page
builds its `srcset` with neither storage access nor queries. A file Pillow cannot read
is logged and skipped: the article is saved all the same, without renditions, and pages
fall back to the original.
"""

import functools
import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageOps, features

logger = logging.getLogger(__name__)

# Phone thumbnails at 2-3x, cards, the lead and the article's own picture on wide screens.
RENDITION_WIDTHS = (320, 640, 960, 1600)
# The width used for <img src>, the fallback of the few browsers that ignore srcset.
FALLBACK_WIDTH = 960
JPEG_QUALITY = 80
WEBP_QUALITY = 75
EXTENSIONS = {"jpeg": "jpg", "webp": "webp"}


@functools.cache
def webp_supported() -> bool:
    return features.check("webp")


def formats() -> tuple[str, ...]:
    return ("jpeg", "webp") if webp_supported() else ("jpeg",)


def rendition_name(original: str, width: int, fmt: str) -> str:
    """The storage name of the `fmt` rendition of `original` at `width`.

    `harbour.jpg` gives `harbour.w480.jpg`; any other original keeps its extension in
    the name (`harbour.png.w480.jpg`), so a .jpg and a .png of the same name in one
    month's folder do not overwrite each other's renditions.
    """
    path = PurePosixPath(original)
    stem = path.stem if path.suffix.lower() == ".jpg" else path.name
    return str(path.with_name(f"{stem}.w{width}.{EXTENSIONS[fmt]}"))


def target_widths(original_width: int) -> list[int]:
    """RENDITION_WIDTHS, the ones wider than the original replaced by its own width."""
    return sorted({min(width, original_width) for width in RENDITION_WIDTHS})


def rendition_names(manifest: dict) -> list[str]:
    return [r["name"] for fmt in EXTENSIONS for r in manifest.get(fmt, [])]


def make_renditions(article) -> dict:
    """Write the renditions of `article.featured_image` and return the manifest to store.

    The manifest is ``{"source": <original's name>, "jpeg": [...], "webp": [...]}``, each
    list of ``{"name", "width", "height"}`` narrowest first; ``{}`` without an image.
    When the original cannot be read or a rendition cannot be written, the failure is
    logged, whatever was written is removed, and the manifest is ``{"source": name}``
    alone: the image is not retried on every save, and pages use the original.
    """
    field_file = article.featured_image
    if not field_file:
        return {}
    name, storage = field_file.name, field_file.storage
    manifest = {"source": name}
    written = []
    try:
        with storage.open(name, "rb") as handle, Image.open(handle) as original:
            # A colour profile only describes RGB pixels; a CMYK or grey one would be wrong
            # on the RGB renditions.
            icc_profile = (
                original.info.get("icc_profile") if original.mode in ("RGB", "RGBA") else None
            )
            # Phones store portraits sideways with an EXIF note; renditions are upright.
            image = _flatten(ImageOps.exif_transpose(original))
        for fmt in formats():
            manifest[fmt] = []
            for width in target_widths(image.width):
                height = max(1, round(image.height * width / image.width))
                resized = (
                    image
                    if width == image.width
                    else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                )
                stored = _write(
                    storage, rendition_name(name, width, fmt), resized, fmt, icc_profile
                )
                written.append(stored)
                manifest[fmt].append({"name": stored, "width": width, "height": height})
    except Exception:
        # Pillow reports a bad file with a zoo of exception types (OSError, SyntaxError,
        # ValueError, DecompressionBombError, ...); none of them may cost the article.
        logger.warning("Cannot make renditions of %s (article %s)", name, article.pk, exc_info=True)
        delete_renditions(written, storage)
        return {"source": name}
    return manifest


def _flatten(image: Image.Image) -> Image.Image:
    """`image` in RGB; transparency (RGBA, LA, or a palette with a transparent colour)
    is laid on white, as the JPEG renditions need and the WebP ones match."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode == "RGB" else image.convert("RGB")


def _write(storage, name: str, image: Image.Image, fmt: str, icc_profile) -> str:
    buffer = io.BytesIO()
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if fmt == "jpeg":
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        options.update(quality=WEBP_QUALITY)
    image.save(buffer, fmt.upper(), **options)
    # Deterministic names: replace a rendition left by an earlier run rather than letting
    # the storage invent `harbour.w480_AbC123.jpg`.
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(buffer.getvalue()))


def stale_renditions(old: dict, new: dict) -> list[str]:
    """The renditions named in manifest `old` that manifest `new` does not reuse."""
    keep = set(rendition_names(new))
    return [name for name in rendition_names(old) if name not in keep]


def delete_renditions(names, storage) -> None:
    """Best-effort removal of the rendition files `names`: a failure is only logged."""
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.warning("Cannot delete stale rendition %s", name, exc_info=True)


@dataclass(frozen=True)
class Picture:
    """What `templates/articles/_picture.html` needs to render a featured image."""

    src: str
    srcset: str = ""
    webp_srcset: str = ""
    width: int | None = None
    height: int | None = None


def picture(article) -> Picture | None:
    """The featured image of `article` for the page, from its stored manifest.

    Without renditions of the current image (none made yet, or an unreadable file)
    it is the original alone, with the original's recorded dimensions.
    """
    field_file = article.featured_image
    if not field_file:
        return None
    manifest = article.featured_image_renditions or {}
    jpeg = manifest.get("jpeg")
    if manifest.get("source") != field_file.name or not jpeg:
        return Picture(
            src=field_file.url,
            width=article.featured_image_width,
            height=article.featured_image_height,
        )
    storage = field_file.storage

    def srcset(renditions):
        return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in renditions)

    fallback = [r for r in jpeg if r["width"] <= FALLBACK_WIDTH][-1:] or jpeg[:1]
    # The renditions are upright (EXIF applied), so their shape is the one to reserve.
    return Picture(
        src=storage.url(fallback[0]["name"]),
        srcset=srcset(jpeg),
        webp_srcset=srcset(manifest.get("webp", [])),
        width=fallback[0]["width"],
        height=fallback[0]["height"],
    )


class FeaturedImageField(models.ImageField):
    """An ImageField that reads a stored file's dimensions only when a file is assigned.

    Django's ImageField also reads them whenever a row is loaded with its width or
    height empty (rows saved before those columns existed, or an unreadable upload):
    a storage read per article on every list page, and an exception, so a 500, if the
    file has gone missing. Here loading never touches storage, and a file that cannot
    be measured leaves the dimensions empty instead of failing.
    """

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        if not force and isinstance(instance.__dict__.get(self.attname), str):
            return  # a name loaded from the database, not a new upload
        try:
            super().update_dimension_fields(instance, force, *args, **kwargs)
        except Exception:
            logger.warning("Cannot read the dimensions of %s", self.attname, exc_info=True)
            setattr(instance, self.width_field, None)
            setattr(instance, self.height_field, None)
