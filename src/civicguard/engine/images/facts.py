"""What the image detectors know about one image, computed once (by the worker, the CLI or the check itself)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class FaceBox:
    """A face found in an image: x, y, width and height in the pixels of the decoded image (orientation
    applied, before scaling for analysis), the detector's score, and which cascade found it."""

    x: int
    y: int
    w: int
    h: int
    score: float = 0.0
    source: str = "frontal"

    def iou(self, other: FaceBox) -> float:
        return box_iou((self.x, self.y, self.w, self.h), (other.x, other.y, other.w, other.h))


@dataclass(frozen=True)
class Region:
    """A named region a model found (a body part for nudity), its box in decoded-image pixels and its score."""

    label: str
    x: int
    y: int
    w: int
    h: int
    score: float


@dataclass(frozen=True)
class LogoMatch:
    """The council's logo found in an image: whose logo (the council's slug), where (a box in decoded-image
    pixels), how many features agreed (inliers), and the scale and rotation the match implies."""

    council: str
    x: int
    y: int
    w: int
    h: int
    inliers: int
    scale: float = 1.0
    rotation: float = 0.0


def box_iou(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Intersection over union of two (x, y, w, h) boxes."""
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


@dataclass(frozen=True)
class ImageFacts:
    """The facts about one image. `error` set means the image could not be decoded or analysed: the detectors
    then send it to a person (fail closed) and never read the empty lists as "nothing found".

    Later detectors add their facts here (a nudity score, logo matches, the text read), each None when that
    analysis was not run, so "not looked at" is never confused with "looked at and found nothing"."""

    width: int = 0
    height: int = 0
    faces: tuple[FaceBox, ...] | None = None
    # images.nudity: the whole-image score (0-1) and, where the model gives them, named regions.
    nudity: float | None = None
    nudity_regions: tuple[Region, ...] | None = None
    # images.logo: where the council's logo was matched (empty: looked, not found; None: not looked for).
    logos: tuple[LogoMatch, ...] | None = None
    # images.text: the text read from the image by OCR ("" when it has none; None when not read).
    text: str | None = None
    error: str | None = None
    # A video (engine/images/video.py): how many frames were sampled and analysed, and the second of the frame
    # whose faces are given (the one with the most faces); None for a still image.
    frames: int | None = None
    frame_second: float | None = None

    @classmethod
    def failed(cls, reason: str) -> ImageFacts:
        return cls(error=reason)

    @property
    def ok(self) -> bool:
        return self.error is None


# What each tuple field of ImageFacts holds, to read stored facts back (JSON keeps only lists of dicts).
_NESTED: dict[str, type] = {"faces": FaceBox, "nudity_regions": Region, "logos": LogoMatch}


def facts_to_dict(facts: ImageFacts) -> dict[str, Any]:
    """The facts as plain JSON data (the web app stores them with the media item, computed once)."""
    return asdict(facts)


def facts_from_dict(data: Mapping[str, Any]) -> ImageFacts:
    """Facts stored by `facts_to_dict`. Keys this version does not know are ignored and missing ones take their
    default (None: not analysed), so facts stored before a detector existed read as "not looked at"."""
    known = {f.name for f in fields(ImageFacts)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        nested = _NESTED.get(key)
        if nested is not None and value is not None:
            allowed = {f.name for f in fields(nested)}
            value = tuple(nested(**{k: v for k, v in item.items() if k in allowed}) for item in value)
        values[key] = value
    return ImageFacts(**values)
