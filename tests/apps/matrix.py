"""The permission matrix's vocabulary, shared by tests/apps/test_permission_matrix.py and the rows each app adds.

An app whose pages or endpoints came after the matrix declares its own rows in `tests/apps/<app>/matrix.py`
(collected by the matrix module, in app order), with:

    LEGEND = {"unblocking.request": EVERYONE, ...}   # capability -> the St Helens roles holding it
    BODIES = {"an unblocking request": lambda world: {...}}
    ROWS = {("unblocking:list", "GET", ""): page(...), ...}
    TARGETS = {"unblock_request", ...}       # the names `build` returns, which rows' `target` may name
    def build(world) -> dict[str, Any]: ...   # the St Helens objects its rows' targets name (`world.extra`);
                                              # each carries MARKER in a field the page shows; a key
                                              # ("person", council slug, role) instead supplies the person the
                                              # cast uses for that role (`world.cast`), holding that one role
    def state(council) -> tuple: ...          # everything of St Helens its requests could change

Each object is made through the app's services where they exist, so it is in the audit trail like real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ALL = frozenset({"employee", "representative", "line-manager", "service-manager", "moderator", "approver",
                 "ict-helpdesk", "computer-auditor", "legal", "caldicott-guardian", "hr", "investigator", "img",
                 "admin", "authorising-officer"})
SIGN_IN = "/sign-in/"
OK = "ok"  # a success: 2xx, or a 302 that is not to the sign-in page
LOGIN = "login"  # a 302 to the sign-in page

# Every St Helens object carries this word; no request body, username or page furniture does, so finding it in an
# answer means St Helens data reached it.
MARKER = "quillfeather"


def roles(*slugs: str) -> frozenset[str]:
    return frozenset(slugs)


Expect = int | str  # a status code, OK or LOGIN


@dataclass(frozen=True)
class Row:
    allowed: frozenset[str]
    """The St Helens roles that succeed."""
    api: bool = False
    target: str | None = None
    """The World attribute whose pk fills the URL's argument."""
    body: str | None = None
    """The BODIES entry sent."""
    query: str = ""
    changes: bool = False
    """State-changing: an allowed role changes St Helens' state; a refused one must not."""
    hidden: frozenset[str] = frozenset()
    """Refused St Helens roles that get 404 rather than 403 (the object is not theirs to see)."""
    shows: frozenset[str] | None = None
    """If set, the St Helens roles whose answer must show the St Helens data (the rest must not see it).
    A refused answer never shows it, whatever this says."""
    gate: frozenset[str] | None = None
    """The roles the page lets in before it looks at the object (its council_page capability); default
    `allowed`. Only decides what a Sefton person gets (`elsewhere`)."""
    elsewhere: tuple[Expect, Expect] = (404, 404)
    """A Sefton person aiming at St Helens: (if their role is in `gate`, if not)."""
    stranger: Expect = 403
    """A signed-in person with no role in any council (a page shows 'you have no role': 403)."""
    anonymous: Expect = LOGIN
    signs_out: bool = False
    note: str = ""

    @property
    def let_in(self) -> frozenset[str]:
        return self.allowed if self.gate is None else self.gate


def page(allowed: frozenset[str], *, target: str | None = None, **kw: Any) -> Row:
    """A page works in the council the person is signed in to. From Sefton, a page naming a St Helens object
    answers 404 to the roles it lets in (the lookup is scoped to Sefton) and 403 to the rest (the role check
    comes first); a page naming no object shows the person's own council: success or 403, nothing of
    St Helens."""
    kw.setdefault("elsewhere", (404, 403) if target else (OK, 403))
    return Row(allowed=allowed, target=target, **kw)


def api(allowed: frozenset[str], *, target: str | None = None, **kw: Any) -> Row:
    """An endpoint finds its council from the object or the body: from Sefton, or with no role, 404."""
    kw.setdefault("elsewhere", (404, 404))
    kw.setdefault("stranger", 404)
    return Row(allowed=allowed, api=True, target=target, anonymous=401, **kw)


Key = tuple[str, str, str]  # (URL name, method, variant)
