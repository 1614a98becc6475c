"""The packs' moderation facts (reason codes, routes, the clock) load, and bad facts are refused clearly."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from civicguard.apps.access.roles import ROLES
from civicguard.engine import CATEGORIES, PackError, load_pack, pack_for
from civicguard.engine.packs.loader import PACKS_DIR


@pytest.mark.parametrize(("slug", "second"), [("st-helens", True), ("sefton", False)])
def test_the_shipped_moderation_facts_load(slug, second):
    pack = pack_for(slug)
    mod = pack.facts.moderation
    assert mod is not None and mod.removal_needs_second_moderator is second and mod.sla_hours == 24
    assert set(mod.routes) == {"contact_centre", "press_office", "safeguarding"}
    assert mod.routes["safeguarding"].urgent and not mod.routes["contact_centre"].urgent
    codes = [r.code for r in mod.reason_codes]
    assert len(codes) == len(set(codes)) and {"complies", "service-request", "safeguarding"} <= set(codes)
    complies = next(r for r in mod.reason_codes if r.code == "complies")
    assert complies.actions == ["approve"]
    # Every action a moderator may take has at least one reason, and every reason names known categories
    # and clauses of the pack.
    for action in ("approve", "hide", "remove", "escalate", "route"):
        assert any(action in r.actions for r in mod.reason_codes), action
    clauses = {c.number for c in pack.clauses}
    for reason in mod.reason_codes:
        assert set(reason.categories) <= CATEGORIES and set(reason.clauses) <= clauses
    for route in mod.routes.values():
        assert set(route.categories) <= CATEGORIES and set(route.clauses) <= clauses
        assert "@" in route.email and route.reply.strip()


def _broken(tmp_path: Path, slug: str, change: Callable[[dict[str, Any]], None]) -> PackError:
    folder = tmp_path / slug
    shutil.copytree(PACKS_DIR / slug, folder)
    data = yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8"))
    change(data["facts"]["moderation"])
    (folder / "pack.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(folder)
    return err.value


def test_a_copy_of_a_shipped_pack_loads_unchanged(tmp_path):
    folder = tmp_path / "st-helens"
    shutil.copytree(PACKS_DIR / "st-helens", folder)
    assert load_pack(folder).facts.moderation == pack_for("st-helens").facts.moderation


def _reason(index: int, **fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(mod: dict[str, Any]) -> None:
        mod["reason_codes"][index].update(fields)
    return change


def _duplicate(mod: dict[str, Any]) -> None:
    mod["reason_codes"].append({**mod["reason_codes"][1], "label": "the same code again"})


def _route(name: str, **fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(mod: dict[str, Any]) -> None:
        mod["routes"][name].update(fields)
    return change


def _set(**fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(mod: dict[str, Any]) -> None:
        mod.update(fields)
    return change


def _extra_route(mod: dict[str, Any]) -> None:
    mod["routes"]["housing"] = dict(mod["routes"]["contact_centre"])


@pytest.mark.parametrize(("slug", "change", "says", "field"), [
    ("st-helens", _reason(0, categories=["personal_data", "made_up"]), "unknown category 'made_up'",
     "facts.moderation"),
    ("sefton", _duplicate, "reason codes must be unique", "facts.moderation"),
    ("st-helens", _reason(2, clauses=["99.9"]), "clause 99.9 is not in this pack",
     "facts.moderation.reason_codes.2.clauses"),
    ("sefton", _route("press_office", clauses=["42.1"]), "clause 42.1 is not in this pack",
     "facts.moderation.routes.press_office.clauses"),
    ("sefton", _set(clauses=["1.2", "77"]), "clause 77 is not in this pack", "facts.moderation.clauses"),
    ("st-helens", _route("press_office", email="press office at sthelens"), "should match pattern",
     "facts.moderation.routes.press_office.email"),
    ("sefton", _route("contact_centre", email="contact@sefton"), "should match pattern",
     "facts.moderation.routes.contact_centre.email"),
    ("st-helens", _reason(0, code="Personal Data"), "should match pattern", "facts.moderation.reason_codes.0.code"),
    ("st-helens", _reason(0, actions=["hide", "delete"]), "'approve', 'hide', 'remove', 'escalate' or 'route'",
     "facts.moderation.reason_codes.0.actions.1"),
    ("sefton", _extra_route, "'contact_centre', 'press_office' or 'safeguarding'",
     "facts.moderation.routes.housing.[key]"),
    ("sefton", _set(sla_hours=0), "greater than 0", "facts.moderation.sla_hours"),
    ("st-helens", _set(reason_codes=[]), "at least 1 item", "facts.moderation.reason_codes"),
    ("st-helens", _route("safeguarding", reply=None), "valid string", "facts.moderation.routes.safeguarding.reply"),
    ("st-helens", _set(removal_confirmed_by=[]), "must name who else may confirm it", "facts.moderation"),
    ("sefton", _set(hide_while_removal_pending=True), "needs removal_needs_second_moderator", "facts.moderation"),
    ("st-helens", _set(removal_confirmed_by=["Approver"]), "is not a role slug",
     "facts.moderation.removal_confirmed_by"),
    ("st-helens", _set(removal_pending_hours=0), "greater than 0", "facts.moderation.removal_pending_hours"),
    ("st-helens", _set(removal_clauses=["9.7", "99"]), "clause 99 is not in this pack",
     "facts.moderation.removal_clauses"),
])
def test_bad_moderation_facts_are_refused_with_a_clear_message(tmp_path, slug, change, says, field):
    error = _broken(tmp_path, slug, change)
    assert any(says in p.message and p.field == field for p in error.problems), [str(p) for p in error.problems]
    problem = next(p for p in error.problems if says in p.message)
    assert problem.file.endswith("pack.yaml") and problem.line
    assert says in str(error) and "pack.yaml" in str(error)


def test_an_unknown_category_on_a_route_is_refused(tmp_path):
    error = _broken(tmp_path, "st-helens", _route("safeguarding", categories=["safegaurding"]))
    assert any("safegaurding" in p.message for p in error.problems)


def test_a_reply_with_an_unknown_placeholder_is_refused(tmp_path):
    error = _broken(tmp_path, "sefton", _route("press_office", reply="Please write to {address}."))
    assert any("address" in p.message for p in error.problems)


def test_st_helens_hides_a_waiting_removal_and_names_the_approver_as_the_other_person():
    mod = pack_for("st-helens").facts.moderation
    assert (mod.removal_confirmed_by, mod.hide_while_removal_pending, mod.removal_pending_hours,
            mod.removal_clauses) == (["approver"], True, 4, ["9.7"])
    sefton = pack_for("sefton").facts.moderation
    assert not sefton.removal_needs_second_moderator and not sefton.hide_while_removal_pending


@pytest.mark.parametrize("slug", ["st-helens", "sefton"])
def test_the_roles_a_pack_names_for_removals_are_roles_of_civicguard(slug):
    assert set(pack_for(slug).facts.moderation.removal_confirmed_by) <= set(ROLES)
