"""Pages read what a person sent through Django forms (docs/forms.md), never by hand: a form re-displays what was
typed and puts each problem beside its field. This fails for a `request.POST` or `request.FILES` anywhere in the
product used other than as the data of a form (`ThingForm(request.POST)`, `ThingForm(request.POST or None)`, a
view's `_thing_form(..., request.POST)`, `form_class(request.POST)`), and for a query-string value read by hand in
a page's view (`request.GET.get("status")`, `request.GET["q"]`) other than the page number."""

from __future__ import annotations

import ast
from pathlib import Path

import civicguard

SRC = Path(civicguard.__file__).parent
# Pages that still read their query string by hand: none since 2026-12-06 (every filter, export format and form
# filled in from a link reads it through a form). A page added here needs a reason beside it.
NOT_YET_GET: set[str] = set()


def _is_form_call(node: ast.AST | None) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return "form" in name.lower()


def _request_attr(node: ast.AST, names: set[str]) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr in names and isinstance(node.value, ast.Name)
            and node.value.id == "request")


def hand_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', 0)}"
        if _request_attr(node, {"POST", "FILES"}):
            parent = parents.get(node)
            arg: ast.AST = node
            if isinstance(parent, ast.BoolOp | ast.IfExp):  # ThingForm(request.POST or None), ... if ... else None
                arg, parent = parent, parents.get(parent)
            if not (isinstance(parent, ast.Call) and _is_form_call(parent) and any(a is arg for a in parent.args)):
                found.append(f"{where}: request.{node.attr} read by hand")  # type: ignore[attr-defined]
        elif _request_attr(node, {"GET"}):
            parent = parents.get(node)
            if isinstance(parent, ast.Subscript):
                found.append(f"{where}: request.GET[...] read by hand")
            elif isinstance(parent, ast.Attribute) and parent.attr in {"get", "getlist", "dict", "items", "lists"}:
                call = parents.get(parent)
                args = call.args if isinstance(call, ast.Call) else []
                if not (parent.attr == "get" and args and isinstance(args[0], ast.Constant)
                        and args[0].value == "page"):
                    found.append(f"{where}: request.GET.{parent.attr}(...) read by hand")
    return sorted(found, key=lambda f: int(f.split(": ", 1)[0].rsplit(":", 1)[1]))


def test_no_page_reads_posted_input_by_hand():
    found = [f for path in sorted(SRC.rglob("*.py")) for f in hand_reads(path) if "request.GET" not in f]
    assert found == [], "read it with a Django form (docs/forms.md)"


def test_no_page_reads_its_query_string_by_hand_but_the_page_number():
    found = [f for path in sorted(SRC.glob("apps/*/views.py")) for f in hand_reads(path)
             if "request.GET" in f and str(path.relative_to(SRC)) not in NOT_YET_GET]
    assert found == [], "read the query string with a GovukForm (a GET form), as moderation's filters do"


def test_the_check_finds_what_it_is_for(tmp_path, monkeypatch):
    view = tmp_path / "views.py"
    view.write_text(
        "def v(request):\n"
        "    a = request.POST.get('x')\n"
        "    b = request.POST['y']\n"
        "    c = request.GET.get('status')\n"
        "    d = request.GET.get('page')\n"
        "    e = ThingForm(request.POST, request.FILES)\n"
        "    f = _thing_form(council, request.POST or None)\n"
        "    g = render(request, 't.html', {'form': request.POST})\n"
        "    h = 'x' in request.POST\n"
        "    i = form_class(request.POST if request.method == 'POST' else None)\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.SRC", tmp_path)
    assert [f.split(": ", 1)[0].rsplit(":", 1)[1] for f in hand_reads(view)] == ["2", "3", "4", "8", "9"]
