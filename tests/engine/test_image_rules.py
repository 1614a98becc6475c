"""The shipped packs' image rules end to end: faces against the consent register, children's protocol, a
looked-after child nobody can override, and an employee's personal post with people in it (Sefton 5.5.2.2)."""

from __future__ import annotations

import json

import pytest

from civicguard.engine.check import check
from civicguard.engine.images.facts import FaceBox, ImageFacts
from civicguard.engine.model import Content, Context, ImageRef, ImageTag
from civicguard.engine.packs.loader import PACKS_DIR, load_pack
from civicguard.engine.traceability import clause_coverage
from civicguard.engine.verdict import never_overridable

COUNCILS = ["sefton", "st-helens"]
PREFIX = {"sefton": "sef", "st-helens": "sth"}
TEXT = "A lovely afternoon at the summer fun day in the park."


def faces(n: int) -> ImageFacts:
    """An image with `n` faces, fully analysed and otherwise clean (the other image rules find nothing)."""
    return ImageFacts(1024, 768, tuple(FaceBox(20 + 120 * i, 40, 100, 100, 3.0) for i in range(n)), nudity=0.01,
                      nudity_regions=(), logos=(), text="")


def mine(result) -> list:
    """The findings of the rules under test (the consent and people rules), not those of other image checks."""
    return [f for f in result.findings if ".consent." in f.rule or ".images.faces" in f.rule
            or ".images.personal" in f.rule or ".images.tagged" in f.rule]


def tag(name: str, consent: str = "valid", kind: str = "public", **kw) -> ImageTag:
    return ImageTag(name=name, kind=kind, consent=consent, **kw)


def run(council: str, *images: ImageRef, text: str = TEXT, channel: str = "official", platform: str = "facebook"):
    return check(Content(text, images=images), Context(council=council, channel=channel, platform=platform))


def image(n_faces: int, *tags: ImageTag, ref: str = "uploads/fun-day.jpg", alt_text: str = "") -> ImageRef:
    return ImageRef(ref, facts=faces(n_faces), tags=tags, alt_text=alt_text)


def rules_of(result) -> list[str]:
    return [f.rule for f in result.findings]


@pytest.mark.parametrize("council", COUNCILS)
def test_every_face_with_valid_consent_passes(council):
    result = run(council, image(2, tag("Mary Jones", kind="staff"), tag("Jo Bloggs")))
    assert (result.verdict, result.findings) == ("pass", ())


@pytest.mark.parametrize(("council", "prefix", "clauses"), [
    ("sefton", "sef", ["Sefton 5.5", "Sefton 5.5.1.1", "Sefton 5.5.2.1"]),
    ("st-helens", "sth", ["St Helens 5.2", "St Helens 6.4"]),
])
def test_an_untagged_face_blocks_an_official_post(council, prefix, clauses):
    result = run(council, image(2, tag("Mary Jones", kind="staff")))
    (f,) = result.findings
    assert (result.verdict, f.rule, f.severity.value, list(f.clauses), f.overridable) == (
        "block", f"{prefix}.images.faces-without-consent", "block", clauses, True)
    assert f.message.startswith("CivicGuard found 2 faces in image 1 (fun-day.jpg), but only 1 person tagged in it "
                                "has consent on record for this platform. ")
    assert "Tag each person in the image from the consent register" in f.remedy and "crop" in f.remedy
    assert "{" not in f.message + f.remedy


@pytest.mark.parametrize("council", COUNCILS)
def test_the_same_image_on_a_reply_is_checked_and_on_a_comment_is_not(council):
    img = image(3)
    assert run(council, img, channel="reply").verdict == "block"
    assert not [r for r in rules_of(run(council, img, channel="comment")) if ".images." in r]


@pytest.mark.parametrize("council", COUNCILS)
@pytest.mark.parametrize(("consent", "words"), [
    ("none", "there is no written consent from them on the consent register"),
    ("expired", "their consent has expired"),
    ("withdrawn", "they have withdrawn their consent"),
    ("not-for-platform", "their consent does not cover Facebook"),
])
def test_a_tagged_person_without_valid_consent_blocks_naming_them_and_why(council, consent, words):
    result = run(council, image(2, tag("Mary Jones", kind="staff"), tag("Jo Bloggs", consent)))
    assert result.verdict == "block"
    refused = [f for f in result.findings if f.rule.endswith(".images.tagged-without-consent")]
    assert len(refused) == 1
    assert refused[0].message.startswith(f"Jo Bloggs is tagged in image 1 (fun-day.jpg), but {words}.")
    assert "crop Jo Bloggs out" in refused[0].remedy
    # the face count agrees: Jo's face is not covered by consent
    assert any(r.endswith(".images.faces-without-consent") for r in rules_of(result))


@pytest.mark.parametrize("council", COUNCILS)
def test_an_image_nobody_could_read_goes_to_a_person(council):
    result = run(council, ImageRef("uploads/scan.heic", facts=ImageFacts.failed("could not be decoded")))
    (f,) = mine(result)
    assert (result.verdict, f.needs_human, f.severity.value, f.rule.split(".", 1)[1]) == (
        "warn", True, "warn", "images.faces-unreadable")
    assert f.message.startswith("CivicGuard could not look for people in image 1 (scan.heic): it could not be "
                                "decoded.")
    # A reference alone (an API caller's string) is never opened: it goes to a person too.
    assert [f.needs_human for f in mine(run(council, ImageRef("/etc/passwd")))] == [True]


@pytest.mark.parametrize("council", COUNCILS)
def test_typed_names_from_the_command_line_keep_the_reminder_and_count_as_tagged(council):
    result = run(council, ImageRef("a.jpg", ("Mary Jones",), facts=faces(1)))
    assert (result.verdict, rules_of(result)) == ("warn", [f"{PREFIX[council]}.consent.tagged-people"])
    assert "the consent register was not asked about them" in result.findings[0].message


# ---- children (Sefton 5.5.4.8, 5.5.4.10) ----------------------------------------------------------------------

KAI = tag("Kai Brown", kind="child", looked_after=True, public_display=True)
AMY = tag("Amy Lee", kind="child", public_display=True)


@pytest.mark.parametrize("council", COUNCILS)
def test_a_tagged_childs_name_in_the_post_blocks(council):
    result = run(council, image(1, AMY), text="Amy planted the first tree of the new orchard.")
    named = [f for f in result.findings if f.rule.endswith(".consent.child-named")]
    assert result.verdict == "block" and [f.text for f in named] == ["Amy"]
    assert "Remove the child's name" in named[0].remedy


def test_a_tagged_childs_name_in_the_alt_text_blocks():
    result = run("sefton", image(1, AMY, alt_text="Amy Lee planting a tree"), text="Our new orchard!")
    assert result.verdict == "block" and rules_of(result) == ["sef.consent.child-named"]
    assert result.findings[0].message.startswith("The post names a child (Amy Lee)")


def test_sefton_child_without_public_display_permission_blocks():
    result = run("sefton", image(1, tag("Amy Lee", kind="child")), text="Our new orchard!")
    (f,) = result.findings
    assert (result.verdict, f.rule, list(f.clauses)) == ("block", "sef.consent.child-public-display",
                                                         ["Sefton 5.5.4.8"])
    assert f.message.startswith("Amy Lee is tagged in image 1 (fun-day.jpg) as a child, and the consent register has "
                                "no separate permission for public display.")
    assert run("sefton", image(1, AMY), text="Our new orchard!").verdict == "pass"


def test_st_helens_has_no_public_display_clause_so_no_such_rule():
    assert run("st-helens", image(1, tag("Amy Lee", kind="child")), text="Our new orchard!").verdict == "pass"


@pytest.mark.parametrize(("council", "clauses"), [
    ("sefton", ["Sefton 5.5.4.10"]), ("st-helens", ["St Helens 5.2", "St Helens 6.20"])])
@pytest.mark.parametrize("channel", ["official", "personal", "reply"])
def test_a_looked_after_child_blocks_and_nobody_can_override_it(council, clauses, channel):
    result = run(council, image(1, KAI), text="Our new orchard!", channel=channel)
    final = never_overridable(result.findings)
    assert result.verdict == "block" and [(f.rule, list(f.clauses)) for f in final] == [
        (f"{PREFIX[council]}.consent.looked-after-tagged", clauses)]
    (f,) = final
    assert f.message.startswith("Kai Brown, tagged in image 1 (fun-day.jpg), is recorded on the consent register as a "
                                "fostered, looked-after or previously looked-after child.")
    assert "nobody can override this" in f.message
    # the stored result (JSON) carries it, so the approval service can refuse from what it kept
    stored = json.loads(json.dumps(result.to_dict()))["findings"]
    assert [x["rule"] for x in never_overridable(stored)] == [f.rule]
    assert all("overridable" not in x for x in stored if x["rule"] != f.rule)


def test_every_other_image_finding_can_be_overridden():
    result = run("sefton", image(3, tag("Jo", "withdrawn"), tag("Amy Lee", kind="child")), text="Amy at the park")
    assert result.verdict == "block" and len(result.findings) >= 4
    assert never_overridable(result.findings) == []


# ---- an employee's personal post (Sefton 5.5.2.2) --------------------------------------------------------------

def test_sefton_personal_post_with_people_asks_for_comms_permission():
    result = run("sefton", image(2, tag("Mary Jones", kind="staff", comms_permission=True)), channel="personal")
    (f,) = result.findings
    assert (result.verdict, f.rule, list(f.clauses)) == ("warn", "sef.images.personal-people", ["Sefton 5.5.2.2"])
    assert f.message.startswith("CivicGuard found 2 recognisable people in image 1 (fun-day.jpg), and only 1 of them "
                                "has Corporate Communications' permission on record.")
    assert "private capacity" in f.remedy and "{" not in f.message + f.remedy


def test_sefton_personal_post_passes_when_every_face_has_permission():
    people = (tag("Mary Jones", kind="staff", comms_permission=True), tag("Jo Bloggs", comms_permission=True))
    assert run("sefton", image(2, *people), channel="personal").verdict == "pass"
    assert run("sefton", image(0), channel="personal").verdict == "pass"


def test_st_helens_personal_post_with_people_is_not_an_image_finding():
    # St Helens' policy says nothing of images of people on personal accounts: no rule, no finding.
    assert run("st-helens", image(2), channel="personal").verdict == "pass"


def test_personal_post_faces_do_not_ask_for_official_consent():
    assert not [r for r in rules_of(run("sefton", image(2), channel="personal")) if "faces" in r]


# ---- the packs and the coverage report ------------------------------------------------------------------------

@pytest.mark.parametrize(("council", "enforced"), [
    ("sefton", {"5.5": "sef.images.faces-without-consent", "5.5.1.1": "sef.images.tagged-without-consent",
                "5.5.2.1": "sef.images.faces-without-consent", "5.5.2.2": "sef.images.personal-people",
                "5.5.4.8": "sef.consent.child-public-display", "5.5.4.10": "sef.consent.looked-after-tagged"}),
    ("st-helens", {"5.2": "sth.images.faces-without-consent", "6.4": "sth.images.tagged-without-consent",
                   "6.20": "sth.consent.looked-after-tagged"}),
])
def test_coverage_shows_the_clauses_the_image_rules_enforce(council, enforced):
    rows = {r["clause"]: r for r in clause_coverage(load_pack(PACKS_DIR / council))}
    for clause, rule in enforced.items():
        assert rows[clause]["status"] == "rule" and rule in rows[clause]["rules"], clause
    final = {c: r["never_overridable"] for c, r in rows.items() if r["never_overridable"]}
    looked_after = "5.5.4.10" if council == "sefton" else "6.20"
    assert list(final) == ([looked_after] if council == "sefton" else ["5.2", "6.20"])
    assert final[looked_after] == [enforced[looked_after]]


def test_a_rule_says_overridable_false_only_on_a_block(tmp_path):
    from factories import rule, write_pack

    from civicguard.engine import Engine
    from civicguard.engine.packs.loader import PackError

    final = {**rule("t.final", "test.word", params={"word": "Kai"}), "overridable": False}
    engine = Engine(load_pack(write_pack(tmp_path, [final, rule("t.other", "test.word", params={"word": "day"})])))
    result = engine.check(Content("Kai's day"), Context(council="testshire", channel="official"))
    assert [(f.rule, f.overridable) for f in result.findings] == [("t.final", False), ("t.other", True)]
    assert [f["rule"] for f in never_overridable(result.to_dict()["findings"])] == ["t.final"]
    with pytest.raises(PackError, match="overridable: false needs severity block"):
        load_pack(write_pack(tmp_path, [{**final, "severity": "warn"}]))
