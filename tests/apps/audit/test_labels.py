"""Every audit event written anywhere in src/ has a plain-English name, and an unknown one still reads as words."""

import ast
import logging
from pathlib import Path

import pytest

import civicguard
from civicguard.apps.audit import labels
from civicguard.apps.moderation.models import Action

SRC = Path(civicguard.__file__).parent

# Events built with an f-string: the shape (each {...} written as {}) and every value the gap can take.
# A new f-string event fails `test_every_written_event_has_a_label` until its expansions are listed here.
EXPANSIONS = {
    "moderation.comment.{}": list(Action.values),  # decisions.record(action=...)
}


def _tables(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level dicts whose values are all event names (`EVENTS = {Decision.APPROVE: "posts.post.approve"}`)."""
    tables = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            values = [v.value for v in node.value.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            if len(values) == len(node.value.values):
                tables.update({t.id: values for t in targets if isinstance(t, ast.Name)})
    return tables


def _shapes(node: ast.expr, tables: dict[str, list[str]]) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in tables:
        return tables[node.value.id]  # an event looked up in a table of event names in the same module
    return [ast.unparse(node)]  # a variable: the test cannot know its values


def written_events() -> dict[str, list[str]]:
    """Each event shape passed as `event=` to audit_record in src/, with the files that write it."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        tables = _tables(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name != "audit_record":
                continue
            for kw in node.keywords:
                if kw.arg == "event":
                    for shape in _shapes(kw.value, tables):
                        found.setdefault(shape, []).append(str(path.relative_to(SRC)))
    return found


def test_the_scan_finds_the_writers():
    events = written_events()
    assert "moderation.comment.{}" in events and "staff.login.fail" in events and "audit.log.export" in events
    assert "posts.post.override" in events  # from a table of event names (posts.services.EVENTS)


def test_every_written_event_has_a_label():
    known = labels.registry().events
    missing = []
    for shape, where in written_events().items():
        if "{" in shape or not shape.replace(".", "").replace("_", "").isalnum():
            assert shape in EXPANSIONS, f"{shape} (in {where}) is built at run time: list its values in EXPANSIONS"
            names = [shape.replace("{}", value) for value in EXPANSIONS[shape]]
        else:
            names = [shape]
        missing += [f"{n} (in {', '.join(where)})" for n in names if n not in known]
    assert not missing, "add these to the writing app's events.py EVENT_LABELS:\n" + "\n".join(missing)


def test_no_event_is_named_twice_and_no_label_is_a_code():
    seen: dict[str, str] = {}
    for area, events in labels.registry().by_app.items():
        for event, label in events.items():
            assert event not in seen, f"{event} is declared by {seen[event]} and {area}"
            seen[event] = area
            assert label and label[0].isupper() and "_" not in label and label != event


@pytest.mark.parametrize(("event", "label"), [
    ("posts.post.override", "Approved with an override"),
    ("posts.post.check", "Post checked"),
    ("staff.login.fail", "Failed sign-in"),
])
def test_known_events_read_in_plain_english(event, label):
    assert labels.event_label(event) == label


def test_an_unknown_event_reads_as_words_and_is_logged(caplog):
    labels._missed.cache_clear()  # each miss is logged once a process: another test may have met this one
    with caplog.at_level(logging.WARNING, logger="civicguard.apps.audit.labels"):
        assert labels.event_label("embargo.document.bulk_archive") == "Bulk archive (document)"
    assert "embargo.document.bulk_archive" in caplog.text


def test_objects_name_and_link_to_their_pages():
    assert labels.object_name("posts.post") == "Post"
    assert labels.object_url("posts.post", "7") == "/posts/7/"
    assert labels.object_url("moderation.purgelog", "3") == ""
    assert labels.object_name("moderation.somethingnew") == "Somethingnew"
