"""Finding a council's logo in an image: local features matched to the logo, then a homography by RANSAC.

The logo (the PNG a pack holds, `facts.logo`) is described once per pack and kept (`reference_for`, cached by the
file's digest): keypoints and descriptors at several sizes of the logo (full, 1/2, 1/4, 1/8), so a logo shown
small in a photo meets a description made at about its own size. In the image, keypoints are found once on a
greyscale copy with its long side at `LogoSettings.long_side` pixels (a small image is enlarged to it, so a small
logo still has pixels to describe); each logo descriptor is matched to its two nearest image descriptors and kept
when the nearest is clearly nearer than the second (Lowe's ratio test). A homography from logo to image is then
fitted by RANSAC, and the logo is reported when

* enough matches agree with it (`min_inliers`, each image keypoint counted once),
* the agreeing points spread over enough of the logo (`min_coverage`: the area of their convex hull in the logo
  over the logo's area), so a few shared words (both councils' logos say COUNCIL) are not the logo, and
* the mapped outline is a plausible picture of the logo: a convex quadrilateral, not folded, its width over its
  height within `max_stretch` of the logo's own.

Features: SIFT (`method="sift"`, the default) or ORB (`"orb"`). Both are in OpenCV's main module (Apache-2.0;
SIFT's patent expired in 2020). On the train and validation splits of data/images/logos, SIFT found far more logos
than ORB (recall 0.85 against 0.62) at a little lower precision (0.89 against 0.97): F1 0.87 against 0.76
(bench/logo_thresholds.py), so it is the default, though it takes about 2.7 times as long; AKAZE did worse than
both (0.64). The figures: data/images/logos/RESULTS.md.

Robust to scale (down to about 1/8 of the image's width, with lower recall below 1/5), any rotation, moderate
perspective, part of the logo covered or cut off, JPEG artefacts, mild blur and colour changes (features are
computed on grey levels, so a logo turned to greyscale or another hue keeps its corners). Misses: a logo whose
colours have about the grey level of what is behind it (navy on blue), a logo under about 80 pixels across, a
heavily blurred one, a logo made only of smooth curves, and a logo redrawn rather than copied. False alarms: another
emblem sharing much of the logo's lettering and layout.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from PIL import Image

from civicguard.engine.images.facts import LogoMatch

# The long side of the logo's largest description; smaller ones are made by halving it.
REFERENCE_LONG_SIDE = 480
REFERENCE_SCALES = (1.0, 0.5, 0.25, 0.125)
# A logo image larger than this is refused when the pack loads: a logo is a small picture.
MAX_LOGO_PIXELS = 16_000_000
# Fewer distinct keypoints than this and a logo cannot be told from chance matches.
MIN_LOGO_KEYPOINTS = 30

Method = Literal["sift", "orb"]


class LogoError(ValueError):
    """The logo file cannot be used: not a PNG, damaged, too large or too plain to describe."""


@dataclass(frozen=True)
class LogoSettings:
    """How hard to look. `min_inliers` and `min_coverage` were chosen on the train and validation splits of
    data/images/logos (RESULTS.md there), never on its test split."""

    method: Method = "sift"
    long_side: int = 1024
    image_features: int = 6000
    ratio: float = 0.8
    ransac_px: float = 6.0
    min_inliers: int = 15
    min_coverage: float = 0.15
    max_stretch: float = 4.0


@dataclass(frozen=True)
class LogoReference:
    """A logo described for matching: its size, and each keypoint's position in the logo's own pixels with its
    descriptor. `label` is whose logo it is (the council's pack id)."""

    label: str
    digest: str
    method: Method
    width: int
    height: int
    points: np.ndarray  # (n, 2) float32, in the logo's pixels
    descriptors: np.ndarray  # (n, d): uint8 for ORB, float32 for SIFT
    box: tuple[int, int, int, int]  # the logo's drawn part (its alpha's bounding box): x0, y0, x1, y1

    @property
    def area(self) -> float:
        return float(max(1, (self.box[2] - self.box[0]) * (self.box[3] - self.box[1])))


@dataclass(frozen=True)
class Candidate:
    """The best plausible placement of one logo in an image, before the thresholds: the match and the share of
    the logo its agreeing points cover."""

    match: LogoMatch
    coverage: float

    def accepted(self, settings: LogoSettings) -> bool:
        return self.match.inliers >= settings.min_inliers and self.coverage >= settings.min_coverage


def _cv2() -> Any:
    """OpenCV, imported on first use: a process that never sees an image never loads it."""
    import cv2

    return cv2


def _extractor(method: Method, features: int) -> Any:
    cv2 = _cv2()
    if method == "sift":
        return cv2.SIFT_create(nfeatures=features)
    return cv2.ORB_create(nfeatures=features, scaleFactor=1.2, nlevels=8, edgeThreshold=15, patchSize=31,
                          fastThreshold=10)


def _norm(method: Method) -> int:
    cv2 = _cv2()
    return int(cv2.NORM_L2 if method == "sift" else cv2.NORM_HAMMING)


def _logo_pixels(data: bytes) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """The logo as a grey array on white (a transparent logo sits on a page), and the box its drawing covers."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.format != "PNG":
            raise LogoError(f"the logo must be a PNG image, not {image.format or 'an unknown format'}")
        if image.size[0] * image.size[1] > MAX_LOGO_PIXELS:
            raise LogoError(f"the logo is {image.size[0]}x{image.size[1]} pixels; use one under "
                            f"{MAX_LOGO_PIXELS:,} pixels (a few hundred pixels across is plenty)")
        image.load()
    except LogoError:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a bad file
        raise LogoError(f"the logo cannot be read as an image: {exc}") from None
    rgba = image.convert("RGBA")
    box = rgba.getchannel("A").getbbox() or (0, 0, *rgba.size)
    page = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    page.alpha_composite(rgba)
    grey = np.asarray(page.convert("L"), dtype=np.uint8)
    return grey, box


def describe_logo(data: bytes, label: str, method: Method = "sift") -> LogoReference:
    """Describe a logo (PNG bytes) for matching, or raise LogoError saying why it cannot be used."""
    cv2 = _cv2()
    grey, box = _logo_pixels(data)
    h, w = grey.shape
    base = REFERENCE_LONG_SIDE / max(w, h)
    points: list[np.ndarray] = []
    descriptors: list[np.ndarray] = []
    for scale in REFERENCE_SCALES:
        s = base * scale
        size = (max(1, round(w * s)), max(1, round(h * s)))
        if min(size) < 24:
            break
        small = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
        keypoints, desc = _extractor(method, 1500).detectAndCompute(small, None)
        if desc is None:
            continue
        points.append(np.array([kp.pt for kp in keypoints], dtype=np.float32) / np.float32(s))
        descriptors.append(desc)
    if sum(len(d) for d in descriptors) < MIN_LOGO_KEYPOINTS:
        raise LogoError(f"the logo has too little detail to be recognised (fewer than {MIN_LOGO_KEYPOINTS} "
                        "distinct corners); use the full logo with its emblem and lettering")
    return LogoReference(label=label, digest=hashlib.sha256(data).hexdigest(), method=method, width=w, height=h,
                         points=np.concatenate(points), descriptors=np.concatenate(descriptors), box=box)


@functools.lru_cache(maxsize=16)
def _cached(digest: str, label: str, method: Method, data: bytes) -> LogoReference:
    return describe_logo(data, label, method)


def reference_for(data: bytes, label: str, method: Method = "sift") -> LogoReference:
    """The logo's description, made once per distinct logo file, label and method (a pack's logo is described
    on its first use and kept for every later check)."""
    return _cached(hashlib.sha256(data).hexdigest(), label, method, data)


def grey_for_logos(image: Image.Image, long_side: int) -> tuple[np.ndarray, float]:
    """A greyscale array of `image` with its long side at `long_side` (down, or up for a small image), and the
    factor mapping its coordinates back (multiply)."""
    w, h = image.size
    factor = max(w, h) / long_side
    if abs(factor - 1.0) > 0.02:
        image = image.resize((max(1, round(w / factor)), max(1, round(h / factor))), Image.Resampling.BILINEAR)
    else:
        factor = 1.0
    return np.asarray(image.convert("L"), dtype=np.uint8), factor


def _plausible(corners: np.ndarray, aspect: float, max_stretch: float) -> bool:
    """The logo's outline mapped into the image is a convex quadrilateral, not folded, and its width over its
    height is within `max_stretch` of the logo's own (`aspect`)."""
    cv2 = _cv2()
    quad = corners.reshape(4, 2).astype(np.float32)
    if not cv2.isContourConvex(quad.reshape(4, 1, 2)):
        return False
    sides = [float(np.linalg.norm(quad[i] - quad[(i + 1) % 4])) for i in range(4)]
    if min(sides) < 4:
        return False
    stretch = (sides[0] + sides[2]) / (sides[1] + sides[3]) / aspect
    return 1 / max_stretch <= stretch <= max_stretch


def _candidate(keypoints: Sequence[Any], desc: np.ndarray, factor: float, reference: LogoReference,
               s: LogoSettings) -> Candidate | None:
    cv2 = _cv2()
    pairs = cv2.BFMatcher(_norm(reference.method)).knnMatch(reference.descriptors, desc, k=2)
    best: dict[int, tuple[float, int]] = {}  # image keypoint -> (distance, logo keypoint): each image point once
    for pair in pairs:
        if len(pair) < 2:
            continue
        first, second = pair
        if first.distance < s.ratio * second.distance:
            held = best.get(first.trainIdx)
            if held is None or first.distance < held[0]:
                best[first.trainIdx] = (first.distance, first.queryIdx)
    if len(best) < 4:
        return None
    src = np.array([reference.points[q] for _, q in best.values()], dtype=np.float32).reshape(-1, 1, 2)
    dst = np.array([keypoints[t].pt for t in best], dtype=np.float32).reshape(-1, 1, 2)
    homography, mask = cv2.findHomography(src, dst, cv2.RANSAC, s.ransac_px, maxIters=2000, confidence=0.995)
    if homography is None or mask is None or abs(float(homography[2, 2])) < 1e-9:
        return None
    agreeing = src[mask.ravel().astype(bool)].reshape(-1, 2)
    if len(agreeing) < 4:
        return None
    coverage = float(cv2.contourArea(cv2.convexHull(agreeing))) / reference.area
    x0, y0, x1, y1 = reference.box  # the drawn part of the logo, mapped into the image
    outline = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32).reshape(-1, 1, 2)
    corners = cv2.perspectiveTransform(outline, homography)
    if not _plausible(corners, (x1 - x0) / max(1, y1 - y0), s.max_stretch):
        return None
    xs, ys = corners[:, 0, 0] * factor, corners[:, 0, 1] * factor
    a = homography[:2, :2] / homography[2, 2]
    scale = math.sqrt(abs(float(np.linalg.det(a)))) * factor
    rotation = math.degrees(math.atan2(float(a[1, 0]), float(a[0, 0])))
    left, top = max(0, math.floor(float(xs.min()))), max(0, math.floor(float(ys.min())))
    match = LogoMatch(council=reference.label, x=left, y=top, w=math.ceil(float(xs.max())) - left,
                      h=math.ceil(float(ys.max())) - top, inliers=len(agreeing), scale=round(scale, 4),
                      rotation=round(rotation, 1))
    return Candidate(match, round(coverage, 4))


def logo_candidates(grey: np.ndarray, factor: float, references: Sequence[LogoReference],
                    settings: LogoSettings | None = None) -> list[Candidate]:
    """The best plausible placement of each logo in `grey` (an image already scaled for analysis; boxes are
    multiplied by `factor` into the original's pixels), before the thresholds. The image's keypoints are found
    once for all the logos of one method."""
    s = settings or LogoSettings()
    out: list[Candidate] = []
    for method in sorted({r.method for r in references}):
        keypoints, desc = _extractor(method, s.image_features).detectAndCompute(grey, None)
        if desc is None or len(keypoints) < 2:
            continue
        for reference in references:
            if reference.method == method:
                found = _candidate(keypoints, desc, factor, reference, s)
                if found is not None:
                    out.append(found)
    return out


def find_logos(grey: np.ndarray, factor: float, references: Sequence[LogoReference],
               settings: LogoSettings | None = None) -> tuple[LogoMatch, ...]:
    """Where each of `references` appears in `grey`: at most one match a logo; empty when none is there."""
    s = settings or LogoSettings()
    return tuple(c.match for c in logo_candidates(grey, factor, references, s) if c.accepted(s))
