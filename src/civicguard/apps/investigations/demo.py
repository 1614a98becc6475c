"""Demo investigations for each council, made through the services (so each is in the audit trail):

* a Trading Standards investigation whose seller's profile was viewed up to the repeat-viewing warning (the third
  viewing in 28 days), with a refused recruitment search logged in it (Sefton 8.1);
* in it, an application for directed surveillance waiting for the Authorising Officer, and one authorised and
  waiting for the magistrate;
* a Counter Fraud investigation with an authorisation in effect (approved by a magistrate, reviewed once) and
  one cancelled.

The people are invented; the investigator applies and the demo Authorising Officer decides. Idempotent: a council
with any investigation is left alone."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from civicguard.apps.investigations import services
from civicguard.apps.investigations.models import Investigation

PLACE = {"st-helens": ("St Helens", "sth"), "sefton": ("Sefton", "sef")}
COURT = {"st-helens": "St Helens Magistrates' Court", "sefton": "Sefton Magistrates' Court (Bootle)"}
TOBACCO = "Sale of tobacco to a person under 18 (Children and Young Persons Act 1933, s. 7)"


def load(ctx: Any) -> None:
    council, people = ctx.council, ctx.people
    officer, ao = people.get("investigator"), people.get("authorising-officer")
    if officer is None or ao is None or Investigation.objects.filter(council=council).exists():
        return
    tag = PLACE.get(ctx.slug, (council.name, ctx.prefix))[1]
    year = timezone.localdate().year
    shop = f"https://www.facebook.com/example.corner.shop.{tag}"
    trading = services.investigation_open(actor=officer, council=council, reference=f"TS/{year}/{tag.upper()}-014",
                                          offence="Selling single cigarettes to children", service="Trading Standards")
    for n in range(3):
        services.profile_view_record(actor=officer, investigation=trading, profile_url=shop, purpose="evidence",
                                     recorded=f"Screenshot {n + 1} of the page's posts advertising 'singles'")
    services.profile_view_record(actor=officer, investigation=trading,
                                 profile_url="https://www.linkedin.com/in/example-applicant",
                                 purpose="recruitment", purpose_detail="Checking an applicant for the enforcement "
                                                                       "officer vacancy")

    def application(investigation: Investigation, subject: str, profile: str, **kw: Any) -> Any:
        fields: dict[str, Any] = dict(
            kind="directed-surveillance", subject=subject, profiles=[profile],
            necessity="Test purchases are refused to officers; the sales are arranged through the page",
            proportionality="Only the page's public posts are viewed, no more than weekly, for the period authorised",
            collateral_intrusion="Customers' comments may be seen; their names are not recorded",
            threshold="listed", threshold_offence=TOBACCO)
        return services.authorisation_apply(actor=officer, investigation=investigation, **{**fields, **kw})

    def authorised(a: Any) -> Any:
        return services.authorisation_decide(actor=ao, authorisation=a, decision="authorise", grade="Head of Service",
                                             reasons="Necessary to prove the sales; no less intrusive way found")

    application(trading, "The corner shop's owner (name withheld in the demo)", shop)
    authorised(application(trading, "The shop's delivery driver", f"https://www.instagram.com/example.driver.{tag}"))

    fraud = services.investigation_open(actor=officer, council=council, reference=f"CF/{year}/{tag.upper()}-007",
                                        offence="Council tax single person discount fraud", service="Counter Fraud")
    claimant = f"https://www.facebook.com/example.claimant.{tag}"
    current = authorised(application(fraud, "A council tax payer claiming the single person discount", claimant,
                                     threshold="six-months", threshold_offence=""))
    services.judicial_approval_record(actor=officer, authorisation=current, heard_on=timezone.localdate(),
                                      court=COURT.get(ctx.slug, "The magistrates' court"), decision="approved")
    services.authorisation_review(actor=ao, authorisation=current,
                                  notes="Still necessary: the posts show a partner living at the address")
    ended = authorised(application(fraud, "The claimant's partner", f"https://x.com/example_partner_{tag}",
                                   threshold="six-months", threshold_offence=""))
    services.judicial_approval_record(actor=officer, authorisation=ended, heard_on=timezone.localdate(),
                                      court=COURT.get(ctx.slug, "The magistrates' court"), decision="approved")
    services.authorisation_cancel(actor=ao, authorisation=ended,
                                  reason="The partner's account was closed: nothing more to see")
