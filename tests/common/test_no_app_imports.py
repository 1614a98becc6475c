"""`civicguard.common` is shared plumbing under the apps: it imports no app, at the top of a module or inside a
function, so that dependencies run one way (apps -> common) and no import circle can pass through it. Who may do
what lives in civicguard.apps.access (docs/access-rules.md)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
COMMON = SRC / "civicguard" / "common"


def _module(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module) of each import in the file; `import_module("...")` with a literal counts too."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: list[tuple[int, str]] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import, resolved against the file's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in
              {"import_module", "__import__"} and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))
    return found


def test_common_imports_no_app():
    bad = list(dict.fromkeys(f"{path.relative_to(SRC)}:{line} imports from civicguard.apps"
                             for path in sorted(COMMON.rglob("*.py"))
                             for line, name in _imports(path)
                             if name == "civicguard.apps" or name.startswith("civicguard.apps.")))
    assert not bad, "civicguard.common must import no app (move the code to the app, or to civicguard.apps.access):\n" \
        + "\n".join(bad)


def _module_graph() -> dict[str, set[str]]:
    """Module-level imports between civicguard's own modules (imports inside functions run later and are left out)."""
    files = {_module(path): path for path in (SRC / "civicguard").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        targets = {name for _, name in _imports(path, top_level_only=True)}
        graph[module] = {t for t in targets if t in files and t != module}
    return graph


def _circle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """A path start -> ... -> start, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_import_circle_passes_through_common_or_the_access_rules():
    graph = _module_graph()
    watched = sorted(m for m in graph if m.startswith(("civicguard.common", "civicguard.apps.access")))
    circles = [" -> ".join(found) for m in watched if (found := _circle_through(graph, m))]
    assert not circles, "imports in a circle:\n" + "\n".join(circles)
