"""Build `data/images/faces/` from Open Images V7 images and their `Human face` boxes.

Open Images: boxes CC BY 4.0 (Google), images listed as CC BY 2.0 with their author and Flickr page in the
image-id CSV. Nothing is downloaded here: point it at images already on disk (for example fetched on a machine
with network access from https://open-images-dataset.s3.amazonaws.com/{validation,test}/<ImageID>.jpg) and at
three CSVs from https://storage.googleapis.com/openimages/:

    .venv/bin/python bench/faces_dataset.py --images DIR --boxes validation-annotations-bbox.csv \\
        --image-ids validation-images-with-rotation.csv --labels validation-annotations-human-imagelabels-boxable.csv \\
        --faces 300 --negatives 100 --out data/images/faces

It keeps images whose face boxes are all single faces of real people, drawn by a person (no group-of or depiction
box: a face on a poster or a crowd box would make the count ambiguous; no box a model proposed, see
`DRAWN_BY_PEOPLE`), and takes negatives from images that a person verified have no human face (label /m/0dzct with
confidence 0) and no person box. Each image is downscaled to at most 640 px on its long side and saved as JPEG
quality 80 with its EXIF dropped; boxes are scaled with it. The split comes from
`civicguard.evaluation.images.split_for(ImageID)` (seeded hash: 60/20/20), written into annotations.jsonl, so it
never changes between runs. `CREDITS.csv` records each image's author, licence and page.

`--images` may be any folder of `<ImageID>.jpg` files, for example the one the OIDv4/OIDv6 toolkits fill
(`OID/Dataset/validation/Human face`); their label text files are not read, since the CSVs carry what the filters
need (source, group-of, depiction) and the toolkits drop it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from PIL import Image, ImageOps

from civicguard.evaluation.images import split_for

FACE = "/m/0dzct"
# Box sources whose boxes a person drew: "xclick" (extreme clicking) and "freeform". "activemil" boxes were proposed
# by a model and only checked by a person, so an image with one is left out.
DRAWN_BY_PEOPLE = {"xclick", "freeform"}
PERSON = {"/m/01g317", "/m/04yx4", "/m/03bt1vf", "/m/01bl7v", "/m/05r655", FACE}  # person, man, woman, boy, girl
LONG_SIDE = 640
QUALITY = 80


def _boxes(path: Path) -> tuple[dict[str, list[tuple[float, ...]]], set[str], set[str]]:
    faces: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    spoiled: set[str] = set()
    people: set[str] = set()
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            image = row["ImageID"]
            if row["LabelName"] in PERSON:
                people.add(image)
            if row["LabelName"] != FACE:
                continue
            if row.get("IsGroupOf") == "1" or row.get("IsDepiction") == "1" or \
                    row.get("Source") not in DRAWN_BY_PEOPLE:
                spoiled.add(image)
            faces[image].append(tuple(float(row[k]) for k in ("XMin", "YMin", "XMax", "YMax")))
    return faces, spoiled, people


def _verified_no_face(path: Path) -> set[str]:
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["ImageID"] for r in csv.DictReader(fh) if r["LabelName"] == FACE and r["Confidence"] == "0"}


def _credits(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["ImageID"]: r for r in csv.DictReader(fh)}


def _save(src: Path, dst: Path) -> tuple[int, int, float, float]:
    """Downscale and save; returns the new size and the x, y factors from normalised to new pixels."""
    image = Image.open(src)
    image = (ImageOps.exif_transpose(image) or image).convert("RGB")
    image.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=QUALITY, optimize=True)
    dst.write_bytes(buf.getvalue())
    return image.width, image.height, float(image.width), float(image.height)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--images", type=Path, required=True)
    ap.add_argument("--boxes", type=Path, required=True)
    ap.add_argument("--image-ids", type=Path, required=True)
    ap.add_argument("--labels", type=Path, required=True)
    ap.add_argument("--faces", type=int, default=300, help="images with faces to keep")
    ap.add_argument("--negatives", type=int, default=100, help="images without faces to keep")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--out", type=Path, default=Path("data/images/faces"))
    args = ap.parse_args(argv)

    faces, spoiled, people = _boxes(args.boxes)
    credits = _credits(args.image_ids)
    on_disk = {p.stem for p in args.images.glob("*.jpg")}
    with_faces = sorted(i for i in faces if i not in spoiled and i in on_disk and i in credits)
    without = sorted(i for i in _verified_no_face(args.labels) - people if i in on_disk and i in credits)
    rng = random.Random(args.seed)
    chosen = rng.sample(with_faces, min(args.faces, len(with_faces))) + \
        rng.sample(without, min(args.negatives, len(without)))

    (args.out / "images").mkdir(parents=True, exist_ok=True)
    with open(args.out / "annotations.jsonl", "w", encoding="utf-8") as ann, \
            open(args.out / "CREDITS.csv", "w", newline="", encoding="utf-8") as cred:
        writer = csv.writer(cred)
        writer.writerow(["file", "ImageID", "author", "licence", "page"])
        for image in sorted(chosen):
            name = f"images/{image}.jpg"
            width, height, fx, fy = _save(args.images / f"{image}.jpg", args.out / name)
            boxes = [[round(x0 * fx), round(y0 * fy), round((x1 - x0) * fx), round((y1 - y0) * fy)]
                     for x0, y0, x1, y1 in faces.get(image, [])]
            ann.write(json.dumps({"file": name, "split": split_for(image, args.seed), "faces": boxes,
                                  "width": width, "height": height, "source_id": image}) + "\n")
            c = credits[image]
            writer.writerow([name, image, c.get("Author", ""), c.get("License", ""), c.get("OriginalLandingURL", "")])
    print(f"wrote {len(chosen)} images to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
