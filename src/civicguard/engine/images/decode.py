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
    image: Image.Image  # RGB, orientation applied; smaller than the original when decoded at reduced size
    format: str
    size: tuple[int, int]  # the original's width and height as a person sees it (orientation applied)

    @property
    def shrink(self) -> float:
        """How many original pixels one pixel of `image` stands for (1.0 at full size)."""
        return self.size[0] / self.image.size[0] if self.image.size[0] else 1.0


def decode_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS, max_bytes: int = DEFAULT_MAX_BYTES,
                 at_least: int | None = None) -> Decoded:
    """Decode `data` into an RGB image with its orientation applied, or raise ImageDecodeError.

    `at_least`: a JPEG may be decoded at a reduced scale (1/2, 1/4, 1/8: libjpeg's DCT scaling, which still
    reads every block) as long as both sides stay at least this many pixels; a 12-megapixel photo wanted at
    640 px then costs a fraction of a full decode. Other formats decode at full size."""
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
            if at_least and fmt in ("JPEG", "MPO"):
                image.draft("RGB", (at_least, at_least))
            image.load()
        except ImageDecodeError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageDecodeError(f"the image was refused as a decompression bomb: {exc}") from exc
        except UnidentifiedImageError as exc:
            raise ImageDecodeError("the file is not an image this system can read") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageDecodeError(f"the image is damaged or truncated: {exc}") from exc
    shrink = width / image.size[0]
    image = ImageOps.exif_transpose(image) or image
    if image.mode != "RGB":
        image = image.convert("RGB")
    oriented = (round(image.size[0] * shrink), round(image.size[1] * shrink))
    return Decoded(image=image, format=fmt, size=oriented)


def scale_for_analysis(image: Image.Image, long_side: int = ANALYSIS_LONG_SIDE) -> tuple[np.ndarray, float]:
    """A greyscale array of `image` with its long side at most `long_side`, and the factor that maps its
    coordinates back to the original (multiply by it)."""
    w, h = image.size
    factor = max(w, h) / long_side if max(w, h) > long_side else 1.0
    if factor > 1.0:
        image = image.resize((max(1, round(w / factor)), max(1, round(h / factor))), Image.Resampling.BILINEAR)
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    return grey, factor
