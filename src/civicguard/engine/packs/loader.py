"""Load and validate policy packs.

Every problem is reported with the file, line, rule id and field it concerns, and all problems are
reported at once so a pack author can fix a pack in one pass.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from civicguard.engine.detectors import registry
from civicguard.engine.packs.errors import PackError, PackProblem, UnknownPack
from civicguard.engine.packs.schema import Pack
from civicguard.engine.traceability import WORKFLOWS

PACKS_DIR = Path(__file__).resolve().parents[2] / "policies"


@dataclass
class _Source:
    """Where each part of the merged pack came from, to turn a field path back into file and line."""

    top: dict[str, tuple[Path, yaml.Node]] = field(default_factory=dict)
    items: dict[str, list[tuple[Path, yaml.Node]]] = field(default_factory=dict)

    def locate(self, loc: tuple[Any, ...]) -> tuple[Path, int | None]:
        if not loc:
            path, node = next(iter(self.top.values()))
            return path, None
        head = str(loc[0])
        if head in self.items and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(self.items[head]):
            path, node = self.items[head][loc[1]]
            return path, _line(node, loc[2:])
        if head in self.top:
            path, node = self.top[head]
            return path, _line(node, loc[1:])
        path, node = next(iter(self.top.values()))
        return path, node.start_mark.line + 1


def _line(node: yaml.Node, loc: tuple[Any, ...]) -> int:
    """Follow a pydantic error location down the YAML node tree; the deepest node found gives the line."""
    for key in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key):
                    child = v if not isinstance(v, yaml.ScalarNode) else v
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


# A pack file is a few tens of kilobytes; these keep a wrong or hostile file from taking the machine with it.
MAX_PACK_FILE_BYTES = 5 * 1024 * 1024
# Values a file may hold once its YAML aliases (*name) are followed: a "billion laughs" file of ten aliases to
# ten aliases... is a few hundred bytes on disk and 10^9 values for whatever walks it.
MAX_PACK_VALUES = 1_000_000


def _text(path: Path) -> str:
    """The file's text, or a PackError naming the file and the reason (never a traceback)."""
    try:
        if path.stat().st_size > MAX_PACK_FILE_BYTES:
            raise PackError([PackProblem(str(path), None, None, None, f"the file is larger than "
                                         f"{MAX_PACK_FILE_BYTES // (1024 * 1024)} MB; a pack is a few kilobytes")])
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError([PackProblem(str(path), None, None, None,
                                     f"cannot be read: {exc.strerror or exc.__class__.__name__}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = " (it looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise PackError([PackProblem(str(path), line, None, None,
                                     f"not UTF-8 text{hint}: byte 0x{raw[exc.start]:02x} at column {column} cannot be "
                                     "read; save the file as UTF-8")]) from None
    if not text.strip():
        raise PackError([PackProblem(str(path), None, None, None, "the file is empty")])
    return text


MAX_PACK_DEPTH = 50  # a pack nests a handful of levels; PyYAML recurses once a level and fails near 1,000


def _values(node: yaml.Node, path: Path) -> int:
    """How many values the node stands for once every alias is followed (a shared node counts each time it is
    named), or a PackError when it nests too deep to be a pack."""
    memo: dict[int, int] = {}

    def count(n: yaml.Node, depth: int) -> int:
        if id(n) in memo:
            return memo[id(n)]
        if depth > MAX_PACK_DEPTH:
            raise PackError([PackProblem(str(path), n.start_mark.line + 1, None, None,
                                         f"values are nested more than {MAX_PACK_DEPTH} levels deep")])
        if isinstance(n, yaml.MappingNode):
            total = 1 + sum(count(k, depth + 1) + count(v, depth + 1) for k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            total = 1 + sum(count(v, depth + 1) for v in n.value)
        else:
            total = 1
        memo[id(n)] = total = min(total, MAX_PACK_VALUES + 1)
        return total

    return count(node, 0)


def _compose(path: Path) -> tuple[Any, yaml.Node | None]:
    text = _text(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None and _values(node, path) > MAX_PACK_VALUES:
            raise PackError([PackProblem(str(path), None, None, None,
                                         f"the file's aliases (*name) expand to more than {MAX_PACK_VALUES:,} values; "
                                         "a pack repeats itself by writing values out, not by nesting aliases")])
        data = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader
    except RecursionError:
        raise PackError([PackProblem(str(path), None, None, None,
                                     f"values are nested more than {MAX_PACK_DEPTH} levels deep")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = (getattr(exc, "problem", None) or str(exc)).splitlines()[0]
        if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow, e.g. NUL
            line = text[:exc.position].count("\n") + 1
            code = exc.character if isinstance(exc.character, int) else ord(exc.character)
            reason = f"the character U+{code:04X} is not allowed in YAML"
        raise PackError([PackProblem(str(path), line, None, None, f"not valid YAML: {reason}")]) from None
    return data, node


def _read(path: Path) -> tuple[dict[str, Any], _Source]:
    """Read a pack folder (pack.yaml, clauses.yaml, rules/*.yaml) or a single pack file."""
    folder = path if path.is_dir() else None
    main = folder / "pack.yaml" if folder else path
    if not main.is_file():
        raise PackError([PackProblem(str(main), None, None, None, "no such pack file")])
    data, node = _compose(main)
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise PackError([PackProblem(str(main), 1, None, None, "a pack must be a YAML mapping")])
    source = _Source()
    for k, v in node.value:
        source.top[k.value] = (main, v)
        if isinstance(v, yaml.SequenceNode):
            source.items[k.value] = [(main, item) for item in v.value]
    if folder is None:
        return data, source
    extra = [(folder / "clauses.yaml", "clauses")] + [(p, "rules") for p in sorted((folder / "rules").glob("*.yaml"))]
    for file, key in extra:
        if not file.is_file():
            continue
        part, part_node = _compose(file)
        if part is None:
            continue
        items = part.get(key) if isinstance(part, dict) else None
        if not isinstance(items, list) or not isinstance(part_node, yaml.MappingNode):
            raise PackError([PackProblem(str(file), 1, None, key, f"expected a mapping with a list under {key!r}")])
        seq = next(v for k, v in part_node.value if k.value == key)
        data.setdefault(key, []).extend(items)
        source.items.setdefault(key, []).extend((file, item) for item in seq.value)
        source.top.setdefault(key, (file, seq))
    return data, source


def _rule_id(data: dict[str, Any], loc: tuple[Any, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") or []
        if loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            return str(rules[loc[1]].get("id", f"#{loc[1] + 1}"))
    return None


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if len(parts) >= 2 and parts[0] in ("rules", "clauses") and parts[1].isdigit():
        parts = parts[2:]
    return ".".join(parts)


def load_pack(path: str | Path) -> Pack:
    """Validate and return the pack at `path` (a pack folder or a single YAML file)."""
    path = Path(path)
    data, source = _read(path)
    problems: list[PackProblem] = []

    def problem(loc: tuple[Any, ...], message: str) -> None:
        file, line = source.locate(loc)
        problems.append(PackProblem(str(file), line, _rule_id(data, loc), _field(loc) or None, message))

    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problem(tuple(err["loc"]), err["msg"])
        raise PackError(problems) from None

    _check_cross_references(pack, problem)
    _attach_logo(pack, path if path.is_dir() else path.parent, problem)
    if problems:
        raise PackError(problems)
    return pack


def _check_cross_references(pack: Pack, problem: Any) -> None:
    numbers: dict[str, int] = {}
    for i, clause in enumerate(pack.clauses):
        if clause.number in numbers:
            problem(("clauses", i, "number"), f"clause {clause.number} appears twice")
        numbers[clause.number] = i
        for wf in clause.enforcement.workflows:
            if wf not in WORKFLOWS:
                problem(("clauses", i, "enforcement", "workflows"), f"unknown workflow {wf!r}")
    cited: set[str] = set()
    seen: set[str] = set()
    for i, rule in enumerate(pack.rules):
        if rule.id in seen:
            problem(("rules", i, "id"), f"rule id {rule.id} is used twice")
        seen.add(rule.id)
        for c in rule.clauses:
            if c not in numbers:
                problem(("rules", i, "clauses"), f"clause {c} is not in this pack")
            cited.add(c)
        try:
            registry.parse_params(rule.detector, dict(rule.params))
        except registry.UnknownDetector as exc:
            problem(("rules", i, "detector"), str(exc.args[0]))
        except ValidationError as exc:
            for err in exc.errors():
                problem(("rules", i, "params", *err["loc"]), err["msg"])
    if pack.facts is not None:
        facts = pack.facts
        for name, refs in (
            ("business_case", facts.business_case.clauses),
            ("account_creation", facts.account_creation.clauses),
            ("gross_misconduct", facts.gross_misconduct.clauses + facts.gross_misconduct.cited_in),
            ("reviews", facts.reviews.clauses),
        ):
            for c in refs:
                if c not in numbers:
                    problem(("facts", name, "clauses"), f"clause {c} is not in this pack")
        if facts.moderation is not None:
            mod = facts.moderation
            mod_refs: list[tuple[tuple[Any, ...], str]] = [(("facts", "moderation", "clauses"), c)
                                                            for c in mod.clauses]
            mod_refs += [(("facts", "moderation", "reason_codes", i, "clauses"), c)
                     for i, r in enumerate(mod.reason_codes) for c in r.clauses]
            mod_refs += [(("facts", "moderation", "routes", route_name, "clauses"), c)
                         for route_name, route in mod.routes.items() for c in route.clauses]
            mod_refs += [(("facts", "moderation", "removal_clauses"), c) for c in mod.removal_clauses]
            for loc, c in mod_refs:
                if c not in numbers:
                    problem(loc, f"clause {c} is not in this pack")
    if pack.status == "active":
        for i, clause in enumerate(pack.clauses):
            enf = clause.enforcement
            if clause.number not in cited and not enf.workflows and not enf.informational:
                problem(
                    ("clauses", i, "enforcement"),
                    f"clause {clause.number} is unclassified: cite it from a rule, name a workflow, "
                    "or mark it informational",
                )


# A logo is a picture of a few hundred pixels; anything this large is not one.
MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 16_000_000


def _logo_problem(data: bytes) -> str | None:
    """Why these bytes are not a PNG the logo detector can use, or None."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                return f"it is not a PNG image ({image.format or 'unknown format'}); save the logo as PNG"
            if image.size[0] * image.size[1] > MAX_LOGO_PIXELS:
                return (f"it is {image.size[0]}x{image.size[1]} pixels, over {MAX_LOGO_PIXELS:,}; a few hundred "
                        "pixels across is plenty")
            if min(image.size) < 32:
                return f"it is only {image.size[0]}x{image.size[1]} pixels; use a logo at least 32 pixels each way"
            image.verify()
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a damaged file
        return f"it cannot be read as an image ({exc.__class__.__name__}: {exc})"
    return None


def _attach_logo(pack: Pack, folder: Path, problem: Any) -> None:
    """Read the pack's logo file (facts.logo.file, in the pack folder) into the pack, or report why it cannot be
    used; a rule using images.logo needs one."""
    logo = pack.facts.logo if pack.facts is not None else None
    if logo is None:
        for i, rule in enumerate(pack.rules):
            if rule.detector == "images.logo" and rule.enabled:
                problem(("rules", i, "detector"), "images.logo looks for the council's logo, but the pack has none: "
                        "name its PNG file in pack.yaml under facts.logo.file")
        return
    file = folder / logo.file
    loc = ("facts", "logo", "file")
    try:
        if file.stat().st_size > MAX_LOGO_BYTES:
            problem(loc, f"the logo file {file} is larger than {MAX_LOGO_BYTES // (1024 * 1024)} MB; a logo is a "
                         "small picture")
            return
        data = file.read_bytes()
    except FileNotFoundError:
        problem(loc, f"the logo file {file} does not exist: put the council's logo there as a PNG, or correct "
                     "facts.logo.file")
        return
    except OSError as exc:
        problem(loc, f"the logo file {file} cannot be read: {exc.strerror or exc.__class__.__name__}")
        return
    reason = _logo_problem(data)
    if reason is not None:
        problem(loc, f"the logo file {file} cannot be used: {reason}")
        return
    logo.attach(data, pack.id)


def shipped_pack_ids() -> list[str]:
    return sorted(p.name for p in PACKS_DIR.iterdir() if (p / "pack.yaml").is_file())


@functools.cache
def pack_for(council: str) -> Pack:
    """The shipped pack for a council id (cached: packs are immutable once loaded)."""
    folder = PACKS_DIR / council
    if not (folder / "pack.yaml").is_file():
        known = ", ".join(shipped_pack_ids())
        raise UnknownPack(f"unknown council {council!r} (known: {known})", council=council)
    return load_pack(folder)
