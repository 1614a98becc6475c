"""The council's logo in images (`images.logo`): precision, recall and milliseconds per image.

Data: ``data/images/logos/`` in the repository (or ``images/logos`` under the ``--data`` folder), built by
``bench/logo_dataset.py`` as its SOURCE.md says: ``labels.jsonl``, one image a line with its ``file``, ``split``
(fixed: train, validation, test) and ``logo`` (the council whose logo is in it, or null). Every image is one
decision per shipped pack: "is this council's logo here?", so another council's logo counts as a negative.

The thresholds (`LogoSettings.min_inliers`, `min_coverage`) are chosen on train and validation only
(`choose_settings`, which refuses the test split); the report gives validation and test with the settings the
engine ships, so a change to the defaults shows up here.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civicguard.engine.images.logo import Candidate, LogoReference, LogoSettings
from civicguard.evaluation.base import EvalContext, Section, Table
from civicguard.evaluation.metrics import PRF

DATASET = "images/logos"
REPORTED = ("validation", "test")
GRID: dict[str, Sequence[Any]] = {"min_inliers": (8, 10, 12, 15, 20, 25, 30, 40),
                                  "min_coverage": (0.05, 0.1, 0.15, 0.2, 0.25, 0.3)}


@dataclass(frozen=True)
class Item:
    path: Path
    split: str
    logo: str | None
    variations: dict[str, Any]
    jpeg_quality: int
    group: str = ""  # st-helens, sefton, none (no logo) or lookalike


def data_folder(ctx: EvalContext) -> Path:
    candidates = [ctx.data_dir / DATASET, Path(__file__).resolve().parents[3] / "data" / DATASET]
    for folder in candidates:
        if (folder / "labels.jsonl").is_file():
            return folder
    raise FileNotFoundError(f"no labels.jsonl in {' or '.join(str(c) for c in candidates)}")


def load(folder: Path, splits: Iterable[str], limit: int | None = None) -> list[Item]:
    wanted = set(splits)
    items: list[Item] = []
    with open(folder / "labels.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if row["split"] in wanted:
                    items.append(Item(folder / row["file"], row["split"], row["logo"], row.get("variations") or {},
                                      int(row.get("jpeg_quality") or 0), row.get("group") or ""))
    if limit:
        items = [i for s in sorted(wanted) for i in [x for x in items if x.split == s][:limit]]
    return items


def pack_references() -> list[LogoReference]:
    """The logo of every shipped pack that holds one, described as the detector describes it."""
    from civicguard.engine.images.logo import reference_for
    from civicguard.engine.packs.loader import pack_for, shipped_pack_ids

    out = []
    for council in shipped_pack_ids():
        facts = pack_for(council).facts
        logo = facts.logo if facts is not None else None
        if logo is not None and logo.data:
            out.append(reference_for(logo.data, logo.council))
    return out


# What one image gave for each logo: the best placement found (None: nothing plausible), and the search's time.
Found = dict[str, Candidate | None]
Search = Callable[[bytes, Sequence[LogoReference]], Found]


def search(settings: LogoSettings | None = None) -> Search:
    """Decode, scale and search one image for each logo, as `engine.images.analyse.logos_from_bytes` does, but
    keeping every candidate (before the thresholds) so the thresholds can be chosen without searching again."""
    from civicguard.engine.images.decode import ANALYSIS_LONG_SIDE, decode_image
    from civicguard.engine.images.logo import grey_for_logos, logo_candidates

    s = settings or LogoSettings()

    def run(data: bytes, references: Sequence[LogoReference]) -> Found:
        decoded = decode_image(data, at_least=ANALYSIS_LONG_SIDE)
        grey, factor = grey_for_logos(decoded.image, s.long_side)
        found = {c.match.council: c for c in logo_candidates(grey, factor * decoded.shrink, references, s)}
        return {r.label: found.get(r.label) for r in references}

    return run


def candidates(items: Sequence[Item], references: Sequence[LogoReference], how: Search,
               cpu: list[float] | None = None) -> tuple[list[Found], list[float]]:
    """Each image's candidates for every logo, and the milliseconds each image took (one logo at a time, as a
    check for one council does: the search for one logo, timed, then the others untimed). `cpu`, when given,
    receives the processor milliseconds of the same searches (a fairer figure on a busy machine)."""
    found: list[Found] = []
    ms: list[float] = []
    for item in items:
        data = item.path.read_bytes()
        row: Found = {}
        for k, reference in enumerate(references):
            t0, c0 = time.perf_counter(), time.process_time()
            row.update(how(data, [reference]))
            if k == 0:
                ms.append((time.perf_counter() - t0) * 1000)
                if cpu is not None:
                    cpu.append((time.process_time() - c0) * 1000)
        found.append(row)
    return found, ms


def score(items: Sequence[Item], found: Sequence[Found], settings: LogoSettings,
          ms: Sequence[float] = ()) -> dict[str, Any]:
    """Precision, recall and F1 per council and over both (one decision per image and council)."""
    per: dict[str, list[int]] = {}
    for item, row in zip(items, found, strict=True):
        for council, cand in row.items():
            counts = per.setdefault(council, [0, 0, 0])
            hit = _hit(cand, settings)
            if item.logo == council:
                counts[0 if hit else 2] += 1
            elif hit:
                counts[1] += 1
    total = PRF(*(sum(c[i] for c in per.values()) for i in range(3)))
    ms_sorted = sorted(ms)
    return {**total.as_dict(), "images": len(items), "positives": total.tp + total.fn,
            "negatives": len(items) * len(per) - (total.tp + total.fn),
            "councils": {c: PRF(*v).as_dict() for c, v in sorted(per.items())},
            "ms_per_image": round(statistics.fmean(ms), 1) if ms else 0.0,
            "ms_p95": round(ms_sorted[min(len(ms_sorted) - 1, int(0.95 * len(ms_sorted)))], 1) if ms else 0.0}


def _hit(candidate: Candidate | None, settings: LogoSettings) -> bool:
    return candidate is not None and candidate.accepted(settings)


def recall_by_variation(items: Sequence[Item], found: Sequence[Found], settings: LogoSettings) -> list[list[Any]]:
    """Recall over the positives sharing each variation (small logo, any angle, perspective...)."""
    groups: dict[str, Callable[[Item], bool]] = {
        "small (1/8 to 1/5 of the width)": lambda i: i.variations.get("width_fraction", 1) < 0.2,
        "turned more than 15°": lambda i: abs(i.variations.get("rotation", 0)) > 15,
        "perspective": lambda i: "perspective" in i.variations,
        "covered or cut off": lambda i: "covered" in i.variations or "cut_off" in i.variations,
        "re-coloured": lambda i: "colour" in i.variations,
        "blurred": lambda i: "blur" in i.variations,
        "JPEG quality 45 or lower": lambda i: 0 < i.jpeg_quality <= 45,
        "all": lambda i: True,
    }
    rows = []
    for name, test in groups.items():
        hits = [_hit(row.get(item.logo), settings) for item, row in zip(items, found, strict=True)
                if item.logo and test(item)]
        rows.append([name, len(hits), round(sum(hits) / len(hits), 3) if hits else 0.0])
    return rows


def false_alarms_by_kind(items: Sequence[Item], found: Sequence[Found], settings: LogoSettings) -> list[list[Any]]:
    """How often a logo was reported in an image that does not hold it, by what the image holds instead."""
    kinds = {"another council's logo": lambda i, c: i.logo is not None and i.logo != c,
             "a look-alike emblem": lambda i, c: i.group == "lookalike",
             "no logo": lambda i, c: i.group == "none"}
    rows = []
    for name, test in kinds.items():
        decisions = [_hit(cand, settings) for item, row in zip(items, found, strict=True)
                     for council, cand in row.items() if test(item, council)]
        rows.append([name, len(decisions), sum(decisions)])
    return rows


def choose_settings(items: Sequence[Item], found: Sequence[Found], base: LogoSettings | None = None,
                    grid: dict[str, Sequence[Any]] | None = None
                    ) -> tuple[LogoSettings, list[tuple[LogoSettings, dict[str, Any]]]]:
    """The thresholds with the best F1 on `items` (ties: the higher precision, then the stricter setting), which
    must hold no test image. Returns the choice and every candidate's figures."""
    if any(i.split == "test" for i in items):
        raise ValueError("choose settings on train and validation only, never on test")
    chosen = dict(grid or GRID)
    start = base or LogoSettings()
    tried = []
    for values in itertools.product(*chosen.values()):
        settings = dataclasses.replace(start, **dict(zip(chosen, values, strict=True)))
        tried.append((settings, score(items, found, settings)))
    best = max(tried, key=lambda t: (t[1]["f1"], t[1]["precision"], t[0].min_inliers, t[0].min_coverage))
    return best[0], tried


def run(ctx: EvalContext) -> Section:
    folder = data_folder(ctx)
    settings = LogoSettings()
    references = pack_references()
    how = search(settings)
    rows: list[list[Any]] = []
    metrics: dict[str, Any] = {}
    test_items: list[Item] = []
    test_found: list[Found] = []
    for split in REPORTED:
        items = load(folder, [split], ctx.limit)
        cpu: list[float] = []
        found, ms = candidates(items, references, how, cpu)
        figures = score(items, found, settings, ms)
        figures["cpu_ms_per_image"] = round(statistics.fmean(cpu), 1) if cpu else 0.0
        metrics[split] = figures
        rows.append([split, figures["images"], figures["positives"], figures["negatives"], figures["precision"],
                     figures["recall"], figures["f1"], figures["fp"], figures["ms_per_image"], figures["ms_p95"],
                     figures["cpu_ms_per_image"]])
        for council, f in figures["councils"].items():
            rows.append([f"{split}: {council} pack's logo", "", f["tp"] + f["fn"], "", f["precision"], f["recall"],
                         f["f1"], f["fp"], "", "", ""])
        if split == "test":
            test_items, test_found = items, found
    return Section(
        name="images_logo", title="The council's logo in images (images.logo: SIFT features + RANSAC homography)",
        dataset=str(folder), split="validation+test", rows=sum(m["images"] for m in metrics.values()),
        origin="generated", metrics=metrics,
        tables=[Table("One decision per image and council's logo (another council's logo is a negative)",
                      ["split", "images", "positives", "negatives", "precision", "recall", "F1", "false alarms",
                       "ms/image", "ms p95", "CPU ms/image"], rows,
                      note="ms: decode + scale to 1024 px + features + matching one pack's logo, one image at a "
                           "time, wall clock; CPU ms: the processor time of the same (all threads)"),
                Table("Test recall by variation", ["positives that were", "images", "recall"],
                      recall_by_variation(test_items, test_found, settings)),
                Table("Test false alarms by what the image held", ["negatives holding", "decisions", "false alarms"],
                      false_alarms_by_kind(test_items, test_found, settings))],
        notes=[f"thresholds: min_inliers {settings.min_inliers}, min_coverage {settings.min_coverage}; chosen on "
               "train and validation only (data/images/logos/RESULTS.md). The logos are the packs' stand-ins; "
               "rebuild the set around a council's own logo with bench/logo_dataset.py"],
    )
