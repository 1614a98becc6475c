"""The capability registry: what the apps declare, merged; a bad declaration stops the process naming its place."""

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from civicguard.apps.access import capabilities
from civicguard.apps.access.capabilities import holders, of_role, registry, roles_holding

SRC = Path(capabilities.__file__).resolve().parents[2]
ASKERS = {"can": 1, "require": 1, "council_page": 0, "roles_holding": 0}  # function -> the capability's position


def _asked() -> set[tuple[str, str]]:
    found = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                at = ASKERS.get(name)
                if at is not None and len(node.args) > at and isinstance(node.args[at], ast.Constant):
                    found.add((f"{path.relative_to(SRC)}:{node.lineno}", node.args[at].value))
    return found


def test_every_capability_asked_for_is_declared_by_an_app():
    asked = _asked()
    assert len(asked) > 20  # the scan sees the views, services and API
    assert not [f"{where} asks for {cap!r}" for where, cap in sorted(asked) if cap not in holders()]


def test_each_capability_names_its_app_and_says_what_it_allows():
    assert registry()["post.draft"].app == "posts" and registry()["staff.manage"].app == "staff"
    assert all(c.description and c.roles for c in registry().values())
    assert [c.slug for c in of_role("computer-auditor")] == [
        "accounts.view", "advice.answer", "advice.ask", "audit.view", "breaches.open", "cases.report",
        "elections.view", "onboarding.sign", "personal.check", "procedures.view", "training.view", "unblocking.approve",
        "unblocking.request"]


def test_asking_for_an_undeclared_capability_is_an_error():
    with pytest.raises(KeyError, match="no app declares the capability 'post.fly'"):
        roles_holding("post.fly")


def _declaring(monkeypatch, declared):
    monkeypatch.setattr(capabilities, "_capabilities_module",
                        lambda name: SimpleNamespace(CAPABILITIES=declared[name]) if name in declared else None)
    return capabilities.registry.__wrapped__  # the merge itself, not the process's cached table


@pytest.mark.parametrize(("declared", "message"), [
    # staff comes before posts in INSTALLED_APPS, so posts is the second to declare it
    ({"civicguard.apps.posts": {"x.do": ("Do x", {"admin"})}, "civicguard.apps.staff": {"x.do": ("Do x too", {"hr"})}},
     "posts/capabilities.py: 'x.do' is already declared by staff/capabilities.py"),
    ({"civicguard.apps.posts": {"x.do": ("Do x", {"admin", "wizard"})}}, "posts/capabilities.py: 'x.do' names roles "
                                                                        "that do not exist: wizard"),
    ({"civicguard.apps.posts": {"x.do": ("", {"admin"})}}, "posts/capabilities.py: 'x.do' needs a plain-English"),
])
def test_a_bad_declaration_names_the_app_and_the_capability(monkeypatch, declared, message):
    merge = _declaring(monkeypatch, declared)
    with pytest.raises(ImproperlyConfigured, match=message):
        merge()
