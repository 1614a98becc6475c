"""The permission matrix's rows for concern reports, cases, removal requests and notices (see tests/apps/matrix.py).

In St Helens, "Quillfeather Subject" (the matrix's employee, supplied to the cast) is managed, per HR's record, by
the matrix's line manager (supplied by the social accounts part; given a staff record here). A reporter outside the
cast reported five posts of the subject's (each naming a resident and her health: the notice to Internal Audit, the
computer auditors' role, applies). From them: a report without a case, a case open, a case referred (with a removal
request waiting on the subject and the notice sent), a case classified and a case decided. Who reads them is
access/confidential.py's rule: a report, its reporter, the line manager and HR; a case, the line manager and HR; a
removal request, those and the subject; a notice, those of its case and its role. Anyone else is answered 404 where
the object is named; every read is logged."""

from __future__ import annotations

import base64
import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.cases import services
from civicguard.apps.cases.models import Case, CaseNote, CaseStep, ConcernReport, PackNotice, RemovalRequest
from civicguard.apps.evidence.models import CustodyEntry
from tests.apps.factories import person, staff_record
from tests.apps.matrix import ALL, api, page, roles

REPORT = ALL                                                  # cases.report
MANAGE = roles("line-manager", "hr")                          # cases.manage
CLASSIFY = roles("hr")                                        # cases.classify
LEGEND = {"cases.report": REPORT, "cases.manage": MANAGE, "cases.classify": CLASSIFY}
# The world's records: the subject's line manager and HR read the cases; the subject reads their removal request;
# the computer auditors (Internal Audit, St Helens 6.15) read the notice sent to them.
READERS = MANAGE
REMOVAL_READERS = MANAGE | roles("employee")
NOTICE_READERS = MANAGE | roles("computer-auditor")
TEXT = ("Quillfeather resident Mrs Joan Hughes of 3 Quillfeather Road was in A&E again last night, her diabetes "
        "is really bad.")
LINK = "https://www.facebook.com/quillfeather.subject/posts/"


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def _fresh(w: Any) -> int:
    return int(w.target("cases_fresh").pk)


class FreshConcern:
    """The query of the "open a case" page: ?concern= the world's report without a case (known once the world is
    built; the matrix formats the query when it makes each request)."""

    pk: int | None = None

    def __str__(self) -> str:
        return f"concern={self.pk}"

    def __bool__(self) -> bool:
        return True


FRESH = FreshConcern()

BODIES = {
    "cases: a concern report": lambda w: {"subject": w.staff.pk, "link": "https://x.com/colleague/status/1",
                                          "text": "Off to the beach after work, lovely day.",
                                          "worry": "Posting while on sick leave?"},
    "cases: a concern report (API)": lambda w: {"council": "st-helens", "subject": w.staff.pk,
                                                "link": "https://x.com/colleague/status/1",
                                                "text": "Off to the beach after work, lovely day.",
                                                "worry": "Posting while on sick leave?"},
    "cases: a case from the report": lambda w: {"summary": "Shared a resident's health"},
    "cases: a case from the report (API)": lambda w: {"council": "st-helens", "concern": _fresh(w)},
    "cases: a classification": lambda w: {"classification": "misconduct", "reasons": "A first time"},
    "cases: a decision": lambda w: {"outcome": "informal", "sanction": "", "reasons": "Removed at once"},
    "cases: a note": lambda w: {"note": "Spoke to the subject"},
    "cases: a note (API)": lambda w: {"text": "Spoke to the subject"},
    "cases: an owner": lambda w: {"owner": w.cast["st-helens", "line-manager"].pk},
    "cases: a deadline": lambda w: {**{f"deadline-{part}": value for part, value in zip(
        ("day", "month", "year"), _day(), strict=True)}, "deadline_for": "Meeting with the subject"},
    "cases: a screenshot": lambda w: {"file": SimpleUploadedFile("shot.png", _png(), "image/png"),
                                      "description": "The post, again"},
    "cases: a removal request": lambda w: {"postings": LINK + "77"},
    "cases: a removal request (API)": lambda w: {"postings": [LINK + "77"]},
    "cases: a notice": lambda w: {"rule": "internal-audit", "text": "For your records."},
    "cases: a confirmation": lambda w: {"screenshot": SimpleUploadedFile("gone.png", _png(), "image/png"),
                                        "note": "Deleted"},
    "cases: a confirmation (API)": lambda w: {"screenshot": {"name": "gone.png",
                                                             "content_base64": base64.b64encode(_png()).decode()},
                                              "note": "Deleted"},
}


def _day() -> tuple[int, int, int]:
    day = timezone.localdate() + timedelta(days=7)
    return day.day, day.month, day.year


TARGETS = {"cases_concern", "cases_fresh", "cases_open", "cases_case", "cases_classified", "cases_decided",
           "cases_removal", "cases_notice", "cases_evidence"}


def build(world: Any) -> dict[str, Any]:
    manager = world.cast["st-helens", "line-manager"]
    managed = staff_record(user=manager, name="Quillfeather Line Manager")
    subject_user = person("employee", username="sth-matrix-cases-subject")
    subject = staff_record(user=subject_user, name="Quillfeather Subject", line_manager=managed)
    # Both now have a staff record whose name a typed signature must match (the onboarding rows sign as "Pat
    # Signer"): their sign-ins carry that name too, which a signature may also be typed as.
    for signer in (manager, subject_user):
        signer.first_name, signer.last_name = "Pat", "Signer"
        signer.save(update_fields=["first_name", "last_name"])
    reporter = person("employee", username="sth-matrix-cases-reporter")
    hr = person("hr", username="sth-matrix-cases-hr")

    def report(n: int) -> ConcernReport:
        return services.concern_report(actor=reporter, council=world.council, subject=subject, link=f"{LINK}{n}",
                                       text=TEXT, worry="Quillfeather resident's health shared in public")

    def opened(n: int) -> Case:
        return services.case_open(actor=manager, council=world.council, concern=report(n))

    concern = report(1)
    FRESH.pk = report(2).pk
    open_case = opened(3)
    case = opened(4)
    services.case_refer(actor=manager, case=case)
    removal = services.removal_request(actor=manager, case=case, postings=[f"{LINK}4"])
    notice = services.notice_send(actor=manager, case=case, rule_slug="internal-audit")
    classified = opened(5)
    services.case_refer(actor=manager, case=classified)
    services.case_classify(actor=hr, case=classified, classification="misconduct", reasons="A first time")
    decided = opened(6)
    services.case_refer(actor=manager, case=decided)
    services.case_classify(actor=hr, case=decided, classification="misconduct", reasons="A first time")
    services.case_decide(actor=hr, case=decided, outcome="no-case", reasons="Not the subject's post")
    return {("person", "st-helens", "employee"): subject_user,
            "cases_concern": concern, "cases_fresh": ConcernReport.objects.get(pk=FRESH.pk),
            "cases_open": open_case, "cases_case": case, "cases_classified": classified, "cases_decided": decided,
            "cases_removal": removal, "cases_notice": notice, "cases_evidence": case.evidence.order_by("pk").first()}


def state(council: Any) -> tuple[Any, ...]:
    return (
        list(ConcernReport.objects.filter(council=council).order_by("pk").values_list("pk", "seen_at")),
        list(Case.objects.filter(council=council).order_by("pk").values_list(
            "pk", "status", "classification", "owner_id", "deadline", "outcome")),
        CaseNote.objects.filter(case__council=council).count(),
        CaseStep.objects.filter(case__council=council).count(),
        Case.evidence.through.objects.filter(case__council=council).count(),
        list(RemovalRequest.objects.filter(case__council=council).order_by("pk").values_list("pk", "confirmed_at")),
        list(PackNotice.objects.filter(case__council=council).order_by("pk").values_list("pk", "acknowledged_at")),
        ConfidentialRead.objects.filter(council=council, kind__in=("concern", "case", "removal", "evidence"))
        .count(),
        CustodyEntry.objects.filter(item__council=council).count(),
    )


def _row(allowed: frozenset[str], target: str, **kw: Any) -> Any:
    """A page about one record: let in by `gate` (default everyone), then the record's own rule (404 if not)."""
    kw.setdefault("gate", REPORT)
    gate = kw["gate"]
    kw.setdefault("hidden", (gate - allowed) - kw.pop("refused", frozenset()))
    return page(allowed, target=target, **kw)


MANAGED = {"gate": MANAGE, "changes": True}
HR_ONLY = {"gate": CLASSIFY, "changes": True}
ROWS = {
    ("cases:list", "GET", ""): page(REPORT, shows=READERS, note="one's reports and removal requests; the cases "
                                                                 "one may read; the notices to one's role"),
    ("cases:report", "GET", ""): page(REPORT),
    ("cases:report", "POST", ""): page(REPORT, body="cases: a concern report", changes=True, elsewhere=(400, 400),
                                       note="the colleague is chosen from one's own council's staff"),
    ("cases:concern", "GET", ""): _row(READERS, "cases_concern", shows=READERS, changes=True,
                                       note="the reporter, the line manager and HR; a logged read"),
    ("cases:new", "GET", ""): page(MANAGE, query=FRESH, elsewhere=(404, 403),
                                   note="?concern= the report; the line manager (of its subject) and HR"),
    ("cases:new", "POST", ""): page(MANAGE, query=FRESH, body="cases: a case from the report",
                                    changes=True, elsewhere=(404, 403)),
    ("cases:detail", "GET", ""): _row(READERS, "cases_case", shows=READERS, changes=True, note="a logged read"),
    ("cases:refer", "POST", ""): _row(MANAGE, "cases_open", **MANAGED),
    ("cases:classify", "POST", ""): _row(CLASSIFY, "cases_case", body="cases: a classification", **HR_ONLY),
    ("cases:investigate", "POST", ""): _row(CLASSIFY, "cases_classified", **HR_ONLY),
    ("cases:decide", "POST", ""): _row(CLASSIFY, "cases_classified", body="cases: a decision", **HR_ONLY),
    ("cases:close", "POST", ""): _row(CLASSIFY, "cases_decided", **HR_ONLY),
    ("cases:note", "POST", ""): _row(MANAGE, "cases_case", body="cases: a note", **MANAGED),
    ("cases:owner", "POST", ""): _row(MANAGE, "cases_case", body="cases: an owner", **MANAGED),
    ("cases:deadline", "POST", ""): _row(MANAGE, "cases_case", body="cases: a deadline", **MANAGED),
    ("cases:evidence-add", "POST", ""): _row(MANAGE, "cases_case", body="cases: a screenshot", **MANAGED),
    ("cases:evidence", "GET", ""): _row(READERS, "cases_evidence", changes=True,
                                        note="through its case; in its chain of custody"),
    ("cases:bundle", "GET", ""): _row(MANAGE, "cases_case", **MANAGED, note="in the chain of custody"),
    ("cases:removal-new", "POST", ""): _row(MANAGE, "cases_case", body="cases: a removal request", **MANAGED),
    ("cases:notice-send", "POST", ""): _row(MANAGE, "cases_case", body="cases: a notice", **MANAGED),
    ("cases:removal", "GET", ""): _row(REMOVAL_READERS, "cases_removal", shows=REMOVAL_READERS, changes=True),
    ("cases:removal-confirm", "POST", ""): _row(roles("employee"), "cases_removal", body="cases: a confirmation",
                                                changes=True, refused=MANAGE,
                                                note="only the employee asked; the case's readers get 403"),
    ("cases:notice", "GET", ""): _row(NOTICE_READERS, "cases_notice", changes=True),
    ("cases:notice-acknowledge", "POST", ""): _row(roles("computer-auditor"), "cases_notice", changes=True,
                                                   refused=MANAGE, note="the role the notice was sent to"),
    ("api-concern-reports", "GET", ""): api(ALL, shows=READERS, stranger=200, elsewhere=(200, 200)),
    ("api-concern-reports", "POST", ""): api(ALL, body="cases: a concern report (API)", changes=True),
    ("api-concern-report", "GET", ""): api(READERS, target="cases_concern", hidden=ALL - READERS, shows=READERS,
                                           changes=True),
    ("api-cases", "GET", ""): api(ALL, shows=READERS, stranger=200, elsewhere=(200, 200)),
    ("api-cases", "POST", ""): api(MANAGE, body="cases: a case from the report (API)", changes=True,
                                   hidden=ALL - MANAGE),
    ("api-case", "GET", ""): api(READERS, target="cases_case", hidden=ALL - READERS, shows=READERS, changes=True),
    ("api-case-referral", "POST", ""): api(MANAGE, target="cases_open", hidden=ALL - READERS, changes=True),
    ("api-case-classification", "POST", ""): api(CLASSIFY, target="cases_case", body="cases: a classification",
                                                 hidden=ALL - READERS, changes=True),
    ("api-case-investigation", "POST", ""): api(CLASSIFY, target="cases_classified", hidden=ALL - READERS,
                                                changes=True),
    ("api-case-decision", "POST", ""): api(CLASSIFY, target="cases_classified", body="cases: a decision",
                                           hidden=ALL - READERS, changes=True),
    ("api-case-closure", "POST", ""): api(CLASSIFY, target="cases_decided", hidden=ALL - READERS, changes=True),
    ("api-case-notes", "POST", ""): api(MANAGE, target="cases_case", body="cases: a note (API)",
                                        hidden=ALL - READERS, changes=True),
    ("api-case-notices", "POST", ""): api(MANAGE, target="cases_case", body="cases: a notice",
                                          hidden=ALL - READERS, changes=True),
    ("api-case-removal-requests", "POST", ""): api(MANAGE, target="cases_case", body="cases: a removal request (API)",
                                                   hidden=ALL - READERS, changes=True),
    ("api-removal-requests", "GET", ""): api(ALL, shows=REMOVAL_READERS, stranger=200, elsewhere=(200, 200)),
    ("api-removal-request", "GET", ""): api(REMOVAL_READERS, target="cases_removal", hidden=ALL - REMOVAL_READERS,
                                            shows=REMOVAL_READERS, changes=True),
    ("api-removal-request-confirmation", "POST", ""): api(roles("employee"), target="cases_removal",
                                                         body="cases: a confirmation (API)", changes=True,
                                                         hidden=ALL - REMOVAL_READERS),
}
