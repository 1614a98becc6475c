"""The Open Images converter keeps single real faces, verified negatives, scales boxes and records credits."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from PIL import Image

BENCH = Path(__file__).resolve().parents[2] / "bench"
spec = importlib.util.spec_from_file_location("civicguard_bench_faces_dataset", BENCH / "faces_dataset.py")
assert spec is not None and spec.loader is not None
faces_dataset = importlib.util.module_from_spec(spec)
spec.loader.exec_module(faces_dataset)

HEAD = "ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside\n"


def test_builds_the_set(tmp_path):
    (tmp_path / "img").mkdir()
    for name in ("aaa", "bbb", "ccc", "ddd"):
        Image.new("RGB", (1280, 960)).save(tmp_path / "img" / f"{name}.jpg")
    # ccc: a group-of box; ddd: a box a model proposed ("activemil"). Neither is kept.
    (tmp_path / "boxes.csv").write_text(HEAD + "aaa,xclick,/m/0dzct,1,0.1,0.3,0.2,0.5,0,0,0,0,0\n"
                                               "ccc,xclick,/m/0dzct,1,0.1,0.3,0.2,0.5,0,0,1,0,0\n"
                                               "ddd,activemil,/m/0dzct,1,0.1,0.3,0.2,0.5,0,0,0,0,0\n")
    (tmp_path / "ids.csv").write_text("ImageID,OriginalLandingURL,License,Author\n" + "".join(
        f"{n},https://flickr/{n},CC BY 2.0,{n.upper()}\n" for n in ("aaa", "bbb", "ccc", "ddd")))
    (tmp_path / "labels.csv").write_text("ImageID,Source,LabelName,Confidence\nbbb,v,/m/0dzct,0\n")
    out = tmp_path / "out"
    assert faces_dataset.main(["--images", str(tmp_path / "img"), "--boxes", str(tmp_path / "boxes.csv"),
                               "--image-ids", str(tmp_path / "ids.csv"), "--labels", str(tmp_path / "labels.csv"),
                               "--out", str(out)]) == 0
    rows = [json.loads(line) for line in (out / "annotations.jsonl").read_text().splitlines()]
    assert [(r["file"], r["faces"], r["width"]) for r in rows] == [("images/aaa.jpg", [[64, 96, 128, 144]], 640),
                                                                   ("images/bbb.jpg", [], 640)]
    assert "images/aaa.jpg,aaa,AAA,CC BY 2.0,https://flickr/aaa" in (out / "CREDITS.csv").read_text()
