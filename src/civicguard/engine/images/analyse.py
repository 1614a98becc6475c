"""Compute an image's facts from its bytes or its path, failing closed: any failure is recorded in
`ImageFacts.error`, never returned as an image with nothing in it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from civicguard.engine.images.decode import (
    ANALYSIS_LONG_SIDE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PIXELS,
    Decoded,
    ImageDecodeError,
    decode_image,
    scale_for_analysis,
)
from civicguard.engine.images.faces import FaceSettings, detect_faces
from civicguard.engine.images.facts import ImageFacts, LogoMatch
from civicguard.engine.images.logo import LogoReference, LogoSettings, find_logos, grey_for_logos
from civicguard.engine.images.ocr import OcrSettings
from civicguard.engine.model import ImageRef

log = logging.getLogger(__name__)
# A large JPEG is decoded again for reading with both sides at least this many pixels: small print needs them.
OCR_DECODE_SIDE = 1400


def facts_from_bytes(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS, max_bytes: int = DEFAULT_MAX_BYTES,
                     faces: FaceSettings | None = None, ocr: OcrSettings | None = None,
                     nudity: bool = True, text: bool = True, logos: Sequence[LogoReference] | None = None,
                     logo_settings: LogoSettings | None = None) -> ImageFacts:
    """`logos`: the logos to look for (a pack's, `engine.images.logo.reference_for`); None leaves `logos` None
    ("not looked for"). `nudity` and `text` (both on for a check) let an evaluation time one analysis alone. A
    nudity model or OCR that cannot run leaves its fact None ("not looked at"), which its detector sends to a
    person; it does not make the other facts unreadable."""
    try:
        decoded = decode_image(data, max_pixels=max_pixels, max_bytes=max_bytes, at_least=ANALYSIS_LONG_SIDE)
    except ImageDecodeError as exc:
        return ImageFacts.failed(f"could not be read: {exc}")
    width, height = decoded.size
    try:
        grey, factor = scale_for_analysis(decoded.image)
        found = detect_faces(grey, factor * decoded.shrink, faces)
    except Exception as exc:  # noqa: BLE001 - any analysis failure goes to a person
        return ImageFacts(width=width, height=height, error=f"could not be analysed: {type(exc).__name__}: {exc}")
    return ImageFacts(width=width, height=height, faces=found,
                      nudity=_nudity_score(decoded.image) if nudity else None,
                      text=_text(data, decoded, ocr, max_pixels, max_bytes) if text else None,
                      logos=_logos(decoded, logos, logo_settings) if logos is not None else None)


def logos_from_bytes(data: bytes, references: Sequence[LogoReference], *, settings: LogoSettings | None = None,
                     max_pixels: int = DEFAULT_MAX_PIXELS, max_bytes: int = DEFAULT_MAX_BYTES) -> ImageFacts:
    """Only the logo search (the other facts None): for a check whose other facts were made without the pack's
    logo. A search that cannot run gives facts with an error, which the logo detector sends to a person."""
    try:
        decoded = decode_image(data, max_pixels=max_pixels, max_bytes=max_bytes, at_least=ANALYSIS_LONG_SIDE)
    except ImageDecodeError as exc:
        return ImageFacts.failed(f"could not be read: {exc}")
    width, height = decoded.size
    found = _logos(decoded, references, settings)
    if found is None:
        return ImageFacts(width=width, height=height, error="could not be searched for the council's logo")
    return ImageFacts(width=width, height=height, logos=found)


def _logos(decoded: Decoded, references: Sequence[LogoReference], settings: LogoSettings | None
           ) -> tuple[LogoMatch, ...] | None:
    s = settings or LogoSettings()
    try:
        grey, factor = grey_for_logos(decoded.image, s.long_side)
        return find_logos(grey, factor * decoded.shrink, references, s)
    except Exception:  # noqa: BLE001 - a search that fails is "not looked for", never "no logo"
        log.exception("logo search failed")
        return None


def _nudity_score(image: Image.Image) -> float | None:
    # Imported here: a process that never sees an image never loads onnxruntime.
    from civicguard.engine.images.nudity import NudityModelError, nudity_score

    try:
        return nudity_score(image)
    except NudityModelError as exc:
        log.warning("nudity score not computed: %s", exc)
        return None


def _text(data: bytes, decoded: Decoded, ocr: OcrSettings | None, max_pixels: int, max_bytes: int) -> str | None:
    from civicguard.engine.images.ocr import OcrError, read_text

    settings = ocr or OcrSettings()
    image = decoded.image
    try:
        if decoded.shrink > 1:
            # A large JPEG was decoded small for the faces; small print needs more pixels, so decode it again at
            # the size OCR reads (still reduced when the photo is far larger than that).
            image = decode_image(data, max_pixels=max_pixels, max_bytes=max_bytes,
                                 at_least=max(settings.min_long_side, OCR_DECODE_SIDE)).image
        return read_text(image, settings)
    except (OcrError, ImageDecodeError) as exc:
        log.warning("image text not read: %s", exc)
        return None


def facts_from_path(path: str | Path, *, max_pixels: int = DEFAULT_MAX_PIXELS, max_bytes: int = DEFAULT_MAX_BYTES,
                    faces: FaceSettings | None = None) -> ImageFacts:
    p = Path(path)
    try:
        if not p.is_file():
            return ImageFacts.failed(f"no image file at {p}")
        if p.stat().st_size > max_bytes:
            return ImageFacts.failed(f"could not be read: the image is {p.stat().st_size:,} bytes, over the "
                                     f"limit of {max_bytes:,}")
        data = p.read_bytes()
    except OSError as exc:
        return ImageFacts.failed(f"could not be opened: {exc}")
    return facts_from_bytes(data, max_pixels=max_pixels, max_bytes=max_bytes, faces=faces)


def ref_from_path(path: str | Path, tagged_people: tuple[str, ...] = (), alt_text: str = "", *,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> ImageRef:
    """An `ImageRef` for a local file a trusted caller names (the command line): its bytes read here, so the
    check can analyse them; a file that cannot be read gives facts that send the image to a person."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            facts = ImageFacts.failed(f"could not be read: the image is {size:,} bytes, over the limit of "
                                      f"{max_bytes:,}")
            return ImageRef(str(p), tagged_people, alt_text, facts=facts)
        return ImageRef(str(p), tagged_people, alt_text, data=p.read_bytes())
    except OSError as exc:
        return ImageRef(str(p), tagged_people, alt_text, facts=ImageFacts.failed(f"could not be opened: {exc}"))
