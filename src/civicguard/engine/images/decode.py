"""Decoding an image from bytes with limits, and scaling it for analysis.

Validation is by content, never by file name or declared type: Pillow must recognise one of the allowed
formats, the header's pixel count must be under the limit *before* any pixel is decoded (a decompression bomb
is refused, not warned about), and the whole image must then decode. The EXIF orientation is applied, so boxes
are in the image as a person sees it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

# 40 megapixels: bigger than any phone camera's photo, far below what would exhaust a worker's memory.
DEFAULT_MAX_PIXELS = 40_000_000
# 25 MB: the largest upload the web app accepts for an image.
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
ALLOWED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "GIF", "WEBP", "BMP"})
# The long side the face detector sees (docs/media-consent-design.md section 3).
ANALYSIS_LONG_SIDE = 640


class ImageDecodeError(ValueError):
    """The bytes are not an image we will analyse; the message says why, in words a person can act on."""


@dataclass(frozen=True)
class Decoded:
    image: Image.Image  # RGB, orientation applied, full size
    format: str

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size


def decode_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode `data` into an RGB image with its orientation applied, or raise ImageDecodeError."""
    if not data:
        raise ImageDecodeError("the image is empty")
    if len(data) > max_bytes:
        raise ImageDecodeError(f"the image is {len(data):,} bytes, over the limit of {max_bytes:,}")
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice it; any bomb warning is a refusal here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            fmt = probe.format or ""
            width, height = probe.size
            if fmt not in ALLOWED_FORMATS:
                raise ImageDecodeError(f"{fmt or 'this'} images are not accepted (allowed: "
                                       f"{', '.join(sorted(ALLOWED_FORMATS))})")
            if width <= 0 or height <= 0:
                raise ImageDecodeError("the image has no pixels")
            if width * height > max_pixels:
                raise ImageDecodeError(f"the image is {width}x{height} pixels, over the limit of {max_pixels:,} "
                                       "pixels (a decompression bomb or an oversized photo)")
            probe.verify()  # checksums and structure, before the full decode
            image: Image.Image = Image.open(io.BytesIO(data))
            image.load()
        except ImageDecodeError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageDecodeError(f"the image was refused as a decompression bomb: {exc}") from exc
        except UnidentifiedImageError as exc:
            raise ImageDecodeError("the file is not an image this system can read") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageDecodeError(f"the image is damaged or truncated: {exc}") from exc
    image = ImageOps.exif_transpose(image) or image
    if image.mode != "RGB":
        image = image.convert("RGB")
    return Decoded(image=image, format=fmt)


def scale_for_analysis(image: Image.Image, long_side: int = ANALYSIS_LONG_SIDE) -> tuple[np.ndarray, float]:
    """A greyscale array of `image` with its long side at most `long_side`, and the factor that maps its
    coordinates back to the original (multiply by it)."""
    w, h = image.size
    factor = max(w, h) / long_side if max(w, h) > long_side else 1.0
    if factor > 1.0:
        image = image.resize((max(1, round(w / factor)), max(1, round(h / factor))), Image.Resampling.BILINEAR)
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    return grey, factor
