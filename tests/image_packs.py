"""Both shipped packs with two image rules added, for tests of the image entry points (the command line, the scan,
the API, the moderation queue) that must not depend on which image rules the packs ship today.

`images_test.yaml` in each pack's rules folder: untagged faces block an official post; an image that could not be
analysed needs a person on every channel. Use the fixture `image_rules`."""

from __future__ import annotations

import importlib
import io
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

from civicguard.engine.packs import loader

engine_check = importlib.import_module("civicguard.engine.check")  # the package's `check` is a function

sys.path.insert(0, str(Path(__file__).parent / "engine"))
from drawn_faces import drawn  # noqa: E402

__all__ = ["UNREADABLE", "UNTAGGED", "drawn", "image_rules", "plain_png"]

UNTAGGED = "test.images.untagged"
UNREADABLE = "test.images.unreadable"
CLAUSE = {"st-helens": "5.2", "sefton": "5.5"}


def _rules(council: str) -> list[dict]:
    common = {"clauses": [CLAUSE[council]], "category": "consent", "detector": "images.faces", "threshold": 0.5}
    return [
        {**common, "id": UNTAGGED, "applies_to": ["official"], "params": {"labels": ["untagged_faces"]},
         "severity": "block", "message": "Image {image} shows {untagged} untagged face(s).",
         "remedy": "Tag everyone in it."},
        {**common, "id": UNREADABLE, "applies_to": ["official", "personal", "reply", "comment"],
         "params": {"labels": ["unreadable"]}, "severity": "warn",
         "message": "Image {image} could not be checked: {reason}", "remedy": "Look at it yourself."},
    ]


@pytest.fixture
def image_rules(tmp_path_factory, monkeypatch):
    packs = tmp_path_factory.mktemp("packs")
    for council in CLAUSE:
        shutil.copytree(loader.PACKS_DIR / council, packs / council)
        (packs / council / "rules" / "images_test.yaml").write_text(yaml.safe_dump({"rules": _rules(council)}),
                                                                     encoding="utf-8")
    monkeypatch.setattr(loader, "PACKS_DIR", packs)
    loader.pack_for.cache_clear()
    engine_check._ENGINES.clear()
    yield packs
    monkeypatch.undo()
    loader.pack_for.cache_clear()
    engine_check._ENGINES.clear()


def plain_png(size: tuple[int, int] = (64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buf, "PNG")
    return buf.getvalue()
