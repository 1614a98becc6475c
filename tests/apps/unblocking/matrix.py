"""The permission matrix's rows for website unblocking (see tests/apps/matrix.py).

The St Helens representative of the matrix ("the author") asked for both requests; the helpdesk passed one on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.unblocking.models import UnblockRequest
from civicguard.apps.unblocking.services import unblock_request_create, unblock_request_decide
from tests.apps.factories import person
from tests.apps.matrix import ALL, api, page, roles

REQUESTERS = ALL                                   # unblocking.request
HELPDESK = roles("ict-helpdesk")                   # unblocking.handle
AUDITORS = roles("computer-auditor")               # unblocking.approve
LEGEND = {"unblocking.request": REQUESTERS, "unblocking.handle": HELPDESK, "unblocking.approve": AUDITORS}
# Who reads the world's requests: the requester (the matrix's representative), the helpdesk and the auditor.
READERS = roles("representative", "ict-helpdesk", "computer-auditor")
NOT_READERS = ALL - READERS


def _expires() -> dict[str, str]:
    day = timezone.localdate() + timedelta(days=60)
    return {"expires-day": str(day.day), "expires-month": str(day.month), "expires-year": str(day.year)}


FORM = {"team": "Libraries", "people": "Everyone in the events team", "sites": ["facebook", "x"],
        "reason": "To run the summer reading challenge's pages.", "work_only": "on"}
BODIES = {
    "unblocking: a request": lambda w: {**FORM, **_expires()},
    "unblocking: a request (API)": lambda w: {**FORM, "sites": ["facebook"], "work_only": True, "days": 60,
                                              "council": "st-helens"},
    "unblocking: pass it on": lambda w: {"decision": "pass_on"},
    "unblocking: approve it": lambda w: {"decision": "approve"},
    "unblocking: withdraw it": lambda w: {"decision": "withdraw"},
}

TARGETS = {"unblock_submitted", "unblock_with_auditor"}


def build(world: Any) -> dict[str, Any]:
    def ask(team: str) -> UnblockRequest:
        return unblock_request_create(actor=world.author, council=world.council, team=team,
                                      people="The Quillfeather events team", sites=["facebook"],
                                      reason="Quillfeather Library's events page", work_only=True,
                                      expires=timezone.localdate() + timedelta(days=30))

    submitted = ask("Quillfeather Libraries")
    passed = unblock_request_decide(actor=person("ict-helpdesk", username="sth-matrix-helpdesk"),
                                    request=ask("Quillfeather Museums"), decision="pass_on")
    return {"unblock_submitted": submitted, "unblock_with_auditor": passed}


def state(council: Any) -> tuple[Any, ...]:
    return (list(UnblockRequest.objects.filter(council=council).order_by("pk").values_list("pk", "status")),)


DECIDE = {"gate": REQUESTERS, "hidden": NOT_READERS, "changes": True}
ROWS = {
    ("unblocking:list", "GET", ""): page(REQUESTERS, shows=READERS,
                                         note="the helpdesk and the auditor see all; anyone else their own"),
    ("unblocking:new", "GET", ""): page(REQUESTERS),
    ("unblocking:new", "POST", ""): page(REQUESTERS, body="unblocking: a request", changes=True),
    ("unblocking:detail", "GET", ""): page(READERS, target="unblock_submitted", gate=REQUESTERS, shows=READERS,
                                           hidden=NOT_READERS),
    ("unblocking:decide", "POST", "pass_on"): page(HELPDESK, target="unblock_submitted",
                                                   body="unblocking: pass it on", **DECIDE),
    ("unblocking:decide", "POST", "approve"): page(AUDITORS, target="unblock_with_auditor",
                                                   body="unblocking: approve it", **DECIDE),
    ("unblocking:decide", "POST", "withdraw"): page(roles("representative"), target="unblock_submitted",
                                                    body="unblocking: withdraw it", note="the requester only",
                                                    **DECIDE),
    ("api-unblock-requests", "GET", ""): api(REQUESTERS, shows=READERS, stranger=200, elsewhere=(200, 200),
                                             note="every request the person may see, in all their councils"),
    ("api-unblock-requests", "GET", "council=st-helens"): api(REQUESTERS, query="council=st-helens",
                                                              shows=READERS),
    ("api-unblock-requests", "POST", ""): api(REQUESTERS, body="unblocking: a request (API)", changes=True),
    ("api-unblock-request", "GET", ""): api(READERS, target="unblock_submitted", hidden=NOT_READERS,
                                            shows=READERS),
    ("api-unblock-request-decisions", "POST", "pass_on"): api(HELPDESK, target="unblock_submitted",
                                                              body="unblocking: pass it on", changes=True,
                                                              hidden=NOT_READERS),
    ("api-unblock-request-decisions", "POST", "approve"): api(AUDITORS, target="unblock_with_auditor",
                                                              body="unblocking: approve it", changes=True,
                                                              hidden=NOT_READERS),
    ("api-unblock-request-decisions", "POST", "withdraw"): api(roles("representative"), target="unblock_submitted",
                                                               body="unblocking: withdraw it", changes=True,
                                                               hidden=NOT_READERS),
}
