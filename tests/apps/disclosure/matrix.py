"""The permission matrix's rows for FOI and subject access requests and the retention pages (see
tests/apps/matrix.py).

A St Helens Legal officer opened a subject access request from "Quillfeather Resident", searched and disclosed it
once (so the disclosure log has a line naming the requester), and opened a second request that was searched and
waits for its export (the target of the search, export and close rows)."""

from __future__ import annotations

from typing import Any

from civicguard.apps.disclosure.models import Disclosure, DisclosureRequest, PurgeLog
from civicguard.apps.disclosure.services import (
    Requester,
    disclosure_request_export,
    disclosure_request_open,
    disclosure_request_search,
)
from tests.apps.factories import person
from tests.apps.matrix import ALL, api, page, roles

HANDLE = roles("legal", "img")   # disclosure.handle
LOG = roles("legal", "img")      # disclosure.log
LEGEND = {"disclosure.handle": HANDLE, "disclosure.log": LOG}

BODIES = {
    "disclosure: a request": lambda w: {"kind": "sar", "requester_name": "Robin Reader",
                                        "subject_name": "Robin Reader", "subject_handles": "@robinreader"},
    "disclosure: a request (API)": lambda w: {"council": "st-helens", "kind": "foi", "requester_name": "Robin Reader",
                                              "subject_handles": ["@robinreader"]},
    "disclosure: a closure": lambda w: {"reason": "Answered by letter"},
}
TARGETS = {"disclosure_request"}


def build(world: Any) -> dict[str, Any]:
    legal = person("legal", username="sth-matrix-disclosure-legal")
    done = disclosure_request_open(actor=legal, council=world.council, kind="sar",
                                   requester=Requester("Quillfeather Resident"),
                                   subject_name="Quillfeather Resident")
    disclosure_request_search(actor=legal, request=done)
    disclosure_request_export(actor=legal, request=done)
    waiting = disclosure_request_open(actor=legal, council=world.council, kind="sar",
                                      requester=Requester("Quillfeather Neighbour"),
                                      subject_name="Quillfeather Neighbour")
    disclosure_request_search(actor=legal, request=waiting)
    return {"disclosure_request": waiting}


def state(council: Any) -> tuple[Any, ...]:
    return (list(DisclosureRequest.objects.filter(council=council).order_by("pk")
                 .values_list("pk", "status", "searched_at", "closed_at")),
            Disclosure.objects.filter(request__council=council).count(),
            PurgeLog.objects.filter(council=council).count())


REQUEST = {"target": "disclosure_request"}
ROWS = {
    ("disclosure:list", "GET", ""): page(LOG, shows=LOG, note="Legal and the Information Management Group"),
    ("disclosure:new", "GET", ""): page(HANDLE),
    ("disclosure:new", "POST", ""): page(HANDLE, body="disclosure: a request", changes=True),
    ("disclosure:detail", "GET", ""): page(HANDLE, shows=HANDLE, note="the redacted preview", **REQUEST),
    ("disclosure:search", "POST", ""): page(HANDLE, changes=True, **REQUEST),
    ("disclosure:export", "POST", ""): page(HANDLE, changes=True, note="the zip; a disclosure logged", **REQUEST),
    ("disclosure:close", "POST", ""): page(HANDLE, body="disclosure: a closure", changes=True, **REQUEST),
    ("disclosure:log", "GET", ""): page(LOG, shows=LOG, note="what was disclosed, to whom, when, by whom"),
    ("disclosure:retention", "GET", ""): page(LOG, note="the schedule and the purge log (no personal data)"),
    ("api-disclosure-requests", "GET", ""): api(ALL, shows=LOG, stranger=200, elsewhere=(200, 200),
                                                note="the requests of the councils where one reads the log"),
    ("api-disclosure-requests", "POST", ""): api(HANDLE, body="disclosure: a request (API)", changes=True),
    ("api-disclosure-request", "GET", ""): api(HANDLE, hidden=ALL - HANDLE, shows=HANDLE, **REQUEST),
    ("api-disclosure-search", "POST", ""): api(HANDLE, hidden=ALL - HANDLE, changes=True, **REQUEST),
    ("api-disclosure-export", "POST", ""): api(HANDLE, hidden=ALL - HANDLE, changes=True, **REQUEST),
    ("api-disclosure-close", "POST", ""): api(HANDLE, hidden=ALL - HANDLE, body="disclosure: a closure",
                                              changes=True, **REQUEST),
    ("api-disclosure-purges", "GET", ""): api(ALL, stranger=200, elsewhere=(200, 200),
                                              note="the purge log of the councils where one reads it"),
}
