"""The importer reproduces the shipped packs' clauses from the published documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from civicguard.engine.packs.importer import DRAFT_NOTE, dump_pack_yaml, import_document
from civicguard.engine.packs.loader import PACKS_DIR, load_pack

CONTRACT_NUMBER = re.compile(r"^\s*(?:-\s*)?(\d+(?:\.\d+)+)\.?\s")
SHIPPED = [("st-helens", "St Helens Council"), ("sefton", "Sefton Council")]


def _shipped(pack_id: str) -> tuple[str, list[dict]]:
    source = yaml.safe_load((PACKS_DIR / pack_id / "pack.yaml").read_text())["document"]["source"]
    clauses = yaml.safe_load((PACKS_DIR / pack_id / "clauses.yaml").read_text())["clauses"]
    return (PACKS_DIR / pack_id / source).read_text(encoding="utf-8"), clauses


def _imported(pack_id: str) -> dict[str, dict]:
    text, _ = _shipped(pack_id)
    draft = import_document(text, council_id=pack_id)
    return {c["number"]: c for c in draft["clauses"]}


@pytest.mark.parametrize(("pack_id", "name"), SHIPPED)
def test_import_reproduces_shipped_clauses(pack_id: str, name: str) -> None:
    text, shipped = _shipped(pack_id)
    draft = import_document(text, council_id=pack_id, council_name=name)
    assert [(c["number"], c["heading"], c["text"]) for c in draft["clauses"]] == [
        (c["number"], c["heading"], c["text"]) for c in shipped
    ]
    numbers = [c["number"] for c in shipped]
    expected = [m.group(1) for line in text.splitlines() if (m := CONTRACT_NUMBER.match(line))]
    assert [n for n in numbers if not n[-1].isalpha()] == expected


def test_headings_come_from_sections_subheadings_and_numbered_headings() -> None:
    sth, sef = _imported("st-helens"), _imported("sefton")
    assert sth["5.2"]["heading"] == "Key Principles"
    assert sth["9.1"]["heading"] == "Information Management Group (IMG)"
    assert sth["9.7"]["heading"] == "Social Media Moderator"
    assert sth["9.13"]["heading"] == "Employees"
    assert sef["5.5"]["heading"] == "Use of Social Media for Work Purposes"
    heading = "Taking photographs/ videos of employees and posting on social media"
    assert sef["5.5.1"]["heading"] == sef["5.5.1"]["text"] == sef["5.5.1.3"]["heading"] == heading


def test_bullets_are_lines_beginning_with_a_bullet() -> None:
    lines = _imported("st-helens")["3.2"]["text"].splitlines()
    assert lines[0] == "Social Media tools include, but are not limited to:"
    assert lines[1:] == [f"• {x}" for x in [
        "Blogs/Microblogging e.g. Twitter", "Social Networking e.g. Facebook, Foursquare",
        "Collaboration networking media", "Social bookmarking",
        "Photo and video sharing e.g. Youtube, Flickr, Snapchat", "RSS aggregation services",
        "Wikis e.g. Wikipedia"]]
    assert "• Revealing or sharing confidential information about an individual (such as a colleague or " \
           "service user)." in _imported("st-helens")["5.2"]["text"]


def test_lettered_items_are_clauses_and_the_parent_keeps_its_lead_in() -> None:
    sef = _imported("sefton")
    assert sef["5.3"]["text"] == "Any communications that employees make through social media must not:"
    assert [n for n in sef if n.startswith("5.3")] == ["5.3", "5.3a", "5.3b", "5.3c", "5.3d"]
    assert sef["5.3b"]["text"].startswith("Be in breach of Data Protection regulations")
    assert sef["5.3d"]["heading"] == sef["5.3"]["heading"]


def test_text_continues_over_blank_lines_and_page_break_junk() -> None:
    text_5542 = _imported("sefton")["5.5.4.2"]["text"]
    assert "unless there are specific reasons not to do so in which case" in text_5542
    text_72 = _imported("st-helens")["7.2"]["text"]
    assert "http" not in text_72
    assert "incompatible with the Council’s policies, may lead to a loss of trust" in text_72


def test_markdown_emphasis_and_links_are_plain_text() -> None:
    sef = _imported("sefton")
    assert "the Website unblocking form should be completed" in sef["5.1"]["text"]
    assert "depending on the circumstances of the case." in sef["5.5"]["text"]
    assert "*" not in "".join(c["text"] for c in sef.values())


SYNTHETIC = """# Anytown Borough Council Social Media Policy

Issue Date: 3rd March 2021
Amended: May 2022, June 2024

## 1. Purpose

- 1.1 This policy covers **all** staff.

## 2. Rules

### Posting

- 2.1 Staff must not:
  - a) share [personal data](https://example.org/pd)
  - b) swear
- 2.2. Posts are
  checked before publishing.
"""


def test_synthetic_markdown_document(tmp_path: Path) -> None:
    draft = import_document(SYNTHETIC, council_id="anytown")
    assert draft["council"] == "Anytown Borough Council" and draft["citation"] == "Anytown"
    assert draft["document"]["issued"].isoformat() == "2021-03-03"
    assert draft["document"]["version"] == "June 2024"
    clauses = {c["number"]: c for c in draft["clauses"]}
    assert list(clauses) == ["1.1", "2.1", "2.1a", "2.1b", "2.2"]
    assert clauses["1.1"]["text"] == "This policy covers all staff."
    assert clauses["2.1a"]["text"] == "share personal data (https://example.org/pd)"
    assert clauses["2.2"]["text"] == "Posts are checked before publishing."
    assert clauses["2.2"]["heading"] == "Posting"
    assert clauses["2.2"]["enforcement"] == {"workflows": [], "informational": False, "note": DRAFT_NOTE}
    out = tmp_path / "draft.yaml"
    out.write_text(dump_pack_yaml(draft), encoding="utf-8")
    pack = load_pack(out)
    assert pack.status == "draft" and [c.number for c in pack.clauses] == list(clauses)


@pytest.mark.parametrize(("pack_id", "name"), SHIPPED)
def test_dumped_draft_round_trips_and_loads(tmp_path: Path, pack_id: str, name: str) -> None:
    draft = import_document(_shipped(pack_id)[0], council_id=pack_id, council_name=name, source="doc")
    out = tmp_path / "draft.yaml"
    out.write_text(dump_pack_yaml(draft), encoding="utf-8")
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == draft
    assert len(load_pack(out).clauses) == len(draft["clauses"])
