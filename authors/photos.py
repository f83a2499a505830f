"""Author photos: small square JPEG copies for the author box and the author page.

A portrait upload can be several megabytes; pages show it in a 72–96 px circle.
On save, the photo is centred, cropped square and written at PHOTO_SIZES beside
the original (`authors/ann.jpg` → `authors/ann.sq96.jpg`, `authors/ann.sq192.jpg`);
which copies exist is stored on the author, so pages build `srcset` without touching
storage. A file Pillow cannot read is logged and skipped: the author is saved all
the same and pages fall back to the original.
"""

import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

# 1x and 2x of the largest box a page draws (96 px on the author page).
PHOTO_SIZES = (96, 192)
JPEG_QUALITY = 82


def square_name(original: str, size: int) -> str:
    path = PurePosixPath(original)
    return str(path.with_name(f"{path.stem}.sq{size}.jpg"))


def make_squares(field_file) -> dict:
    """Write the square copies of `field_file`; return ``{"source", "sizes": {size: name}}``.

    ``{}`` without a photo; ``{"source": name}`` alone when the file cannot be read.
    """
    if not field_file:
        return {}
    name, storage = field_file.name, field_file.storage
    written = {}
    try:
        with storage.open(name, "rb") as handle, Image.open(handle) as original:
            image = ImageOps.exif_transpose(original).convert("RGB")
        side = min(image.size)
        for size in PHOTO_SIZES:
            square = ImageOps.fit(
                image, (min(size, side), min(size, side)), Image.Resampling.LANCZOS
            )
            buffer = io.BytesIO()
            square.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
            target = square_name(name, size)
            if storage.exists(target):
                storage.delete(target)
            written[str(size)] = storage.save(target, ContentFile(buffer.getvalue()))
    except Exception:
        # Pillow raises many kinds of errors for a bad file; none may cost the profile.
        logger.warning("Cannot make square copies of %s", name, exc_info=True)
        for stored in written.values():
            storage.delete(stored)
        return {"source": name}
    return {"source": name, "sizes": written}


@dataclass(frozen=True)
class Photo:
    """What an <img> of the photo needs: src, srcset (1x/2x) and its square size."""

    src: str
    srcset: str
    side: int


def photo(author) -> Photo | None:
    if not author.photo:
        return None
    storage = author.photo.storage
    sizes = (author.photo_renditions or {}).get("sizes") or {}
    if not sizes:
        return Photo(src=author.photo.url, srcset="", side=PHOTO_SIZES[0])
    ordered = sorted((int(size), name) for size, name in sizes.items())
    side, smallest = ordered[0]
    srcset = ", ".join(f"{storage.url(name)} {size / side:g}x" for size, name in ordered)
    return Photo(src=storage.url(smallest), srcset=srcset, side=side)
