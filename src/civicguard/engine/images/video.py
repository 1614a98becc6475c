"""Video for the image checks: what the container is (by its bytes), its location and device data blanked without
touching a frame, its true length (read, not believed), and frames sampled about one a second (at most 30, evenly
spread), each analysed exactly as a still image, their facts gathered into one `ImageFacts` so the image
detectors apply unchanged.

* **Containers.** MP4 and QuickTime (an ISO BMFF `ftyp` box first) and WebM and Matroska (an EBML header). Nothing
  else (AVI, MPEG-TS, FLV...) is opened.
* **Metadata** (`strip_metadata`). A phone writes where and on what a video was filmed into `udta` boxes
  (`©xyz`, `loci`, `©mak`, `©mod`, `©swr`), `meta` boxes (Apple's `com.apple.quicktime.location.ISO6709`,
  `...make`, `...model`) and XMP in `uuid` boxes. Every `udta`, `meta` and `uuid` box at the top level, in `moov`
  and in each `trak` is turned into a `free` box of the same size filled with zeros: the sample offsets stay
  right, so not one frame or sound sample is re-encoded. In WebM and Matroska the `Tags` and `Attachments`
  elements become `Void` elements of the same size and the muxing and writing application names are zeroed.
  The box tree is walked whole first: a box that runs past the end of the file means the file is truncated.
* **Length** (`probe`). The container's declared length over the limit is refused at once; a declared length
  under it is not believed: every frame is read (demuxed and decoded, not converted) and the video refused as
  soon as a frame's time passes the limit, more frames than `max_fps` a second come, or reading takes longer than
  `max_decode_seconds`. Fewer frames than declared (well short) means the file stops part-way: truncated.
* **Frames** (`sample_seconds`, `analyse_video`). n = the length in seconds (at least 1, at most 30) frames at
  the middle of n equal parts; each frame is encoded as a JPEG (quality 95) and given to the same
  `facts_from_bytes` as a photo.
* **Facts** (`aggregate`): faces = those of the frame with the most faces (its second in `frame_second`; the
  earliest on a tie), nudity = the highest frame score (and its regions), text = the distinct lines read across
  the frames, logos = every match in any frame; a frame that could not be analysed makes the video's facts an
  error (a person must look), and an analysis not run on any frame leaves that fact None ("not looked at").

Pure: no Django. OpenCV (its bundled FFmpeg) reads the video from a file in a private temporary folder (mode 0700)
that is removed afterwards.
"""

from __future__ import annotations

import math
import os
import struct
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from civicguard.engine.images.facts import ImageFacts, LogoMatch

DEFAULT_MAX_SECONDS = 180
SAMPLE_EVERY = 1.0          # seconds between sampled frames (about)
MAX_SAMPLES = 30
JPEG_QUALITY = 95

# (name for people, MIME type, extension OpenCV's reader is given)
CONTAINERS = {
    "MP4": ("an MP4 video", "video/mp4", "mp4"),
    "MOV": ("a QuickTime (MOV) video", "video/quicktime", "mov"),
    "WEBM": ("a WebM video", "video/webm", "webm"),
    "MKV": ("a Matroska (MKV) video", "video/x-matroska", "mkv"),
}
ACCEPTED = "MP4, MOV, WebM or MKV"


class VideoError(ValueError):
    """The video was refused or could not be read; `reason` is a code, the message plain English."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class VideoLimits:
    max_seconds: float = DEFAULT_MAX_SECONDS
    max_pixels: int = 40_000_000       # of one frame
    max_fps: float = 120.0             # more frames a second than this: refused (a crafted file)
    max_decode_seconds: float = 60.0   # time spent reading the frames, each pass


def seconds_text(second: float) -> str:
    """12.4 -> "0:12", 75 -> "1:15"."""
    whole = max(0, int(second))
    return f"{whole // 60}:{whole % 60:02d}"


# ---- the container, by its bytes --------------------------------------------------------------------------

def container_of(data: bytes) -> str | None:
    """'MP4', 'MOV', 'WEBM' or 'MKV' when the bytes open a video container of that kind, else None."""
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "MOV" if data[8:12] == b"qt  " else "MP4"
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        head = data[:64]
        return "WEBM" if b"\x42\x82\x84webm" in head or b"\x42\x82\x84\x77\x65\x62\x6d" in head else "MKV"
    return None


def _truncated() -> VideoError:
    return VideoError("the video file is incomplete: it stops part-way through (it may not have finished "
                      "uploading or saving). Save or export it again and upload the whole file", "truncated")


def _damaged(detail: str) -> VideoError:
    return VideoError(f"the video file is damaged ({detail}). Save or export it again as {ACCEPTED} and upload it "
                      "again", "unreadable")


@dataclass(frozen=True)
class Stripped:
    clean: bytes
    had_location: bool
    had_device: bool
    had_metadata: bool


_MP4_LOCATION = (b"\xa9xyz", b"loci", b"location.ISO6709", b"com.apple.quicktime.location", b"GPSLatitude",
                 b"GPSLongitude")
_MP4_DEVICE = (b"\xa9mak", b"\xa9mod", b"\xa9swr", b"com.apple.quicktime.make", b"com.apple.quicktime.model",
               b"com.apple.quicktime.software", b"com.android.manufacturer", b"com.android.model", b"tiff:Make",
               b"tiff:Model")
_MP4_BLANK = (b"udta", b"meta", b"uuid")
_MP4_DESCEND = (b"moov", b"trak")


def _mp4_boxes(data: bytes | bytearray, start: int, end: int) -> Iterator[tuple[bytes, int, int, int]]:
    """(type, start, header length, end) of each box in data[start:end]; a box past `end` is a truncated file."""
    pos = start
    while pos < end:
        if end - pos < 8:
            raise _truncated()
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        header = 8
        if size == 1:
            if end - pos < 16:
                raise _truncated()
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos   # to the end of its parent
        if size < header:
            raise _damaged(f"a box of {size} bytes")
        if pos + size > end:
            raise _truncated()
        yield kind, pos, header, pos + size
        pos += size


def _strip_mp4(data: bytes) -> Stripped:
    out = bytearray(data)
    location = device = metadata = False
    kinds: list[bytes] = []

    def walk(start: int, end: int, depth: int) -> None:
        nonlocal location, device, metadata
        for kind, box_start, header, box_end in _mp4_boxes(data, start, end):
            if depth == 0:
                kinds.append(kind)
            if kind in _MP4_BLANK:
                payload = data[box_start + header:box_end]
                location = location or any(mark in payload for mark in _MP4_LOCATION)
                device = device or any(mark in payload for mark in _MP4_DEVICE)
                metadata = True
                out[box_start + 4:box_start + 8] = b"free"
                out[box_start + header:box_end] = bytes(box_end - box_start - header)
            elif kind in _MP4_DESCEND and depth < 2:
                walk(box_start + header, box_end, depth + 1)

    walk(0, len(data), 0)
    if b"moov" not in kinds:
        raise _truncated() if b"mdat" in kinds else _damaged("it has no movie header")
    return Stripped(bytes(out), location, device, metadata)


# Matroska element IDs (with their marker bits, as written).
_EBML, _SEGMENT, _CLUSTER, _INFO = 0x1A45DFA3, 0x18538067, 0x1F43B675, 0x1549A966
_TAGS, _ATTACHMENTS = 0x1254C367, 0x1941A469
_MUXING_APP, _WRITING_APP = 0x4D80, 0x5741
_LEVEL1 = {0x114D9B74, _INFO, 0x1654AE6B, _CLUSTER, 0x1C53BB6B, _ATTACHMENTS, 0x1043A770, _TAGS}
_VOID = 0xEC
_MKV_LOCATION = (b"LOCATION", b"GPS", b"ISO6709")
_MKV_DEVICE = (b"MAKE", b"MODEL", b"DEVICE", b"make", b"model")


def _vint(data: bytes, pos: int, end: int, *, keep_marker: bool) -> tuple[int, int, bool]:
    """(value, length, unknown) of the EBML variable-length integer at `pos`."""
    if pos >= end:
        raise _truncated()
    first = data[pos]
    if first == 0:
        raise _damaged("an element with an invalid length")
    length = 9 - first.bit_length()
    if pos + length > end:
        raise _truncated()
    value = int.from_bytes(data[pos:pos + length], "big")
    if keep_marker:
        return value, length, False
    value &= (1 << (7 * length)) - 1
    return value, length, value == (1 << (7 * length)) - 1


def _void(total: int) -> bytes:
    """A Void element of exactly `total` bytes (at least 2)."""
    length = min(8, total - 1)
    payload = total - 1 - length
    return bytes([_VOID]) + ((1 << (7 * length)) | payload).to_bytes(length, "big") + bytes(payload)


def _mkv_elements(data: bytes, start: int, end: int, *, stop_at_level1: bool = False
                  ) -> Iterator[tuple[int, int, int, int, bool]]:
    """(id, start, data start, end, unknown size) of each element in data[start:end]."""
    pos = start
    while pos < end:
        ident, id_len, _ = _vint(data, pos, end, keep_marker=True)
        if stop_at_level1 and ident in _LEVEL1:
            return
        size, size_len, unknown = _vint(data, pos + id_len, end, keep_marker=False)
        body = pos + id_len + size_len
        if unknown:
            if ident not in (_SEGMENT, _CLUSTER):
                raise _damaged("an element of unknown size")
            stop = end
            if ident == _CLUSTER:
                stop = body
                for _, _, _, child_end, _ in _mkv_elements(data, body, end, stop_at_level1=True):
                    stop = child_end
            yield ident, pos, body, stop, True
            pos = stop
            continue
        if body + size > end:
            raise _truncated()
        yield ident, pos, body, body + size, False
        pos = body + size


def _strip_mkv(data: bytes) -> Stripped:
    out = bytearray(data)
    location = device = metadata = False
    segments = 0
    for ident, _, body, end, _ in _mkv_elements(data, 0, len(data)):
        if ident == _EBML:
            continue
        if ident != _SEGMENT:
            if ident == _VOID:
                continue
            raise _damaged("something other than a segment after its header")
        segments += 1
        for child, start, child_body, child_end, _ in _mkv_elements(data, body, end):
            if child in (_TAGS, _ATTACHMENTS):
                payload = data[child_body:child_end]
                location = location or any(mark in payload for mark in _MKV_LOCATION)
                device = device or any(mark in payload for mark in _MKV_DEVICE)
                metadata = True
                out[start:child_end] = _void(child_end - start)
            elif child == _INFO:
                for leaf, _, leaf_body, leaf_end, _ in _mkv_elements(data, child_body, child_end):
                    if leaf in (_MUXING_APP, _WRITING_APP) and leaf_end > leaf_body:
                        metadata = True
                        out[leaf_body:leaf_end] = bytes(leaf_end - leaf_body)
    if not segments:
        raise _damaged("it holds no video segment")
    return Stripped(bytes(out), location, device, metadata)


def strip_metadata(data: bytes, container: str) -> Stripped:
    """The video with its location, device and other descriptive metadata blanked in place (same size, same
    frames), and what it carried. VideoError when the structure is truncated or damaged."""
    if container in ("MP4", "MOV"):
        return _strip_mp4(data)
    if container in ("WEBM", "MKV"):
        return _strip_mkv(data)
    raise _damaged("not a video container")


# ---- reading the frames --------------------------------------------------------------------------------------

@contextmanager
def opened(data: bytes, container: str) -> Iterator[Any]:
    """An OpenCV VideoCapture of `data`, read from a file in a private temporary folder removed afterwards."""
    import cv2

    with tempfile.TemporaryDirectory(prefix="civicguard-video-") as folder:
        os.chmod(folder, 0o700)
        path = os.path.join(folder, f"video.{CONTAINERS[container][2]}")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        capture = cv2.VideoCapture(path, cv2.CAP_FFMPEG)
        try:
            yield capture
        finally:
            capture.release()


def _undecodable() -> VideoError:
    return VideoError("the video could not be decoded: its pictures are in a format (codec) this server cannot "
                      f"read, or the file is damaged. Export it as {ACCEPTED} (H.264, MPEG-4, VP8 or VP9) and "
                      "upload it again", "undecodable")


def _too_long(seconds: float, limit: float) -> VideoError:
    return VideoError(f"the video is longer than the {seconds_text(limit)} (minutes:seconds) allowed"
                      + (f": it runs to at least {seconds_text(seconds)}" if seconds > limit else "")
                      + ". Cut it shorter and upload it again", "too_long")


def _too_big(width: int, height: int, limit: int) -> VideoError:
    return VideoError(f"the video's pictures are {width:,} × {height:,} pixels, more than the {limit:,} allowed. "
                      "Export it at a lower resolution (1080p is plenty) and upload it again", "too_many_pixels")


def _too_slow(limit: float) -> VideoError:
    return VideoError(f"the video took longer than {limit:.0f} seconds to read, so it was refused. Export it at a "
                      "lower resolution or shorter and upload it again", "too_slow")


@dataclass(frozen=True)
class Probe:
    width: int
    height: int
    fps: float
    times: tuple[float, ...]    # the time of each frame read, in seconds

    @property
    def frames(self) -> int:
        return len(self.times)

    @property
    def duration(self) -> float:
        """From the last frame's time and one frame's length (the declared length is not believed)."""
        if not self.times:
            return 0.0
        step = 1.0 / self.fps if self.fps > 0 else 0.0
        return self.times[-1] + step


def _frame_time(capture: Any, index: int, fps: float) -> float:
    import cv2

    msec = float(capture.get(cv2.CAP_PROP_POS_MSEC))
    if msec > 0 or index == 0 or fps <= 0:
        return msec / 1000.0
    return index / fps


def probe(capture: Any, limits: VideoLimits) -> Probe:
    """Read every frame once (not converted) to learn the video's true length, within the limits."""
    import cv2

    if not capture.isOpened():
        raise _undecodable()
    width, height = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
    declared = float(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0.0)
    if width * height > limits.max_pixels:
        raise _too_big(width, height, limits.max_pixels)
    if fps > 0 and declared / fps > limits.max_seconds + 0.5:
        raise _too_long(declared / fps, limits.max_seconds)
    most = int(limits.max_seconds * limits.max_fps) + 1
    deadline = time.monotonic() + limits.max_decode_seconds
    times: list[float] = []
    while True:
        if not capture.grab():
            break
        if not times:
            ok, first = capture.retrieve()
            if not ok or first is None:
                raise _undecodable()
            height, width = first.shape[:2]
            if width * height > limits.max_pixels:
                raise _too_big(width, height, limits.max_pixels)
        second = _frame_time(capture, len(times), fps)
        times.append(second)
        if second > limits.max_seconds:
            raise _too_long(second, limits.max_seconds)
        if len(times) > most:
            raise VideoError(f"the video has more than {limits.max_fps:.0f} frames a second, so it was refused. "
                             "Export it at a normal frame rate and upload it again", "too_many_frames")
        if time.monotonic() > deadline:
            raise _too_slow(limits.max_decode_seconds)
    if not times:
        raise _undecodable()
    if declared > 0 and len(times) < declared * 0.9 - 2:
        raise _truncated()
    if fps <= 0 or not math.isfinite(fps):
        fps = (len(times) - 1) / times[-1] if len(times) > 1 and times[-1] > 0 else 1.0
    return Probe(width=width, height=height, fps=fps, times=tuple(times))


def sample_seconds(duration: float, every: float = SAMPLE_EVERY, most: int = MAX_SAMPLES) -> list[float]:
    """About one time every `every` seconds, at most `most`, at the middle of equal parts of the video."""
    n = max(1, min(most, math.ceil(duration / every - 1e-6)))
    return [(i + 0.5) * duration / n for i in range(n)]


def sample_indices(times: Sequence[float], seconds: Sequence[float]) -> list[int]:
    """The frame nearest each of `seconds` (each frame once, in order)."""
    chosen: list[int] = []
    for second in seconds:
        index = min(range(len(times)), key=lambda i: abs(times[i] - second))
        if index not in chosen:
            chosen.append(index)
    return sorted(chosen)


def read_frames(capture: Any, wanted: Sequence[int], times: Sequence[float], limits: VideoLimits
                ) -> Iterator[tuple[float, Any]]:
    """(second, BGR frame) for each frame index in `wanted`, read in order."""
    remaining = sorted(set(wanted))
    deadline = time.monotonic() + limits.max_decode_seconds
    index = -1
    while remaining:
        if not capture.grab():
            raise _truncated()
        index += 1
        if time.monotonic() > deadline:
            raise _too_slow(limits.max_decode_seconds)
        if index != remaining[0]:
            continue
        remaining.pop(0)
        ok, frame = capture.retrieve()
        if not ok or frame is None:
            raise _undecodable()
        height, width = frame.shape[:2]
        if width * height > limits.max_pixels:
            raise _too_big(width, height, limits.max_pixels)
        yield times[index], frame


# ---- the facts -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FrameFacts:
    second: float
    facts: ImageFacts
    jpeg: bytes = b""      # the frame as analysed (the poster is one of them)


@dataclass(frozen=True)
class VideoFacts:
    container: str
    width: int
    height: int
    duration: float
    frames: tuple[FrameFacts, ...]
    facts: ImageFacts                # the aggregate, what the image detectors read

    @property
    def poster(self) -> FrameFacts | None:
        """The frame whose faces the facts give (the one with the most faces), else the first sampled."""
        if not self.frames:
            return None
        if self.facts.frame_second is not None:
            return next((f for f in self.frames if f.second == self.facts.frame_second), self.frames[0])
        return self.frames[0]


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def aggregate(frames: Sequence[FrameFacts], width: int, height: int) -> ImageFacts:
    """One set of facts for the video from its frames' (see the module's docstring)."""
    n = len(frames)
    if not frames:
        return ImageFacts(width=width, height=height, frames=0, error="had no frame that could be read")
    bad = next((f for f in frames if not f.facts.ok), None)
    if bad is not None:
        return ImageFacts(width=width, height=height, frames=n, frame_second=bad.second,
                          error=f"has a frame (at {seconds_text(bad.second)}) that {bad.facts.error}")
    all_facts = [f.facts for f in frames]
    best = max(frames, key=lambda f: len(f.facts.faces or ()))  # the first of the frames with most faces
    faces = None if any(f.faces is None for f in all_facts) else best.facts.faces
    nudity = regions = None
    if all(f.nudity is not None for f in all_facts):
        worst = max(all_facts, key=lambda f: f.nudity or 0.0)
        nudity, regions = worst.nudity, worst.nudity_regions
    text = None
    if all(f.text is not None for f in all_facts):
        seen: dict[str, str] = {}
        for f in all_facts:
            for line in _lines(f.text or ""):
                seen.setdefault(line.casefold(), line)
        text = "\n".join(seen.values())
    logos: tuple[LogoMatch, ...] | None = None
    if all(f.logos is not None for f in all_facts):
        logos = tuple(match for f in all_facts for match in (f.logos or ()))
    return ImageFacts(width=width, height=height, faces=faces, nudity=nudity, nudity_regions=regions, logos=logos,
                      text=text, frames=n, frame_second=best.second if faces is not None else None)


def analyse_video(data: bytes, *, limits: VideoLimits | None = None,
                  analyse: Callable[[bytes], ImageFacts] | None = None,
                  every: float = SAMPLE_EVERY, most: int = MAX_SAMPLES) -> VideoFacts:
    """Sample the video's frames and analyse each with `analyse` (by default `facts_from_bytes` with its defaults:
    faces, nudity, text). VideoError when the video is refused or cannot be read; a frame whose analysis fails is
    in the facts' `error`."""
    limits = limits or VideoLimits()
    if analyse is None:
        from civicguard.engine.images.analyse import facts_from_bytes

        def analyse(frame: bytes) -> ImageFacts:
            return facts_from_bytes(frame, max_pixels=limits.max_pixels, max_bytes=max(len(frame), 1))

    container = container_of(data)
    if container is None:
        raise VideoError(f"the file is not a video container CivicGuard accepts ({ACCEPTED})", "not_video")
    strip_metadata(data, container)  # the structure first: a truncated file is refused before it is decoded
    frames: list[FrameFacts] = []
    with private_folder() as folder:
        found = probe_isolated(data, container, limits, folder=folder)
        wanted = sample_indices(found.times, sample_seconds(found.duration, every, most))
        for second, jpeg in frames_isolated(folder, container, wanted, found.times, limits):
            try:
                facts = analyse(jpeg)
            except Exception as exc:  # noqa: BLE001 - a frame that cannot be analysed sends the video to a person
                facts = ImageFacts.failed(f"could not be analysed: {type(exc).__name__}")
            frames.append(FrameFacts(second=round(second, 3), facts=facts, jpeg=jpeg))
    facts = aggregate(frames, found.width, found.height)
    return VideoFacts(container=container, width=found.width, height=found.height, duration=found.duration,
                      frames=tuple(frames), facts=replace(facts, width=found.width, height=found.height))


# ---- decoding in a child process --------------------------------------------------------------------------------
# FFmpeg parses the hostile bytes, so it runs in a child process of its own: at most `CHILD_MEMORY` bytes of address
# space, `max_decode_seconds` of CPU (plus its start), only local files (no network protocol a crafted file could
# name), and a wall-clock time-out. A crash, a limit hit or anything unexpected is "could not be decoded".
CHILD_MEMORY = 3 * 1024 * 1024 * 1024
CHILD_START_SECONDS = 15.0
VIDEO_NAME = "video"


@contextmanager
def private_folder() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="civicguard-video-") as folder:
        os.chmod(folder, 0o700)
        yield folder


def _write(folder: str, data: bytes, container: str) -> str:
    path = os.path.join(folder, f"{VIDEO_NAME}.{CONTAINERS[container][2]}")
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    return path


def _limit_self(limits: VideoLimits, memory: int) -> None:
    """The child's own limits, set before it imports OpenCV (not with preexec_fn: unsafe in a threaded server)."""
    import resource

    cpu = int(2 * limits.max_decode_seconds + CHILD_START_SECONDS)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _run_child(request: dict[str, Any], limits: VideoLimits, memory: int = CHILD_MEMORY) -> dict[str, Any]:
    import json
    import subprocess
    import sys

    request = {**request, "memory": memory}
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "LANG", "LC_ALL", "PYTHONPATH")}
    env.update({"OPENCV_FFMPEG_CAPTURE_OPTIONS": "protocol_whitelist;file", "OPENCV_LOG_LEVEL": "ERROR",
                "OMP_NUM_THREADS": "1"})
    try:
        done = subprocess.run([sys.executable, "-m", "civicguard.engine.images.video"], input=json.dumps(request),
                              capture_output=True, text=True, env=env,
                              timeout=2 * limits.max_decode_seconds + CHILD_START_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise _too_slow(limits.max_decode_seconds) from None
    try:
        answer = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None
    except ValueError:
        answer = None
    if done.returncode != 0 or not isinstance(answer, dict):
        raise _undecodable()
    if "refused" in answer:
        raise VideoError(str(answer["message"]), str(answer["refused"]))
    return answer


def _limits_dict(limits: VideoLimits) -> dict[str, float]:
    return {"max_seconds": limits.max_seconds, "max_pixels": limits.max_pixels, "max_fps": limits.max_fps,
            "max_decode_seconds": limits.max_decode_seconds}


def probe_isolated(data: bytes, container: str, limits: VideoLimits, *, folder: str | None = None) -> Probe:
    """`probe` in a child process (see CHILD_MEMORY). `folder`: a private folder to keep the file in for
    `frames_isolated`; None: one of its own, removed afterwards."""
    if folder is None:
        with private_folder() as own:
            return probe_isolated(data, container, limits, folder=own)
    path = _write(folder, data, container)
    answer = _run_child({"do": "probe", "path": path, "limits": _limits_dict(limits)}, limits)
    return Probe(width=int(answer["width"]), height=int(answer["height"]), fps=float(answer["fps"]),
                 times=tuple(float(t) for t in answer["times"]))


def frames_isolated(folder: str, container: str, wanted: Sequence[int], times: Sequence[float],
                    limits: VideoLimits) -> list[tuple[float, bytes]]:
    """(second, JPEG) of each frame in `wanted` of the video `probe_isolated` wrote into `folder`."""
    path = os.path.join(folder, f"{VIDEO_NAME}.{CONTAINERS[container][2]}")
    answer = _run_child({"do": "frames", "path": path, "limits": _limits_dict(limits), "wanted": list(wanted),
                         "times": list(times)}, limits)
    out = []
    for second, name in answer["frames"]:
        frame_path = os.path.join(folder, os.path.basename(str(name)))
        with open(frame_path, "rb") as handle:
            out.append((float(second), handle.read()))
    return out


def _child_main() -> None:
    """The child: one request as JSON on stdin, one answer as JSON on stdout."""
    import json
    import sys

    request = json.loads(sys.stdin.read())
    limits = VideoLimits(**request["limits"])
    _limit_self(limits, int(request.get("memory", CHILD_MEMORY)))
    import cv2

    path = str(request["path"])
    capture = cv2.VideoCapture(path, cv2.CAP_FFMPEG)
    try:
        if request["do"] == "probe":
            found = probe(capture, limits)
            answer: dict[str, Any] = {"width": found.width, "height": found.height, "fps": found.fps,
                                      "times": list(found.times)}
        else:
            frames = []
            for n, (second, frame) in enumerate(read_frames(capture, request["wanted"], request["times"], limits)):
                ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
                if not ok:
                    raise _undecodable()
                name = f"frame-{n:03d}.jpg"
                with open(os.path.join(os.path.dirname(path), name), "wb") as handle:
                    handle.write(encoded.tobytes())
                frames.append([second, name])
            answer = {"frames": frames}
    except VideoError as exc:
        answer = {"refused": exc.reason, "message": exc.message}
    finally:
        capture.release()
    sys.stdout.write("\n" + json.dumps(answer) + "\n")


if __name__ == "__main__":
    _child_main()
