"""The image benchmark times real and generated pictures at 1024x768, and its percentiles are of the samples."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from PIL import Image

BENCH = Path(__file__).resolve().parents[2] / "bench"
spec = importlib.util.spec_from_file_location("civicguard_bench_images", BENCH / "images.py")
assert spec is not None and spec.loader is not None
images_bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(images_bench)


def test_every_image_is_a_1024_by_768_jpeg_and_the_real_photos_are_included():
    pictures = images_bench.images()
    names = [name for name, _ in pictures]
    assert sum(name.startswith("real:") for name in names) == len(list(images_bench.FIXTURES.glob("*.jpg"))) >= 3
    assert sum(name.startswith("generated:") for name in names) == 4
    for _, data in pictures:
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size) == ("JPEG", (1024, 768))


def test_percentiles_are_samples_by_the_nearest_rank():
    summary = images_bench._summary([float(n) for n in range(1, 21)])
    assert (summary["p50_ms"], summary["p95_ms"], summary["max_ms"], summary["n"]) == (10.0, 19.0, 20.0, 20)
