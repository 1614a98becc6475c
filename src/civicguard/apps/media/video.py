"""An uploaded video: checked by its content, its clean copy, and its facts from sampled frames
(civicguard.engine.images.video does the work; this turns its answers into the media app's).

* `examine_video`: the container by its bytes (MP4, MOV, WebM, MKV), its box tree whole (a truncated file is
  refused), every frame read once with OpenCV, in a child process with memory and time limits, to learn its true
  length (over `max_seconds` refused), its frames within the pixel limit. No frame is re-encoded for the clean
  copy: the original's location, device and other descriptive metadata are blanked in place (the same bytes
  otherwise), so the copy that would be published is exactly the video that was filmed, without where and on what.
* `video_facts`: frames sampled about one a second (at most 30), each analysed as a photo; the poster (the frame
  with the most faces, as a JPEG) is kept beside the clean copy so the pages can draw its face boxes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from civicguard.common.uploads import UploadRefused
from civicguard.engine.images.facts import ImageFacts
from civicguard.engine.images.video import (
    CONTAINERS,
    VideoError,
    VideoLimits,
    analyse_video,
    probe_isolated,
    strip_metadata,
)


def examine_video(data: bytes, container: str, *, max_pixels: int, max_seconds: float) -> Any:
    """The `content.Examined` of a video, or UploadRefused saying why (in words a person can act on)."""
    from civicguard.apps.media.content import Examined

    limits = VideoLimits(max_seconds=max_seconds, max_pixels=max_pixels)
    try:
        stripped = strip_metadata(data, container)
        found = probe_isolated(data, container, limits)
    except VideoError as exc:
        raise UploadRefused(exc.message, reason=exc.reason) from None
    mime = CONTAINERS[container][1]
    return Examined(format=container, content_type=mime, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    width=found.width, height=found.height, had_location=stripped.had_location,
                    had_device=stripped.had_device, had_metadata=stripped.had_metadata, clean=stripped.clean,
                    clean_content_type=mime, clean_extension="", kind="video", duration=round(found.duration, 3))


def video_facts(data: bytes, *, max_pixels: int, max_seconds: float,
                analyse: Callable[[bytes], ImageFacts]) -> tuple[ImageFacts, bytes]:
    """The video's facts (from its sampled frames) and its poster frame as a JPEG (b"" when none could be read).
    Never raises: a video that cannot be read gives facts with an error, which sends it to a person."""
    try:
        found = analyse_video(data, limits=VideoLimits(max_seconds=max_seconds, max_pixels=max_pixels),
                              analyse=analyse)
    except VideoError as exc:
        return ImageFacts.failed(f"could not be read: {exc.message}"), b""
    poster = found.poster
    return found.facts, poster.jpeg if poster is not None else b""
