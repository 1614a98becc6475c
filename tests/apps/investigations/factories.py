"""Investigations and authorisations at each stage, made through the services (so each is in the audit trail)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.investigations import services
from civicguard.apps.investigations.models import Authorisation, Investigation
from tests.apps.factories import council

PROFILE = "https://www.facebook.com/jo.bloggs.trader"


def investigation(officer: Any, slug: str = "st-helens", *, reference: str = "TS/2026/014",
                  offence: str = "Selling counterfeit tobacco", **kw: Any) -> Investigation:
    return services.investigation_open(actor=officer, council=council(slug), reference=reference, offence=offence,
                                       service=kw.pop("service", "Trading Standards"), **kw)


def view(officer: Any, found: Investigation, address: str = PROFILE, purpose: str = "evidence", **kw: Any) -> Any:
    return services.profile_view_record(actor=officer, investigation=found, profile_url=address, purpose=purpose,
                                        **kw)


def apply(officer: Any, found: Investigation, *, kind: str = "directed-surveillance",
          profiles: tuple[str, ...] = (PROFILE,), **kw: Any) -> Authorisation:
    fields: dict[str, Any] = dict(
        subject="Jo Bloggs", necessity="Test purchases failed; the seller advertises on Facebook only",
        proportionality="Viewing limited to the seller's public posts for three months",
        collateral_intrusion="Friends' comments may be seen; they are not recorded",
        threshold="listed" if kind == "directed-surveillance" else "",
        threshold_offence=("Sale of tobacco to a person under 18 (Children and Young Persons Act 1933, s. 7)"
                           if kind == "directed-surveillance" else ""))
    return services.authorisation_apply(actor=officer, investigation=found, kind=kind, profiles=list(profiles),
                                        **{**fields, **kw})


def authorise(ao: Any, authorisation: Authorisation, decision: str = "authorise", **kw: Any) -> Authorisation:
    return services.authorisation_decide(actor=ao, authorisation=authorisation, decision=decision,
                                         grade=kw.pop("grade", "Head of Service"),
                                         reasons=kw.pop("reasons", "Necessary and proportionate: no other way"),
                                         **kw)


def approve(who: Any, authorisation: Authorisation, decision: str = "approved", days_ago: int = 0) -> Any:
    return services.judicial_approval_record(actor=who, authorisation=authorisation,
                                             heard_on=timezone.localdate() - timedelta(days=days_ago),
                                             court="St Helens Magistrates' Court", decision=decision)


def in_effect(officer: Any, ao: Any, found: Investigation, **kw: Any) -> Authorisation:
    a = apply(officer, found, **kw)
    authorise(ao, a)
    approve(officer, a)
    a.refresh_from_db()
    return a
