"""Demo FOI and subject access requests in each council, at different stages, made through the services (so each
is in the audit trail), by the demo Legal officer:

* a subject access request from a resident, searched and disclosed (the export made once, so the disclosure log
  has a line);
* a Freedom of Information request from a local journalist about the council's own accounts, searched, waiting for
  the export (what it found is held from the purge);
* a subject access request just opened, not yet searched;
* a request closed after the requester withdrew it.

Idempotent: a council that has any request is left alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.disclosure import services
from civicguard.apps.disclosure.models import DisclosureRequest

PEOPLE = {"st-helens": ("Joan Hughes", "@joanhughes_sth", "Kieran Daly, St Helens Star"),
          "sefton": ("Priya Shah", "@priyashah", "Aled Morgan, Southport Visiter")}


def load(ctx: Any) -> None:
    if DisclosureRequest.objects.filter(council=ctx.council).exists():
        return
    legal = ctx.people.get("legal")
    if legal is None:
        return
    resident, handle, journalist = PEOPLE.get(ctx.slug, ("Alex Resident", "@alexresident", "A Journalist"))
    today = timezone.localdate()
    done = services.disclosure_request_open(
        actor=legal, council=ctx.council, kind="sar", requester=services.Requester(resident),
        subject_name=resident, subject_handles=[handle], received_on=today - timedelta(days=12))
    services.disclosure_request_search(actor=legal, request=done)
    services.disclosure_request_export(actor=legal, request=done)
    searched = services.disclosure_request_open(
        actor=legal, council=ctx.council, kind="foi", requester=services.Requester(journalist),
        subject_name=ctx.council.name, received_on=today - timedelta(days=5))
    services.disclosure_request_search(actor=legal, request=searched)
    services.disclosure_request_open(
        actor=legal, council=ctx.council, kind="sar", requester=services.Requester(f"{resident} (by a solicitor)"),
        subject_name=resident, subject_emails=[f"{resident.split()[0].lower()}@example.org"])
    withdrawn = services.disclosure_request_open(
        actor=legal, council=ctx.council, kind="foi", requester=services.Requester(journalist),
        subject_handles=[handle], received_on=today - timedelta(days=20))
    services.disclosure_request_close(actor=legal, request=withdrawn, reason="Withdrawn by the requester by e-mail")
