"""Image check benchmark: images per second per worker for the full image check at 1024x768, and the check of a
post with four images end to end (p50, p95).

    .venv/bin/python bench/images.py [--rounds 3] [--posts 30] [--out bench/results/images.json]

One process, one thread for the numerical libraries (a worker runs one check at a time with one BLAS thread:
`civicguard worker` is Celery's solo pool), the engine warmed up first (`Engine.warm_up()` and one check with an
image, which loads OpenCV's cascades, the nudity model and tesseract) and nothing timed until then.

The images, all 1024x768 JPEG (quality 85): the real photos in tests/fixtures/images/ (public domain and CC0; see
the SOURCE.md there) scaled to cover 1024x768 and cropped to it, and generated ones (one and two drawn faces, a
poster with lines of text, a flat gradient with noise).

1. **Full image check, per image.** `Engine.for_council(c).check(Content(text, images=(ImageRef(data=...),)),
   Context(c, "official"))` for each image in turn, `--rounds` times, both councils: decoding, faces, the nudity
   score, the text read from the picture (and the text rules run on it), the logo search, and every rule of the
   pack. Images per second = checks / seconds. The same check without the image (the post's text alone) is timed
   on the same text and given beside it, so the image's own cost is visible.
2. **A post with four images, end to end.** From four image files on disk to the result, as the command line
   and a worker do: `engine.images.analyse.ref_from_path` reads each file, then one check of a 280-character post
   with the four images (each tagged with one person). `--posts` posts, each with four of the images (a different
   four each time, rotating), St Helens and Sefton alternately. p50 and p95. No peer tool is named for images
   (not in issue 17 nor in DESIGN.md), so the comparison row is the text-only check of the same posts, timed in
   the same run.

A check that reports a `detector_error` (a detector raised or ran out of time, which would make it look fast) is
counted and printed as a warning. Writes JSON to --out and a Markdown table beside it (same name, .md).
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OMP_THREAD_LIMIT", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # before numpy, OpenCV, onnxruntime and tesseract start

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFont, ImageOps  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "engine"))
FIXTURES = ROOT / "tests" / "fixtures" / "images"
DEFAULT_OUT = ROOT / "bench" / "results" / "images.json"
SIZE = (1024, 768)
COUNCILS = ("st-helens", "sefton")
SHORT = "Our volunteers at the park clean-up on Saturday: thank you all!"
POST = ("Thank you to everyone who came to the spring clean-up at the park on Saturday. Volunteers, staff and "
        "local schools collected more than 200 bags of litter. Pictured: some of the team. Our next clean-up is "
        "on 12 April; sign up on our website. #LoveWhereYouLive")


def _jpeg(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=85, optimize=True)
    return buf.getvalue()


def _cover(image: Image.Image) -> Image.Image:
    return ImageOps.fit(image.convert("RGB"), SIZE, Image.Resampling.LANCZOS)


def images() -> list[tuple[str, bytes]]:
    """(name, 1024x768 JPEG bytes): the real photos first, then the generated ones."""
    from drawn_faces import drawn

    out = [(f"real:{path.stem}", _jpeg(_cover(Image.open(path)))) for path in sorted(FIXTURES.glob("*.jpg"))]
    for faces in (1, 2):
        out.append((f"generated:{faces}-drawn-face{'s' if faces > 1 else ''}",
                    _jpeg(_cover(Image.open(io.BytesIO(drawn(faces)[0]))))))
    poster = Image.new("RGB", SIZE, (250, 248, 240))
    draw = ImageDraw.Draw(poster)
    font = ImageFont.load_default(size=36)
    for n, line in enumerate(("COMMUNITY FUN DAY", "Saturday 12 April, 10am to 4pm", "Victoria Park, St Helens",
                              "Free entry - face painting - live music", "Contact: events@example.org")):
        draw.text((60, 80 + 110 * n), line, fill=(20, 20, 60), font=font)
    out.append(("generated:poster-with-text", _jpeg(poster)))
    rng = np.random.default_rng(20261206)
    ramp = np.linspace(0, 255, SIZE[0], dtype=np.float32)[None, :, None].repeat(SIZE[1], 0).repeat(3, 2)
    noisy = np.clip(ramp * [0.6, 0.8, 1.0] + rng.normal(0, 18, (SIZE[1], SIZE[0], 3)), 0, 255).astype(np.uint8)
    out.append(("generated:gradient-with-noise", _jpeg(Image.fromarray(noisy))))
    return out


def _summary(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]  # nearest rank

    return {"n": len(ms), "mean_ms": round(statistics.fmean(ms), 1), "p50_ms": round(pct(50), 1),
            "p95_ms": round(pct(95), 1), "max_ms": round(max(ms), 1)}


def cpu_now() -> float:
    """CPU seconds of this process and of the children it has waited for (tesseract runs as a child process)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def machine() -> dict[str, Any]:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "")
    return {"cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)), "cpu_model": model,
            "python": platform.python_version(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def run(rounds: int, posts: int) -> dict[str, Any]:
    import cv2
    from threadpoolctl import threadpool_limits

    from civicguard.engine import Engine
    from civicguard.engine.images.analyse import facts_from_bytes, ref_from_path
    from civicguard.engine.model import Content, Context, ImageRef

    cv2.setNumThreads(1)
    info = machine()
    pictures = images()
    errors = 0

    cpu: dict[str, list[float]] = {"image": [], "text": [], "four": [], "four_text": []}

    def check(council: str, content: Content, kind: str = "image") -> float:
        nonlocal errors
        started, started_cpu = time.perf_counter(), cpu_now()
        result = Engine.for_council(council).check(content, Context(council=council, channel="official"))
        took = (time.perf_counter() - started) * 1000
        cpu[kind].append((cpu_now() - started_cpu) * 1000)
        errors += sum(1 for f in result.findings if f.label == "detector_error")
        return took

    with threadpool_limits(limits=1):
        for council in COUNCILS:
            Engine.for_council(council).warm_up()
            check(council, Content(text=SHORT, images=(ImageRef(ref="warm-up.jpg", data=pictures[0][1]),)))
            check(council, Content(text=POST))
        for values in cpu.values():
            values.clear()
        per_image: dict[str, list[float]] = {name: [] for name, _ in pictures}
        per_image_cpu: dict[str, list[float]] = {name: [] for name, _ in pictures}
        text_only: list[float] = []
        started = time.perf_counter()
        for _ in range(rounds):
            for council in COUNCILS:
                for name, data in pictures:
                    per_image[name].append(check(council, Content(text=SHORT, images=(ImageRef(ref=name,
                                                                                               data=data),))))
                    per_image_cpu[name].append(cpu["image"][-1])
        seconds = time.perf_counter() - started
        for _ in range(rounds):
            for council in COUNCILS:
                for _picture in pictures:
                    text_only.append(check(council, Content(text=SHORT), "text"))
        checks = sum(len(v) for v in per_image.values())

        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for n, (name, data) in enumerate(pictures):
                path = Path(folder) / f"{n}-{name.split(':')[1]}.jpg"
                path.write_bytes(data)
                paths.append(path)
            four: list[float] = []
            four_text: list[float] = []
            cut_short = 0
            for n in range(posts):
                council = COUNCILS[n % 2]
                chosen = [paths[(n + k) % len(paths)] for k in range(4)]
                started_post, started_cpu = time.perf_counter(), cpu_now()
                refs = tuple(ref_from_path(p, (f"Volunteer {k + 1}",)) for k, p in enumerate(chosen))
                result = Engine.for_council(council).check(Content(text=POST, images=refs),
                                                           Context(council=council, channel="official"))
                four.append((time.perf_counter() - started_post) * 1000)
                cpu["four"].append((cpu_now() - started_cpu) * 1000)
                errors += sum(1 for f in result.findings if f.label == "detector_error")
                cut_short += any(f.label == "detector_error" for f in result.findings)
            for n in range(posts):
                four_text.append(check(COUNCILS[n % 2], Content(text=POST), "four_text"))
        # Where an image's time goes: the facts alone (no rules), faces only, then with each other analysis added.
        parts: dict[str, dict[str, float]] = {}
        for name, data in pictures:
            row = {}
            for label, options in (("faces", {"nudity": False, "text": False}),
                                   ("faces+nudity", {"nudity": True, "text": False}),
                                   ("faces+text read", {"nudity": False, "text": True})):
                started_cpu = cpu_now()
                facts_from_bytes(data, **options)
                row[label] = round((cpu_now() - started_cpu) * 1000)
            parts[name] = row
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "images": [{"name": name, "bytes": len(data)} for name, data in pictures],
        "rounds": rounds,
        "full_image_check": {"checks": checks, "seconds": round(seconds, 2),
                             "images_per_second": round(checks / seconds, 2),
                             "images_per_cpu_second": round(1000 / statistics.fmean(cpu["image"]), 2),
                             "cpu": _summary(cpu["image"]),
                             **_summary([ms for v in per_image.values() for ms in v]),
                             "by_image": {name: {**_summary(v), "cpu": _summary(per_image_cpu[name])}
                                          for name, v in per_image.items()}},
        "text_only_check_same_text": {**_summary(text_only), "cpu": _summary(cpu["text"]),
                                      "checks_per_second": round(1000 / statistics.fmean(text_only), 1)},
        "post_with_four_images": {"posts": posts, **_summary(four), "cpu": _summary(cpu["four"]),
                                  "posts_with_detector_errors": cut_short},
        "post_text_only": {"posts": posts, **_summary(four_text), "cpu": _summary(cpu["four_text"])},
        "detector_errors": errors,
        "cpu_ms_by_analysis": parts,
    }


def markdown(data: dict[str, Any]) -> str:
    m, full, four = data["machine"], data["full_image_check"], data["post_with_four_images"]
    text, post_text = data["text_only_check_same_text"], data["post_text_only"]
    lines = [
        f"Image check benchmark, {data['date']} ({m['usable_cores']} usable cores, {m['cpu_model']}, Python "
        f"{m['python']}; load average {m['load_average_at_start'][0]} at start, {m['load_average_at_end'][0]} at "
        "end). One process, one thread. Wall-clock figures count time spent waiting for a core when the machine is "
        "busy; the CPU figures (the process's CPU time and its tesseract children's) are what the check costs a "
        "core to itself.",
        "",
        "| measure | result (wall clock) | CPU time |",
        "| --- | ---: | ---: |",
        f"| full image check, 1024x768, one image a check ({full['checks']} checks, {len(data['images'])} images x "
        f"{data['rounds']} rounds x 2 councils) | **{full['images_per_second']:.2f} images/s per worker** "
        f"(mean {full['mean_ms']:,.0f} ms, p95 {full['p95_ms']:,.0f} ms) | {full['images_per_cpu_second']:.2f} images "
        f"per CPU second (mean {full['cpu']['mean_ms']:,.0f} ms) |",
        f"| the same check without the image (reference: the text alone) | {text['checks_per_second']:.1f} checks/s "
        f"(mean {text['mean_ms']:,.1f} ms) | mean {text['cpu']['mean_ms']:,.1f} ms |",
        f"| a 280-character post with four 1024x768 images, files to result ({four['posts']} posts; "
        f"{four['posts_with_detector_errors']} cut short by a detector's time limit) | "
        f"**p50 {four['p50_ms']:,.0f} ms, p95 {four['p95_ms']:,.0f} ms** | p50 {four['cpu']['p50_ms']:,.0f} ms, p95 "
        f"{four['cpu']['p95_ms']:,.0f} ms |",
        f"| the same posts without their images (reference: no peer tool is named for images) | "
        f"p50 {post_text['p50_ms']:,.1f} ms, p95 {post_text['p95_ms']:,.1f} ms | p50 "
        f"{post_text['cpu']['p50_ms']:,.1f} ms, p95 {post_text['cpu']['p95_ms']:,.1f} ms |",
        "",
        "| image (1024x768) | check mean ms | check p95 ms | check CPU mean ms | CPU ms: faces | + nudity "
        "| + text read |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in full["by_image"].items():
        part = data["cpu_ms_by_analysis"][name]
        lines.append(f"| {name} | {row['mean_ms']:,.0f} | {row['p95_ms']:,.0f} | {row['cpu']['mean_ms']:,.0f} | "
                     f"{part['faces']:,.0f} | {part['faces+nudity'] - part['faces']:,.0f} | "
                     f"{part['faces+text read'] - part['faces']:,.0f} |")
    lines += ["", "The last three columns: `facts_from_bytes` once per image on its own (no rules): the faces alone, "
                  "and what the nudity score and the text read each add. CPU time is counted in clock ticks (10 ms)."]
    if data["detector_errors"]:
        lines += ["", f"WARNING: {data['detector_errors']} finding(s) were detector errors (a detector raised or "
                      "ran out of time, as the images detectors do after 20 s on a machine this busy): those checks "
                      "were not complete, and their wall-clock times are cut short by the time limit."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="times each image is checked per council")
    parser.add_argument("--posts", type=int, default=30, help="posts with four images to time")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    data = run(args.rounds, args.posts)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2), encoding="utf-8")
    table = markdown(data)
    args.out.with_suffix(".md").write_text(table, encoding="utf-8")
    print(table)
    if data["detector_errors"]:
        print(f"warning: {data['detector_errors']} detector errors", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
