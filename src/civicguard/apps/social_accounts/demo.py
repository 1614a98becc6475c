"""Demo data for business cases and accounts, for each council: the demo accounts live on the public register
with their feedback and complaints information, and business cases at every stage (a draft, one waiting for a
decision, one returned, one refused because the provider is deemed inappropriate, one approved waiting for its
account, one whose account is being set up, one whose account is live) and, where the pack asks for an
endorsement (St Helens 9.11), a line manager's case waiting for their service manager to endorse it. Idempotent: a
council that has any business case keeps its cases (the case to endorse is added once, by its title); an account
already complete and live is left as it is."""

from __future__ import annotations

from typing import Any

from civicguard.apps.social_accounts import services
from civicguard.apps.social_accounts.models import AccountStatus, BusinessCase, InappropriateProvider
from civicguard.demo import DemoContext

FEEDBACK = {
    "st-helens": "Send us a private message, or make a complaint at www.sthelens.gov.uk/complaints. We reply "
                 "Monday to Friday, 9am to 5pm.",
    "sefton": "Send us a private message, or make a comment, compliment or complaint at "
              "www.sefton.gov.uk/complaints. We reply Monday to Friday, 9am to 5pm.",
}
TOWN = {"st-helens": "St Helens", "sefton": "Sefton"}


def load(ctx: DemoContext) -> None:
    _accounts_live(ctx)
    if not InappropriateProvider.objects.filter(council=ctx.council).exists():
        services.provider_add(council=ctx.council, actor=ctx.people["approver"], platform="tiktok",
                              reason="The council's information governance review found that the provider's "
                                     "terms let it keep and reuse the council's content without limit.")
    if not BusinessCase.objects.filter(council=ctx.council).exists():
        _cases(ctx)
    _case_to_endorse(ctx)


def _domain(ctx: DemoContext) -> str:
    return services.pack_facts(ctx.council).email_domains[0]


def _accounts_live(ctx: DemoContext) -> None:
    domain = _domain(ctx)
    approver = ctx.people["approver"]
    for account in ctx.accounts:
        if account.status == AccountStatus.LIVE and not services.go_live_missing(account):
            continue
        if account.status not in (AccountStatus.SET_UP, AccountStatus.LIVE):
            continue
        services.account_update(account=account, actor=approver, feedback_info=FEEDBACK[ctx.slug],
                                conditions_version="Accepted when the account was opened",
                                identifies_council=True, branding_appropriate=True,
                                login_email=f"socialmedia@{domain}")
        account.refresh_from_db()
        if account.status == AccountStatus.SET_UP:
            services.account_go_live(account=account, actor=approver)


def _answers(ctx: DemoContext, subject: str, area: str) -> dict[str, Any]:
    town = TOWN[ctx.slug]
    return {
        "service_area": ctx.council.service_areas.filter(slug=area).first(),
        "purpose": f"Tell residents about {subject} in {town}, and answer their questions about it.",
        "audience": f"Residents of {town} who use {subject}, and local community groups.",
        "posters": "Two officers of the service, trained and with signed User Agreements; the team leader as cover.",
        "moderators": "The same two officers read comments and messages each working day.",
        "hours_covered": "Monday to Friday, 9am to 5pm. Outside those hours the profile says when we reply.",
        "content_plan": f"Three posts a week about {subject}, planned a month ahead; urgent notices as needed.",
        "success_measures": "Followers and engagement each quarter, and fewer phone calls about the same topics.",
        "risks": "Abusive comments (moderated daily under the policy); staff absence (the team leader covers).",
        "feedback_arrangements": FEEDBACK[ctx.slug],
    }


def _cases(ctx: DemoContext) -> None:
    council, approver = ctx.council, ctx.people["approver"]
    # St Helens: a service manager writes business cases (6.1); Sefton: the team's line manager (5.2).
    author = ctx.people["service-manager" if ctx.slug == "st-helens" else "line-manager"]
    town = TOWN[ctx.slug]
    prefix = "StHelens" if ctx.slug == "st-helens" else "Sefton"

    def case(title: str, platform: str, subject: str, area: str, **extra: Any) -> Any:
        return services.business_case_create(council=council, actor=author, title=title, platform=platform,
                                             **{**_answers(ctx, subject, area), **extra})

    def submit(made: Any) -> Any:
        return services.business_case_submit(case=made, actor=author)

    def decide(made: Any, decision: str, reason: str) -> Any:
        return services.business_case_decide(case=submit(made), actor=approver, decision=decision, reason=reason)

    services.business_case_create(council=council, actor=author, title=f"{town} Youth Service", platform="instagram",
                                  purpose="Reach young people with activities in the holidays.")
    submit(case(f"{town} Roadworks", "x", "roadworks and road closures", "highways",
                handle=f"@{prefix}Roadworks"))
    decide(case(f"{town} Library Events", "facebook", "library events", "libraries"), "return",
           "Say who covers the account when both officers are away, and how often it will post in the summer.")
    submit(case(f"{town} Libraries on TikTok", "tiktok", "library events for teenagers", "libraries"))
    decide(case(f"{town} Highways Team", "facebook", "gritting and flooding alerts", "highways"), "approve",
           "A clear need: residents ask for real-time alerts, and the team has the staff to run it.")
    set_up = decide(case(f"{town} Libraries", "instagram", "libraries", "libraries",
                         handle=f"@{prefix.lower()}libraries"), "approve",
                    "Libraries' events reach a younger audience on Instagram; two trained officers will run it.")
    domain = _domain(ctx)
    services.account_create_from_case(case=set_up, actor=approver, handle=f"@{prefix.lower()}libraries",
                                      login_email=f"libraries.social@{domain}")
    live_case = decide(case(f"{town} Events", "facebook", "events and festivals", "communications",
                            handle=f"@{prefix}Events"), "approve",
                       "Events need their own page: the main account cannot carry every event.")
    live = services.account_create_from_case(case=live_case, actor=approver, handle=f"@{prefix}Events",
                                             login_email=f"events.social@{domain}",
                                             conditions_version="Facebook Terms of Service, 2025",
                                             identifies_council=True, branding_appropriate=True)
    services.account_go_live(account=live, actor=approver)


def _case_to_endorse(ctx: DemoContext) -> None:
    """St Helens 9.11: the line manager's case, submitted, waits for the service manager's endorsement."""
    if services.pack_facts(ctx.council).business_case.endorsed_by_role is None:
        return
    author = ctx.people["line-manager"]
    title = f"{TOWN[ctx.slug]} Parks Volunteers"
    if BusinessCase.objects.filter(council=ctx.council, title=title).exists():
        return
    case = services.business_case_create(council=ctx.council, actor=author, title=title, platform="facebook",
                                         **_answers(ctx, "volunteering in the parks", "communications"))
    services.business_case_submit(case=case, actor=author)
