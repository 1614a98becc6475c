"""The permission matrix's rows for personal data breach records (see tests/apps/matrix.py).

A St Helens moderator who is not in the matrix's cast opened three records: one just opened, one assessed as a high
risk the ICO must be told of, and one with everything recorded (ready to close). Only the Data Protection Officer's
role (Legal, in both packs) and the opener read them (access/confidential.py): every other role that may open records
finds the list without them and the records not found (404); every read is logged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.breaches.models import BreachNotice, DataBreach
from civicguard.apps.breaches.services import (
    breach_assess,
    breach_ico_record,
    breach_notice_send,
    breach_open,
    breach_people_told,
)
from tests.apps.factories import person
from tests.apps.matrix import ALL, api, page, roles

OPENERS = roles("moderator", "legal", "caldicott-guardian", "approver", "computer-auditor")   # breaches.open
MANAGERS = roles("legal")                                                                    # breaches.manage
LEGEND = {"breaches.open": OPENERS, "breaches.manage": MANAGERS}
# Who reads the world's records: the pack's DPO role and Legal (both "legal" in St Helens); their opener is not
# in the cast.
READERS = roles("legal")


def _local(hours_ago: float) -> Any:
    return timezone.localtime(timezone.now() - timedelta(hours=hours_ago))


def _moment(prefix_day: str, prefix_time: str, hours_ago: float) -> dict[str, str]:
    when = _local(hours_ago)
    return {f"{prefix_day}-day": str(when.day), f"{prefix_day}-month": str(when.month),
            f"{prefix_day}-year": str(when.year), prefix_time: f"{when:%H:%M}"}


BODIES = {
    "breach: by hand": lambda w: {
        "source": "other", "source_description": "A letter sent to the wrong house", "what": "A tenancy letter "
        "with a tenant's name went to a neighbour", "people_categories": ["residents"],
        "data_categories": ["names", "contact"], "people_count": "1", **_moment("aware_on", "aware_time", 2)},
    "breach: by hand (API)": lambda w: {
        "council": "st-helens", "source": "other", "source_description": "A letter sent to the wrong house",
        "what": "A tenancy letter went to a neighbour", "people_categories": ["residents"],
        "data_categories": ["names"], "people_count": 1,
        "aware_at": (timezone.now() - timedelta(hours=2)).isoformat()},
    "breach: an assessment": lambda w: {"risk": "high", "risk_reasons": "A home address is public",
                                        "ico_required": "yes"},
    "breach: an assessment (API)": lambda w: {"risk": "high", "risk_reasons": "A home address is public",
                                              "ico_required": True},
    "breach: the ICO told": lambda w: {"reference": "IC-2026-0001", **_moment("told_on", "told_time", 0.5)},
    "breach: the ICO told (API)": lambda w: {"reference": "IC-2026-0001",
                                             "told_at": (timezone.now() - timedelta(minutes=30)).isoformat()},
    "breach: the people told": lambda w: {"outcome": "told", "how": "A letter and a phone call",
                                          **_moment("told_on", "told_time", 0.5)},
    "breach: the people told (API)": lambda w: {"how": "A letter and a phone call",
                                                "told_at": (timezone.now() - timedelta(minutes=30)).isoformat()},
    "breach: a notice": lambda w: {"rule": "internal-audit", "text": "A breach to know of: ask the DPO"},
    "breach: a closing note": lambda w: {"note": "Staff reminded of the address check"},
}

TARGETS = {"breach_open", "breach_assessed", "breach_ready"}


def build(world: Any) -> dict[str, Any]:
    opener = person("moderator", username="sth-matrix-breach-moderator")
    dpo = person("legal", username="sth-matrix-breach-dpo")

    def record(hours_ago: float) -> DataBreach:
        return breach_open(actor=opener, council=world.council, source="other",
                           source_description="The Quillfeather Library's mailing list",
                           what="The Quillfeather reading group's list went to every member, addresses visible",
                           people_categories=["residents"], data_categories=["names", "contact"], people_count=40,
                           aware_at=timezone.now() - timedelta(hours=hours_ago))

    fresh = record(3)
    assessed = breach_assess(actor=dpo, breach=record(20), risk="high", reasons="Quillfeather members' addresses",
                             ico_required=True)
    ready = breach_assess(actor=dpo, breach=record(50), risk="high", reasons="Quillfeather members' addresses",
                          ico_required=True)
    breach_ico_record(actor=dpo, breach=ready, told_at=timezone.now() - timedelta(hours=30), reference="IC-QF-1")
    breach_people_told(actor=dpo, breach=ready, told_at=timezone.now() - timedelta(hours=20),
                       how="An apology e-mailed to each Quillfeather member")
    breach_notice_send(actor=dpo, breach=ready, rule_slug="internal-audit", email=False)
    return {"breach_open": fresh, "breach_assessed": assessed, "breach_ready": ready}


def state(council: Any) -> tuple[Any, ...]:
    return (list(DataBreach.objects.filter(council=council).order_by("pk").values_list(
                "pk", "status", "risk", "ico_told_at", "people_told_at", "people_not_told")),
            BreachNotice.objects.filter(breach__council=council).count(),
            ConfidentialRead.objects.filter(council=council, kind="breach").count())


RECORD = {"gate": OPENERS, "hidden": OPENERS - READERS, "shows": READERS, "changes": True}
MANAGE = {"gate": MANAGERS, "shows": MANAGERS}
HIDDEN_API = {"hidden": ALL - READERS, "changes": True}
ROWS = {
    ("breaches:list", "GET", ""): page(OPENERS, shows=READERS,
                                       note="the DPO's role sees every record; others those they opened"),
    ("breaches:new", "GET", ""): page(OPENERS),
    ("breaches:new", "POST", ""): page(OPENERS, body="breach: by hand", changes=True),
    ("breaches:detail", "GET", ""): page(READERS, target="breach_open", note="a logged read", **RECORD),
    ("breaches:assess", "GET", ""): page(MANAGERS, target="breach_open", changes=True, **MANAGE),
    ("breaches:assess", "POST", ""): page(MANAGERS, target="breach_open", body="breach: an assessment",
                                          changes=True, gate=MANAGERS),
    ("breaches:ico", "GET", ""): page(MANAGERS, target="breach_assessed", changes=True, **MANAGE),
    ("breaches:ico", "POST", ""): page(MANAGERS, target="breach_assessed", body="breach: the ICO told",
                                       changes=True, gate=MANAGERS),
    ("breaches:people", "GET", ""): page(MANAGERS, target="breach_assessed", changes=True, **MANAGE),
    ("breaches:people", "POST", ""): page(MANAGERS, target="breach_assessed", body="breach: the people told",
                                          changes=True, gate=MANAGERS),
    ("breaches:notices", "GET", ""): page(MANAGERS, target="breach_assessed", changes=True, **MANAGE),
    ("breaches:notices", "POST", ""): page(MANAGERS, target="breach_assessed", body="breach: a notice",
                                           changes=True, gate=MANAGERS, note="the pack's notice, once"),
    ("breaches:close", "POST", ""): page(MANAGERS, target="breach_ready", body="breach: a closing note",
                                         changes=True, gate=MANAGERS),
    ("api-data-breaches", "GET", ""): api(ALL, shows=READERS, stranger=200, elsewhere=(200, 200),
                                          note="the records the person may read, in all their councils"),
    ("api-data-breaches", "POST", ""): api(OPENERS, body="breach: by hand (API)", changes=True),
    ("api-data-breach", "GET", ""): api(READERS, target="breach_open", shows=READERS, **HIDDEN_API),
    ("api-data-breach-assessment", "POST", ""): api(MANAGERS, target="breach_open",
                                                    body="breach: an assessment (API)", **HIDDEN_API),
    ("api-data-breach-ico", "POST", ""): api(MANAGERS, target="breach_assessed", body="breach: the ICO told (API)",
                                             **HIDDEN_API),
    ("api-data-breach-people-told", "POST", ""): api(MANAGERS, target="breach_assessed",
                                                     body="breach: the people told (API)", **HIDDEN_API),
    ("api-data-breach-notices", "POST", ""): api(MANAGERS, target="breach_assessed", body="breach: a notice",
                                                 **HIDDEN_API),
    ("api-data-breach-closure", "POST", ""): api(MANAGERS, target="breach_ready", body="breach: a closing note",
                                                 **HIDDEN_API),
}
