"""The permission matrix's rows for investigations and the RIPA record (see tests/apps/matrix.py).

The matrix's St Helens investigator is the officer of the world's investigation (supplied to the cast), which
carries the marker; its profile was viewed once, and it has three applications: one waiting for the Authorising
Officer, one authorised and waiting for the magistrate, one in effect (all the investigator's, decided by another
Authorising Officer than the matrix's). A second investigation of theirs has no authorisation, so it may be
closed. Who reads them is access/confidential.py's rule: the investigation's officers and the Authorising Officers;
anyone else is answered 404 where the object is named."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.investigations import services
from civicguard.apps.investigations.models import (
    Authorisation,
    AuthorisationEvent,
    Investigation,
    JudicialApproval,
    ProfileView,
)
from tests.apps.factories import person
from tests.apps.matrix import ALL, api, page, roles

PAGES = roles("investigator", "authorising-officer")          # investigations.pages
WORK = roles("investigator")                                   # investigations.work
AUTHORISE = roles("authorising-officer")                       # investigations.authorise
COURT = roles("investigator", "authorising-officer")           # investigations.court
CENTRAL = roles("authorising-officer")                         # investigations.central_record
LEGEND = {"investigations.pages": PAGES, "investigations.work": WORK, "investigations.authorise": AUTHORISE,
          "investigations.court": COURT, "investigations.central_record": CENTRAL}
# The world's records: the investigation's officer (the matrix's investigator) and the Authorising Officers.
READERS = roles("investigator", "authorising-officer")
NOT_READERS = ALL - READERS
PROFILE = "https://www.facebook.com/quillfeather.seller"


def _today() -> dict[str, int]:
    today = timezone.localdate()
    return {"heard_on-day": today.day, "heard_on-month": today.month, "heard_on-year": today.year}


APPLICATION = {"kind": "directed-surveillance", "subject": "A market trader", "necessity": "No other way",
               "proportionality": "Public posts only", "collateral_intrusion": "Customers' comments",
               "threshold": "six-months"}
BODIES = {
    "investigations: a new investigation": lambda w: {"reference": "TS/2026/500", "offence": "Fake perfume",
                                                      "service": "Trading Standards"},
    "investigations: a new investigation (API)": lambda w: {"council": "st-helens", "reference": "TS/2026/500",
                                                            "offence": "Fake perfume",
                                                            "service": "Trading Standards"},
    "investigations: a viewing": lambda w: {"profile_url": "https://www.facebook.com/another.trader",
                                            "purpose": "evidence", "recorded": "One screenshot"},
    "investigations: a viewing (API)": lambda w: {"investigation": w.target("inv_investigation").pk,
                                                  "profile_url": "https://www.facebook.com/another.trader",
                                                  "purpose": "evidence"},
    "investigations: an application": lambda w: {**APPLICATION, "profiles": "https://x.com/another_trader"},
    "investigations: an application (API)": lambda w: {**APPLICATION, "investigation": w.target(
        "inv_investigation").pk, "profiles": ["https://x.com/another_trader"]},
    "investigations: a decision": lambda w: {"decision": "authorise", "grade": "Director",
                                             "reasons": "Necessary and proportionate"},
    "investigations: the magistrate's approval": lambda w: {**_today(), "court": "St Helens Magistrates' Court",
                                                            "decision": "approved"},
    "investigations: the magistrate's approval (API)": lambda w: {
        "heard_on": timezone.localdate().isoformat(), "court": "St Helens Magistrates' Court",
        "decision": "approved"},
    "investigations: a review": lambda w: {"notes": "Still necessary"},
    "investigations: a renewal": lambda w: {"reasons": "Sales go on"},
    "investigations: a cancellation": lambda w: {"reason": "No longer needed"},
}

TARGETS = {"inv_investigation", "inv_closable", "inv_applied", "inv_authorised", "inv_in_effect"}


def build(world: Any) -> dict[Any, Any]:
    council = world.council
    officer = person("investigator", username="sth-matrix-investigator")
    deciding = person("authorising-officer", username="sth-matrix-authoriser")
    found = services.investigation_open(actor=officer, council=council, reference="QF/2026/1",
                                        offence="Quillfeather Market: counterfeit tobacco",
                                        service="Trading Standards")
    closable = services.investigation_open(actor=officer, council=council, reference="QF/2026/2",
                                           offence="Quillfeather Arcade: fake goods", service="Trading Standards")
    services.profile_view_record(actor=officer, investigation=found, profile_url=PROFILE, purpose="evidence",
                                 recorded="Screenshot of the Quillfeather stall's price list")

    def applied(subject: str) -> Authorisation:
        return services.authorisation_apply(
            actor=officer, investigation=found, kind="directed-surveillance", subject=subject, profiles=[PROFILE],
            necessity="Quillfeather test purchases failed", proportionality="Public posts only",
            collateral_intrusion="Customers' comments", threshold="six-months")

    def decided(a: Authorisation) -> Authorisation:
        return services.authorisation_decide(actor=deciding, authorisation=a, decision="authorise",
                                             grade="Director", reasons="Quillfeather: necessary")

    waiting = applied("The Quillfeather stallholder")
    authorised = decided(applied("The Quillfeather stallholder's partner"))
    current = decided(applied("The Quillfeather supplier"))
    services.judicial_approval_record(actor=officer, authorisation=current, heard_on=timezone.localdate(),
                                      court="St Helens Magistrates' Court", decision="approved")
    return {("person", "st-helens", "investigator"): officer, "inv_investigation": found,
            "inv_closable": closable, "inv_applied": waiting, "inv_authorised": authorised,
            "inv_in_effect": Authorisation.objects.get(pk=current.pk)}


def state(council: Any) -> tuple[Any, ...]:
    return (list(Investigation.objects.filter(council=council).order_by("pk").values_list("pk", "status")),
            ProfileView.objects.filter(investigation__council=council).count(),
            list(Authorisation.objects.filter(investigation__council=council).order_by("pk")
                 .values_list("pk", "status", "renewal_pending", "next_review_on", "expires_on")),
            JudicialApproval.objects.filter(authorisation__investigation__council=council).count(),
            AuthorisationEvent.objects.filter(authorisation__investigation__council=council).count(),
            ConfidentialRead.objects.filter(council=council,
                                            kind__in=("investigation", "authorisation", "central-record")).count())


LOGGED = "a logged read"
ROWS = {
    ("investigations:list", "GET", ""): page(PAGES, shows=PAGES, changes=True,
                                             note="the investigations one is an officer of; all, for an Authorising "
                                                  "Officer; a logged read"),
    ("investigations:new", "GET", ""): page(WORK),
    ("investigations:new", "POST", ""): page(WORK, body="investigations: a new investigation", changes=True),
    ("investigations:detail", "GET", ""): page(PAGES, target="inv_investigation", shows=PAGES, changes=True,
                                               note=LOGGED),
    ("investigations:view", "POST", ""): page(WORK, target="inv_investigation", body="investigations: a viewing",
                                              changes=True, note="the investigation's officers"),
    ("investigations:apply", "GET", ""): page(WORK, target="inv_investigation", shows=WORK, changes=True,
                                              note=LOGGED),
    ("investigations:apply", "POST", ""): page(WORK, target="inv_investigation",
                                               body="investigations: an application", changes=True),
    ("investigations:close", "POST", ""): page(WORK, target="inv_closable", changes=True),
    ("investigations:authorisation", "GET", ""): page(PAGES, target="inv_applied", shows=PAGES, changes=True,
                                                      note=LOGGED),
    ("investigations:decide", "POST", ""): page(AUTHORISE, target="inv_applied", body="investigations: a decision",
                                                changes=True, note="an Authorising Officer, never the applicant"),
    ("investigations:court", "POST", ""): page(COURT, target="inv_authorised",
                                               body="investigations: the magistrate's approval", changes=True),
    ("investigations:review", "POST", ""): page(AUTHORISE, target="inv_in_effect", body="investigations: a review",
                                                changes=True),
    ("investigations:renew", "POST", ""): page(AUTHORISE, target="inv_in_effect", body="investigations: a renewal",
                                               changes=True),
    ("investigations:cancel", "POST", ""): page(AUTHORISE, target="inv_in_effect",
                                                body="investigations: a cancellation", changes=True),
    ("investigations:central-record", "GET", ""): page(CENTRAL, shows=CENTRAL, changes=True, note=LOGGED),
    ("investigations:central-record-export", "GET", ""): page(CENTRAL, shows=CENTRAL, changes=True, note=LOGGED),
    # -- /api/v1 ----------------------------------------------------------------------------------------------
    ("api-investigations", "GET", ""): api(ALL, shows=READERS, stranger=200, elsewhere=(200, 200),
                                           note="the investigations the person may read, in all their councils"),
    ("api-investigations", "POST", ""): api(WORK, body="investigations: a new investigation (API)", changes=True),
    ("api-investigation", "GET", ""): api(READERS, target="inv_investigation", hidden=NOT_READERS, shows=READERS,
                                          changes=True, note=LOGGED),
    ("api-investigation-closure", "POST", ""): api(WORK, target="inv_closable", hidden=NOT_READERS, changes=True),
    ("api-profile-views", "GET", ""): api(ALL, shows=READERS, stranger=200, elsewhere=(200, 200),
                                          note="the viewings of the investigations the person may read"),
    ("api-profile-views", "POST", ""): api(WORK, body="investigations: a viewing (API)", hidden=NOT_READERS,
                                           changes=True, note="the investigation's officers"),
    ("api-authorisations", "GET", ""): api(ALL, shows=READERS, stranger=200, elsewhere=(200, 200)),
    ("api-authorisations", "POST", ""): api(WORK, body="investigations: an application (API)", hidden=NOT_READERS,
                                            changes=True),
    ("api-authorisation", "GET", ""): api(READERS, target="inv_applied", hidden=NOT_READERS, shows=READERS,
                                          changes=True, note=LOGGED),
    ("api-authorisation-decision", "POST", ""): api(AUTHORISE, target="inv_applied", hidden=NOT_READERS,
                                                    body="investigations: a decision", changes=True),
    ("api-authorisation-judicial-approvals", "POST", ""): api(
        COURT, target="inv_authorised", hidden=NOT_READERS, body="investigations: the magistrate's approval (API)",
        changes=True),
    ("api-authorisation-reviews", "POST", ""): api(AUTHORISE, target="inv_in_effect", hidden=NOT_READERS,
                                                   body="investigations: a review", changes=True),
    ("api-authorisation-renewals", "POST", ""): api(AUTHORISE, target="inv_in_effect", hidden=NOT_READERS,
                                                    body="investigations: a renewal", changes=True),
    ("api-authorisation-cancellation", "POST", ""): api(AUTHORISE, target="inv_in_effect", hidden=NOT_READERS,
                                                        body="investigations: a cancellation", changes=True),
    ("api-ripa-central-record", "GET", ""): api(CENTRAL, query="council=st-helens", shows=CENTRAL, changes=True,
                                                note=LOGGED),
}
