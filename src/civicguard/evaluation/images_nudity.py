"""Nudity in images (`images.nudity`): false alarms on safe proxies, and ms per image. Recall is not measured here.

Data: ``data/images/nudity/`` in the repository (or ``images/nudity`` under the ``--data`` folder), built by
``bench/nudity_proxies.py`` as its SOURCE.md says: ``annotations.jsonl``, one image a line with its ``file``,
``split`` (validation or test, fixed) and ``group`` (``photo``, ``closeup``, ``skin_texture``). Every image is a
negative: the repository keeps no explicit imagery, so the figures are the false-positive rate at the detector's
two limits (the general one, and the stricter one used when a child is tagged), with a 95% upper bound, and the
highest score seen. The pictures of text in ``data/images/text`` (test split) are scored too, as documents.

The limits are not tuned on these images (with negatives only, tuning would just raise them): they come from the
model's makers (under 0.2 likely safe; 0.5 the package's decision point). Recall on real sexual imagery is
unmeasured: the makers publish none (data/images/nudity/RESULTS.md).
"""

from __future__ import annotations

import contextlib
import json
import math
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civicguard.evaluation.base import EvalContext, Section, Table

DATASET = "images/nudity"
DOCUMENTS = "images/text"
REPORTED = ("validation", "test")


@dataclass(frozen=True)
class Item:
    path: Path
    split: str
    group: str


def _folder(ctx: EvalContext, dataset: str) -> Path:
    candidates = [ctx.data_dir / dataset, Path(__file__).resolve().parents[3] / "data" / dataset]
    for folder in candidates:
        if (folder / "annotations.jsonl").is_file():
            return folder
    raise FileNotFoundError(f"no annotations.jsonl in {' or '.join(str(c) for c in candidates)}")


def load(folder: Path, splits: Iterable[str], limit: int | None = None, group: str | None = None) -> list[Item]:
    """The images of `splits`; `group` names them all (the documents set has no group of its own)."""
    wanted = set(splits)
    items: list[Item] = []
    with open(folder / "annotations.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if row["split"] in wanted:
                    items.append(Item(folder / row["file"], row["split"], group or row["group"]))
    if limit:
        items = [i for s in sorted(wanted) for i in [x for x in items if x.split == s][:limit]]
    return items


def wilson_upper(k: int, n: int, z: float = 1.96) -> float:
    """The upper end of the Wilson 95% interval for a rate of k in n (n = 0: 1.0)."""
    if n == 0:
        return 1.0
    p = k / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return min(1.0, (centre + spread) / (1 + z * z / n))


Scorer = Callable[[bytes], float]


def scorer() -> Scorer:
    """Decode as the check does (`engine.images.analyse`) and score the whole image."""
    from civicguard.engine.images.decode import ANALYSIS_LONG_SIDE, decode_image
    from civicguard.engine.images.nudity import nudity_score

    return lambda data: nudity_score(decode_image(data, at_least=ANALYSIS_LONG_SIDE).image)


def measure(items: Sequence[Item], score_of: Scorer) -> list[tuple[float, float]]:
    """(score, ms) for each image, one at a time (reading the file not timed)."""
    out: list[tuple[float, float]] = []
    for item in items:
        data = item.path.read_bytes()
        t0 = time.perf_counter()
        value = score_of(data)
        out.append((value, (time.perf_counter() - t0) * 1000))
    return out


def summarise(measured: Sequence[tuple[float, float]], limits: Sequence[float]) -> dict[str, Any]:
    """False alarms at each limit (every image a negative), the highest score, and ms per image."""
    scores = [s for s, _ in measured]
    n = len(scores)
    out: dict[str, Any] = {"images": n, "max_score": round(max(scores), 4) if scores else 0.0,
                           "ms_per_image": round(statistics.fmean(ms for _, ms in measured), 1) if n else 0.0}
    for limit in limits:
        k = sum(s >= limit for s in scores)
        out[f"at_{limit:g}"] = {"false_alarms": k, "fpr": round(k / n, 4) if n else 0.0,
                                "fpr_upper95": round(wilson_upper(k, n), 4)}
    return out


def limits() -> tuple[float, float]:
    """The detector's limits as the packs use them (its defaults): general, and when a child is tagged."""
    from civicguard.engine.detectors.images.nudity import NudityParams

    p = NudityParams()
    return p.threshold, p.child_threshold


def run(ctx: EvalContext) -> Section:
    folder = _folder(ctx, DATASET)
    general, child = limits()
    score_of = scorer()
    score_of(next(iter(load(folder, REPORTED, 1))).path.read_bytes())  # load the model outside the timing
    rows: list[list[Any]] = []
    metrics: dict[str, Any] = {}
    sets: list[tuple[str, list[Item]]] = [(s, load(folder, [s], ctx.limit)) for s in REPORTED]
    with contextlib.suppress(FileNotFoundError):  # the documents are an extra, not required
        sets.append(("documents (text set, test)", load(_folder(ctx, DOCUMENTS), ["test"], ctx.limit, "document")))
    for name, items in sets:
        measured = measure(items, score_of)
        groups = sorted({i.group for i in items})
        for group in [*groups, "all"] if len(groups) > 1 else groups:
            m = summarise([x for i, x in zip(items, measured, strict=True) if group in ("all", i.group)],
                          (general, child))
            metrics[f"{name}/{group}"] = m
            g, c = m[f"at_{general:g}"], m[f"at_{child:g}"]
            rows.append([name, group, m["images"], g["false_alarms"], g["fpr"], g["fpr_upper95"], c["false_alarms"],
                         c["fpr"], c["fpr_upper95"], m["max_score"], m["ms_per_image"]])
    return Section(
        name="images_nudity", title="Nudity in images (images.nudity: Yahoo open_nsfw on onnxruntime)",
        dataset=str(folder), split="validation+test", rows=sum(len(items) for _, items in sets),
        origin="real photos (public domain, CC0) and generated skin-tone textures", metrics=metrics,
        tables=[Table("False alarms on safe proxies (every image is a negative)",
                      ["split", "group", "images", f"false alarms at {general:g}", "FPR", "FPR 95% upper",
                       f"false alarms at {child:g} (child tagged)", "FPR", "FPR 95% upper", "highest score",
                       "ms/image"], rows,
                      note="ms: decode + the model's preprocessing and one ONNX run, one process, one image at a "
                           "time, model already loaded")],
        notes=["recall not measured: no explicit imagery is kept in this repository and the model's makers publish "
               "no precision or recall (data/images/nudity/RESULTS.md)",
               f"limits from the detector's defaults, not tuned on these images: {general:g} general, {child:g} "
               "when a child is tagged"],
    )
