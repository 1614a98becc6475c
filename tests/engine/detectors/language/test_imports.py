"""The language family's imports run one way: lexicons, then the model glue (`_model`), then the detectors.

Read from the source with ast, so a late import (inside a function) or a cycle fails here, not at a check.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import civicguard.engine.detectors as detectors

FAMILY = "civicguard.engine.detectors.language"
ROOT = Path(detectors.__file__).parent
MODULES = {f"{FAMILY}.{p.stem}": p for p in (ROOT / "language").glob("*.py") if p.stem != "__init__"}


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, imported inside a function) for every civicguard import in `path`; `from pkg import mod`
    counts as importing `pkg.mod` when that is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    late = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
            for n in ast.walk(f)}
    out = []
    for node in ast.walk(tree):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else str(node.module)
                       for a in node.names] if isinstance(node, ast.ImportFrom) else [])
        out += [(name, id(node) in late) for name in names if name.startswith("civicguard")]
    return out


def _detector_modules() -> set[str]:
    return {name for name, path in MODULES.items() if "@register" in path.read_text(encoding="utf-8")}


def test_no_module_imports_the_family_late() -> None:
    everywhere = [p for p in ROOT.rglob("*.py")]
    late = [(str(p.relative_to(ROOT)), m) for p in everywhere for m, inside in _imports(p)
            if inside and m.startswith(FAMILY)]
    assert late == []


def test_no_module_of_the_family_imports_a_detector_module() -> None:
    found = [(name, m) for name, path in MODULES.items() for m, _ in _imports(path) if m in _detector_modules()]
    assert _detector_modules() == {f"{FAMILY}.offensive", f"{FAMILY}.discrimination"}
    assert found == []


def test_the_family_has_no_import_cycle() -> None:
    graph = {name: {m for m, _ in _imports(path) if m in MODULES} for name, path in MODULES.items()}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as err:  # pragma: no cover - the failure message
        raise AssertionError(f"import cycle: {err.args[1]}") from None
    assert order.index(f"{FAMILY}.offensive_lexicon") < order.index(f"{FAMILY}._model") < order.index(
        f"{FAMILY}.offensive")
