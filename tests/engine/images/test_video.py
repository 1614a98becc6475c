"""Video checked on sampled frames (engine/images/video.py): the container known by its bytes, location and device
data blanked without re-encoding a frame, the true length read from the frames, truncated and oversized files
refused, and the frames' facts gathered so the image detectors apply unchanged.

The videos are made here from the fixture photos with OpenCV's writer (MPEG-4 Part 2 in MP4 and MOV, VP8 and VP9 in
WebM, Motion JPEG in MKV: the encoders this OpenCV build has; it has no H.264 encoder): no video file is committed.
"""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np
import pytest

from civicguard.engine.images.analyse import facts_from_bytes
from civicguard.engine.images.facts import FaceBox, ImageFacts, LogoMatch, facts_from_dict, facts_to_dict
from civicguard.engine.images.video import (
    FrameFacts,
    VideoError,
    VideoLimits,
    aggregate,
    analyse_video,
    container_of,
    opened,
    probe,
    sample_seconds,
    seconds_text,
    strip_metadata,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "images"
SUFFIX = {"mp4v": "mp4", "VP80": "webm", "VP90": "webm", "MJPG": "mkv"}


def still(name: str) -> np.ndarray:
    frame = cv2.imread(str(FIXTURES / name))
    assert frame is not None
    return frame


def make_video(tmp_path: Path, scenes: list[tuple[str, float]], *, fourcc: str = "mp4v", fps: float = 5.0,
               size: tuple[int, int] = (1024, 512), suffix: str | None = None) -> bytes:
    """A video of the fixture photos: each (photo, seconds) shown for that long, in order."""
    path = tmp_path / f"made-{len(list(tmp_path.iterdir()))}.{suffix or SUFFIX[fourcc]}"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, size)
    assert writer.isOpened(), f"{fourcc} cannot be written here"
    for name, seconds in scenes:
        frame = cv2.resize(still(name), size)
        for _ in range(round(seconds * fps)):
            writer.write(frame)
    writer.release()
    return path.read_bytes()


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def with_phone_metadata(data: bytes) -> bytes:
    """The MP4 with what a phone writes in its movie header: where (©xyz) and on what (©mak, ©mod) it was filmed.
    OpenCV puts the movie header last, so growing it moves no sample."""
    moov = data.rindex(b"moov") - 4
    size = struct.unpack(">I", data[moov:moov + 4])[0]
    assert moov + size == len(data)
    udta = _box(b"udta", _box(b"\xa9xyz", b"\x00\x12\x15\xc7+53.4808-002.2426/")
                + _box(b"\xa9mak", b"\x00\x05\x15\xc7Apple") + _box(b"\xa9mod", b"\x00\x0d\x15\xc7iPhone 15 Pro"))
    grown = struct.pack(">I", size + len(udta)) + data[moov + 4:] + udta
    return data[:moov] + grown


def frames_of(data: bytes) -> list[np.ndarray]:
    container = container_of(data)
    assert container is not None
    out = []
    with opened(data, container) as capture:
        while True:
            ok, frame = capture.read()
            if not ok:
                return out
            out.append(frame)


# ---- the container ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fourcc", "suffix", "container"), [
    ("mp4v", "mp4", "MP4"), ("mp4v", "mov", "MOV"), ("VP80", "webm", "WEBM"), ("VP90", "webm", "WEBM"),
    ("MJPG", "mkv", "MKV")])
def test_each_container_is_known_by_its_bytes_and_its_frames_decode(tmp_path, fourcc, suffix, container):
    data = make_video(tmp_path, [("two_faces.jpg", 1)], fourcc=fourcc, suffix=suffix, size=(320, 160))
    assert container_of(data) == container
    assert len(frames_of(data)) == 5


def test_a_text_file_or_an_image_is_not_a_video_whatever_it_is_called():
    assert container_of(b"hello, this is a text file named video.mp4") is None
    assert container_of((FIXTURES / "one_face.jpg").read_bytes()) is None
    assert container_of(b"RIFF\x00\x00\x00\x00AVI LIST") is None  # AVI is not opened


# ---- metadata --------------------------------------------------------------------------------------------------

def test_a_phone_s_location_and_device_are_blanked_and_not_a_frame_changes(tmp_path):
    original = make_video(tmp_path, [("two_faces.jpg", 1), ("no_face.jpg", 1)], size=(320, 160))
    phone = with_phone_metadata(original)
    stripped = strip_metadata(phone, "MP4")
    assert stripped.had_location and stripped.had_device and stripped.had_metadata
    assert len(stripped.clean) == len(phone)
    assert b"+53.4808" not in stripped.clean and b"iPhone" not in stripped.clean and b"\xa9xyz" not in stripped.clean
    before, after = frames_of(phone), frames_of(stripped.clean)
    assert len(after) == len(before) == 10
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))  # lossless: no re-encoding


def test_a_video_without_location_or_device_says_so(tmp_path):
    stripped = strip_metadata(make_video(tmp_path, [("no_face.jpg", 1)], size=(320, 160)), "MP4")
    assert not stripped.had_location and not stripped.had_device
    assert stripped.had_metadata  # the writing application's name, in a `udta` box, is blanked too
    assert b"Lavf" not in stripped.clean


def test_webm_tags_become_void_and_the_video_still_plays(tmp_path):
    data = make_video(tmp_path, [("two_faces.jpg", 1)], fourcc="VP80", size=(320, 160))
    stripped = strip_metadata(data, "WEBM")
    assert stripped.had_metadata and len(stripped.clean) == len(data)
    assert b"Lavf" not in stripped.clean  # the muxing and writing applications are zeroed
    assert len(frames_of(stripped.clean)) == 5


# ---- refusals --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fourcc", "cut"), [("mp4v", 0.5), ("mp4v", 0.97), ("VP80", 0.5), ("MJPG", 0.6)])
def test_a_truncated_file_is_refused_as_incomplete(tmp_path, fourcc, cut):
    data = make_video(tmp_path, [("two_faces.jpg", 2)], fourcc=fourcc, size=(320, 160))
    with pytest.raises(VideoError) as refused:
        analyse_video(data[:int(len(data) * cut)], analyse=lambda _: ImageFacts())
    assert refused.value.reason == "truncated" and "incomplete" in refused.value.message


def test_a_video_longer_than_the_limit_is_refused_by_its_frames(tmp_path):
    data = make_video(tmp_path, [("no_face.jpg", 190)], fps=1, size=(64, 32))
    with pytest.raises(VideoError) as refused:
        analyse_video(data, analyse=lambda _: ImageFacts())
    assert refused.value.reason == "too_long" and "longer than the 3:00 (minutes:seconds) allowed" in \
        refused.value.message


def test_the_length_is_read_from_the_frames_not_the_container(tmp_path):
    data = make_video(tmp_path, [("no_face.jpg", 4)], fps=5, size=(64, 32))
    # The container says four seconds; the frames are read anyway, and a limit under it refuses at the first frame
    # past the limit.
    limits = VideoLimits(max_seconds=10)
    with opened(data, "MP4") as capture:
        found = probe(capture, limits)
    assert found.frames == 20 and found.duration == pytest.approx(4.0, abs=0.01)
    with opened(data, "MP4") as capture, pytest.raises(VideoError) as refused:
        probe(capture, VideoLimits(max_seconds=2))
    assert refused.value.reason == "too_long"


def test_frames_larger_than_the_pixel_limit_are_refused(tmp_path):
    data = make_video(tmp_path, [("no_face.jpg", 1)], size=(320, 160))
    with pytest.raises(VideoError) as refused:
        analyse_video(data, limits=VideoLimits(max_pixels=320 * 160 - 1), analyse=lambda _: ImageFacts())
    assert refused.value.reason == "too_many_pixels" and "320 × 160 pixels" in refused.value.message


def test_a_container_whose_pictures_cannot_be_decoded_is_refused():
    data = _box(b"ftyp", b"isom\x00\x00\x02\x00isommp41") + _box(b"moov", _box(b"mvhd", bytes(100))) + \
        _box(b"mdat", bytes(500))
    with pytest.raises(VideoError) as refused:
        analyse_video(data, analyse=lambda _: ImageFacts())
    assert refused.value.reason == "undecodable" and "could not be decoded" in refused.value.message


# ---- sampling and the facts -------------------------------------------------------------------------------------

def test_frames_are_sampled_about_one_a_second_at_most_thirty_evenly_spread():
    assert sample_seconds(0.4) == [pytest.approx(0.2)]
    assert sample_seconds(10) == [pytest.approx(i + 0.5) for i in range(10)]
    long = sample_seconds(180)
    assert len(long) == 30 and long[0] == pytest.approx(3) and long[-1] == pytest.approx(177)
    assert seconds_text(75.9) == "1:15"


def test_a_video_s_faces_are_those_of_its_frame_with_most_faces_found_as_in_the_photo(tmp_path):
    data = make_video(tmp_path, [("no_face.jpg", 2), ("one_face.jpg", 2), ("two_faces.jpg", 2), ("no_face.jpg", 1)])
    found = analyse_video(data)
    photo = facts_from_bytes(cv2.imencode(".jpg", cv2.resize(still("two_faces.jpg"), (1024, 512)))[1].tobytes())
    assert len(found.frames) == 7 and found.facts.frames == 7 and found.duration == pytest.approx(7.0)
    assert [int(f.second) for f in found.frames] == [0, 1, 2, 3, 4, 5, 6]  # one in each second
    assert found.facts.ok and len(found.facts.faces) == len(photo.faces) == 2
    assert 4 <= found.facts.frame_second < 6  # the second of the two-faces scene
    assert found.poster is not None and found.poster.second == found.facts.frame_second
    assert cv2.imdecode(np.frombuffer(found.poster.jpeg, np.uint8), cv2.IMREAD_COLOR).shape[:2] == (512, 1024)
    assert found.facts.nudity == max(f.facts.nudity for f in found.frames)
    assert (found.facts.width, found.facts.height) == (1024, 512)


def _frame(second: float, faces: int = 0, nudity: float | None = 0.1, text: str | None = "",
           logos: tuple[LogoMatch, ...] | None = (), error: str | None = None) -> FrameFacts:
    boxes = tuple(FaceBox(10 * i, 0, 10, 10) for i in range(faces))
    return FrameFacts(second, ImageFacts(100, 50, faces=boxes, nudity=nudity, text=text, logos=logos, error=error))


def test_the_aggregate_takes_the_worst_frame_for_each_check():
    logo = LogoMatch("sefton", 1, 2, 3, 4, inliers=20)
    facts = aggregate([_frame(0.5, 1, 0.2, "Town Hall\nOpen day"), _frame(1.5, 3, 0.05, "open day  "),
                       _frame(2.5, 3, 0.9, "Call 0151 934 2000", (logo,)), _frame(3.5, 2)], 100, 50)
    assert facts.ok and len(facts.faces) == 3 and facts.frame_second == 1.5  # the first frame with most faces
    assert facts.nudity == 0.9 and facts.logos == (logo,) and facts.frames == 4
    assert facts.text == "Town Hall\nOpen day\nCall 0151 934 2000"  # distinct lines, in order
    assert facts_from_dict(facts_to_dict(facts)) == facts


def test_an_unreadable_frame_sends_the_video_to_a_person_and_a_check_not_run_stays_not_run():
    failed = aggregate([_frame(0.5, 1), _frame(61.5, error="could not be analysed: ValueError")], 100, 50)
    assert not failed.ok and "at 1:01" in (failed.error or "") and failed.faces is None
    partial = aggregate([_frame(0.5, 1, nudity=None), _frame(1.5, 1, text=None, logos=None)], 100, 50)
    assert partial.ok and partial.nudity is None and partial.text is None and partial.logos is None
    assert not aggregate([], 100, 50).ok


# ---- the child process ----------------------------------------------------------------------------------------

def test_ffmpeg_reads_the_video_in_a_child_process_whose_failure_is_a_refusal_not_a_crash(tmp_path):
    from civicguard.engine.images.video import _run_child, private_folder, probe_isolated

    data = make_video(tmp_path, [("no_face.jpg", 2)], size=(64, 32))
    found = probe_isolated(data, "MP4", VideoLimits())
    assert found.frames == 10 and (found.width, found.height) == (64, 32)
    with private_folder() as folder:
        path = Path(folder) / "video.mp4"
        path.write_bytes(data)
        request = {"do": "probe", "path": str(path), "limits": {"max_seconds": 180, "max_pixels": 1000000,
                                                                  "max_fps": 120, "max_decode_seconds": 60}}
        with pytest.raises(VideoError) as refused:  # the child cannot even load OpenCV in 64 MB
            _run_child(request, VideoLimits(), memory=64 * 1024 * 1024)
    assert refused.value.reason == "undecodable"


class _Capture:
    """A capture whose container declares `declared` frames at `fps` while it really holds `real` frames."""

    def __init__(self, declared: int, real: int, fps: float = 25.0, size: tuple[int, int] = (64, 32)) -> None:
        self.declared, self.real, self.fps, self.size, self.read = declared, real, fps, size, 0

    def isOpened(self) -> bool:  # noqa: N802 - OpenCV's name
        return True

    def get(self, prop: int) -> float:
        return {cv2.CAP_PROP_FRAME_WIDTH: self.size[0], cv2.CAP_PROP_FRAME_HEIGHT: self.size[1],
                cv2.CAP_PROP_FPS: self.fps, cv2.CAP_PROP_FRAME_COUNT: self.declared,
                cv2.CAP_PROP_POS_MSEC: 1000.0 * (self.read - 1) / self.fps}[prop]

    def grab(self) -> bool:
        if self.read >= self.real:
            return False
        self.read += 1
        return True

    def retrieve(self) -> tuple[bool, np.ndarray]:
        return True, np.zeros((self.size[1], self.size[0], 3), np.uint8)


def test_a_container_that_understates_its_length_is_refused_by_its_frames_and_one_that_overstates_it_too():
    understated = _Capture(declared=25, real=25 * 200)  # says one second, holds 200
    with pytest.raises(VideoError) as refused:
        probe(understated, VideoLimits())
    assert refused.value.reason == "too_long" and understated.read == 25 * 180 + 2  # stopped just past 3:00
    with pytest.raises(VideoError) as refused:
        probe(_Capture(declared=25 * 60, real=25 * 10), VideoLimits())  # says a minute, holds ten seconds
    assert refused.value.reason == "truncated"
    with pytest.raises(VideoError) as refused:
        probe(_Capture(declared=25 * 600, real=10), VideoLimits())  # says ten minutes: refused before reading
    assert refused.value.reason == "too_long"


def test_frames_crammed_into_too_short_a_time_are_refused():
    crammed = _Capture(declared=10, real=10 ** 6, fps=10_000.0)  # a million frames in 100 seconds
    with pytest.raises(VideoError) as refused:
        probe(crammed, VideoLimits())
    assert refused.value.reason == "too_many_frames"
    assert crammed.read <= 180 * 120 + 2
