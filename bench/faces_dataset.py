"""Build `data/images/faces/` from MS COCO 2017 images and the face boxes their person keypoints give.

COCO's person keypoints were clicked by people (annotations CC BY 4.0, COCO Consortium). COCO has no face boxes,
so a face box is *derived*, by the fixed rule in `face_box`, from a person's labelled nose, eyes and ears; the
images keep the Flickr licence COCO recorded for each (`license` in the annotation file's `images`). Nothing is
downloaded here: point it at folders already on disk, each laid out as COCO is (`annotations/` holding
`person_keypoints_<split>.json` and `instances_<split>.json`, and the images in `<split>/`), for example small COCO
subsets committed to public repositories:

    .venv/bin/python bench/faces_dataset.py --source DIR [--source DIR ...] --out data/images/faces

What it keeps (data/images/faces/SOURCE.md says why):
- only images whose COCO licence lets a council redistribute them (`LICENCES`: CC BY 2.0, CC BY-SA 2.0, "No known
  copyright restrictions", "United States Government Work"); the others (NonCommercial, NoDerivs) are left out;
- a face counts only where the person's nose and both eyes are labelled *and visible* (COCO visibility 2) and the
  derived box is at least `MIN_FACE` pixels wide in the stored image: what "a recognisable face" means here;
- every other person (a face turned away or hidden, a person too small, a crowd region) becomes an *ignore*
  region (their COCO person box): a face found there is neither a hit nor a false alarm;
- negatives: images in which COCO marks no person at all.
An image found in two sources is kept once, and only if both give it the same person annotations.

Each image is downscaled to at most 640 px on its long side (Lanczos) and saved as JPEG quality 80 without EXIF;
boxes are scaled with it. The split is `civicguard.evaluation.images.split_for(<COCO image id>)` (seeded hash:
60/20/20), written into annotations.jsonl. `CREDITS.csv` records each image's COCO id, licence and Flickr page.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from civicguard.evaluation.images import split_for

# COCO licence ids a council may redistribute under (with attribution where the licence asks for it).
LICENCES = {4: "CC BY 2.0", 5: "CC BY-SA 2.0", 7: "No known copyright restrictions", 8: "United States Government Work"}
PERSON = 1
LONG_SIDE = 640
QUALITY = 80
MIN_FACE = 20  # pixels, side of the derived box in the stored image
SPLITS = ("train2017", "val2017")
# The face-box rule (fixed before any detector was run on these images; see SOURCE.md): the face's scale D is the
# largest of the distance between the eyes, the eye-to-nose distance over NOSE_RATIO and the ear-to-ear distance
# over EAR_RATIO (typical adult proportions: eye-to-nose tip about 0.65 of the distance between the pupils, head
# width about 2.3 of it); the box is a square of side SIDE * D whose centre lies CENTRE * D from the eyes' midpoint
# towards the nose, which puts the eyes at about 38% of the box's height on an upright face.
NOSE_RATIO = 0.65
EAR_RATIO = 2.3
SIDE = 2.5
CENTRE = 0.3

Box = tuple[float, float, float, float]


def face_box(keypoints: Sequence[float]) -> Box | None:
    """The derived face box [x, y, w, h] of one COCO person, or None when its face does not count (nose and both
    eyes must be labelled visible)."""
    (nx, ny, nv), (lx, ly, lv), (rx, ry, rv), (ax, ay, av), (bx, by, bv) = (
        tuple(keypoints[i:i + 3]) for i in range(0, 15, 3))
    if not (nv == 2 and lv == 2 and rv == 2):
        return None
    ex, ey = (lx + rx) / 2, (ly + ry) / 2
    eyes = math.hypot(lx - rx, ly - ry)
    nose = math.hypot(nx - ex, ny - ey)
    ears = math.hypot(ax - bx, ay - by) if av > 0 and bv > 0 else 0.0
    scale = max(eyes, nose / NOSE_RATIO, ears / EAR_RATIO)
    if scale <= 0:
        return None
    ux, uy = ((nx - ex) / nose, (ny - ey) / nose) if nose > 0 else (0.0, 1.0)
    cx, cy = ex + ux * CENTRE * scale, ey + uy * CENTRE * scale
    side = SIDE * scale
    return cx - side / 2, cy - side / 2, side, side


@dataclass
class Picture:
    image_id: int
    path: Path
    meta: dict
    source: str
    # Each COCO person: {"bbox": [x, y, w, h], "iscrowd": bool, "keypoints": 51 numbers or None}.
    people: list[dict] = field(default_factory=list)
    refused: str = ""


def _label_rows(labels: Path | None, image_id: int) -> list[list[float]] | None:
    """The keypoint rows of a YOLO-pose label file (class, box centre and size, then 17 x, y, visibility, all
    normalised), the format into which COCO's person keypoints were converted for YOLOv7-pose: one row per person
    that is not a crowd and has at least one keypoint; no file when the image has no such person."""
    if labels is None:
        return None
    for split in SPLITS:
        path = labels / split / f"{image_id:012d}.txt"
        if path.is_file():
            return [[float(v) for v in line.split()] for line in path.read_text().splitlines() if line.strip()]
    return []


def _attach_labels(pic: Picture, rows: list[list[float]]) -> None:
    """Give each COCO person the keypoints of the label row with its box; a row with no such person refuses the
    image (the two sources would disagree)."""
    w, h = pic.meta["width"], pic.meta["height"]
    for row in rows:
        cx, cy, bw, bh = row[1] * w, row[2] * h, row[3] * w, row[4] * h
        owner = [p for p in pic.people if not p["iscrowd"] and abs(p["bbox"][0] + p["bbox"][2] / 2 - cx) < 1.5
                 and abs(p["bbox"][1] + p["bbox"][3] / 2 - cy) < 1.5 and abs(p["bbox"][2] - bw) < 1.5
                 and abs(p["bbox"][3] - bh) < 1.5]
        points = []
        for j in range(17):
            x, y, v = row[5 + 3 * j:8 + 3 * j]
            points += [round(x * w), round(y * h), int(v)] if v > 0 else [0, 0, 0]
        if len(owner) != 1:
            pic.refused = "a keypoint label row matches no COCO person"
            return
        if owner[0]["keypoints"] is None:
            owner[0]["keypoints"] = points
        elif any(abs(a - b) > 1 for a, b in zip(owner[0]["keypoints"], points, strict=True)):
            pic.refused = "the keypoint labels and the keypoint annotations disagree"


def _load(name: str, source: Path, labels: Path | None) -> dict[int, Picture]:
    """Every image of one source whose file is there, with its COCO persons and their keypoints."""
    found: dict[int, Picture] = {}
    for split in SPLITS:
        inst_file = source / "annotations" / f"instances_{split}.json"
        if not inst_file.is_file():
            continue
        instances = json.loads(inst_file.read_text(encoding="utf-8"))
        kp_file = source / "annotations" / f"person_keypoints_{split}.json"
        keypoints: dict[int, list[int]] = {}
        if kp_file.is_file():
            annotations = json.loads(kp_file.read_text(encoding="utf-8"))["annotations"]
            keypoints = {a["id"]: a["keypoints"] for a in annotations}
        people: dict[int, list[dict]] = defaultdict(list)
        for ann in sorted(instances["annotations"], key=lambda a: a["id"]):
            if ann["category_id"] == PERSON:
                people[ann["image_id"]].append({"bbox": ann["bbox"], "iscrowd": bool(ann["iscrowd"]),
                                                "keypoints": keypoints.get(ann["id"])})
        for meta in instances["images"]:
            path = next((p for p in (source / split / meta["file_name"], source / "images" / split / meta["file_name"])
                         if p.is_file()), None)
            if path is None or meta["id"] in found:
                continue
            pic = Picture(meta["id"], path, meta, name, people[meta["id"]])
            rows = _label_rows(labels, meta["id"])
            with Image.open(path) as image:
                size = image.size
            if size != (meta["width"], meta["height"]):
                pic.refused = "its size is not the one COCO records"
            elif not keypoints and rows is None and pic.people:
                pic.refused = "no keypoints for its people"
            elif rows:
                _attach_labels(pic, rows)
            found[meta["id"]] = pic
    return found


def _same(a: Picture, b: Picture) -> bool:
    def key(p: Picture) -> tuple:
        return (p.meta.get("license"), p.meta["width"], p.meta["height"],
                sorted((tuple(round(v, 1) for v in q["bbox"]), q["iscrowd"]) for q in p.people))
    return key(a) == key(b)


def flickr_page(flickr_url: str) -> str:
    """The Flickr photo page for COCO's static image address (its file name starts with the photo's id)."""
    match = re.search(r"/(\d+)_[0-9a-f]+(?:_[a-z])?\.jpg$", flickr_url)
    return f"https://www.flickr.com/photo.gne?id={match.group(1)}" if match else flickr_url


def _save(src: Path, dst: Path) -> tuple[int, int, float]:
    """Downscale and save; returns the new size and the factor from the original's pixels to the new ones."""
    # No EXIF rotation is applied: COCO's keypoints refer to the file's own pixel grid.
    image = Image.open(src).convert("RGB")
    width = image.width
    image.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=QUALITY, optimize=True)
    dst.write_bytes(buf.getvalue())
    return image.width, image.height, image.width / width


def _scaled(box: Sequence[float], factor: float, width: int, height: int) -> list[int]:
    x0, y0 = max(0.0, box[0] * factor), max(0.0, box[1] * factor)
    x1, y1 = min(float(width), (box[0] + box[2]) * factor), min(float(height), (box[1] + box[3]) * factor)
    return [round(x0), round(y0), round(x1 - x0), round(y1 - y0)]


def label(pic: Picture, factor: float, width: int, height: int) -> tuple[list[list[int]], list[list[int]]]:
    """Faces that count, and ignore regions, in the stored image's pixels."""
    faces: list[list[int]] = []
    ignore: list[list[int]] = []
    for person in pic.people:
        box = None if person["iscrowd"] or person["keypoints"] is None else face_box(person["keypoints"])
        if box is not None and box[2] * factor >= MIN_FACE:
            faces.append(_scaled(box, factor, width, height))
        else:
            ignore.append(_scaled(person["bbox"], factor, width, height))
    return faces, ignore


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", action="append", required=True,
                    help="NAME=FOLDER: a folder laid out as COCO is (annotations/instances_<split>.json, optionally "
                         "person_keypoints_<split>.json, images in <split>/ or images/<split>/); may be repeated")
    ap.add_argument("--keypoint-labels", type=Path,
                    help="a folder of YOLO-pose label files converted from COCO's keypoints (train2017/, val2017/)")
    ap.add_argument("--negatives", type=int, default=60, help="images without any person to keep, at most")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--out", type=Path, default=Path("data/images/faces"))
    args = ap.parse_args(argv)

    pictures: dict[int, Picture] = {}
    refused: dict[str, int] = defaultdict(int)
    for spec in args.source:
        name, _, folder = spec.rpartition("=")
        for image_id, pic in _load(name or folder, Path(folder), args.keypoint_labels).items():
            if image_id in pictures and not _same(pictures[image_id], pic):
                pictures[image_id].refused = "two sources disagree"
            pictures.setdefault(image_id, pic)
    for pic in pictures.values():
        if pic.refused:
            refused[pic.refused] += 1
    usable = {i: p for i, p in pictures.items() if not p.refused and p.meta.get("license") in LICENCES}
    with_people = sorted(i for i, p in usable.items() if p.people)
    without = sorted(i for i, p in usable.items() if not p.people)
    chosen = with_people + random.Random(args.seed).sample(without, min(args.negatives, len(without)))

    (args.out / "images").mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = defaultdict(int)
    with open(args.out / "annotations.jsonl", "w", encoding="utf-8") as ann, \
            open(args.out / "CREDITS.csv", "w", newline="", encoding="utf-8") as cred:
        writer = csv.writer(cred, lineterminator="\n")
        writer.writerow(["file", "coco_id", "author", "licence", "page", "copied_from"])
        for image_id in sorted(chosen):
            pic = usable[image_id]
            name = f"images/{image_id:012d}.jpg"
            width, height, factor = _save(pic.path, args.out / name)
            faces, ignore = label(pic, factor, width, height)
            split = split_for(str(image_id), args.seed)
            counts[f"{split} images"] += 1
            counts[f"{split} faces"] += len(faces)
            ann.write(json.dumps({"file": name, "split": split, "faces": faces, "ignore": ignore, "width": width,
                                  "height": height, "source_id": f"coco2017:{image_id}",
                                  "licence": LICENCES[pic.meta["license"]]}) + "\n")
            writer.writerow([name, image_id, "not recorded by COCO: see the page", LICENCES[pic.meta["license"]],
                             flickr_page(pic.meta.get("flickr_url", "")), pic.source])
    print(f"wrote {len(chosen)} images to {args.out}; refused: {dict(refused)}; "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
