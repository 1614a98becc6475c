"""The permission matrix's rows for business cases and the accounts' records (see tests/apps/matrix.py).

St Helens' pack: a service manager or a line manager writes a case; a line manager's is endorsed by a service
manager (9.11) before the approver decides it and creates the account. The world's cases are written by the
matrix's own St Helens service manager (`build` supplies the cast's person for that role), so the rows only a
case's author may use (its sections, check answers and submit) allow the service manager; a case written by the
matrix's line manager (also supplied) waits for the service manager's endorsement, and the line manager's own
draft is the one the variant rows "a line manager's case" submit."""

from __future__ import annotations

from typing import Any

from civicguard.apps.social_accounts import services
from civicguard.apps.social_accounts.models import AccountStatus, BusinessCase, InappropriateProvider, SocialAccount
from tests.apps.factories import person
from tests.apps.matrix import ALL, api, page, roles
from tests.apps.social_accounts.cases import area

CASE_VIEWERS = roles("line-manager", "service-manager", "approver", "admin", "img")  # business_cases.view
DRAFTERS = roles("line-manager", "service-manager")                                  # business_cases.draft
DECIDERS = roles("approver")                                                         # business_cases.decide
LEGEND = {"business_cases.view": CASE_VIEWERS, "business_cases.draft": DRAFTERS, "business_cases.decide": DECIDERS}
MANAGERS = roles("approver", "admin")      # accounts.manage (and the pack's creator role, approver)
AUTHORS = roles("line-manager", "service-manager")  # St Helens' completed_by_roles
CASE_AUTHOR = roles("service-manager")     # the author of the world's cases: the matrix's service manager
LINE_AUTHOR = roles("line-manager")        # the author of the line manager's cases: the matrix's line manager
ENDORSER = roles("service-manager")        # St Helens' endorsed_by_role (any: the author's record names none)
CREATOR = roles("approver")                # St Helens' account_creation.creator_role
NOT_CASE_VIEWERS = ALL - CASE_VIEWERS

BODIES = {
    "sa: a business case": lambda w: {"title": "Sherdley Park events"},
    "sa: a business case (API)": lambda w: {"council": "st-helens", "title": "Sherdley Park events"},
    "sa: about section": lambda w: {"title": "Sherdley Park events", "platform": "x", "purpose": "Events",
                                    "audience": "Families", "service_area": area(w.council, "Libraries").pk},
    "sa: approve": lambda w: {"decision": "approve", "reason": "A clear need for it"},
    "sa: endorse": lambda w: {"decision": "endorse", "reason": "The team can run it"},
    "sa: close": lambda w: {"reason": "The parks team now posts on the main account"},
    "sa: the account": lambda w: {"handle": "@SherdleyParkEvents"},
    "sa: account record": lambda w: {"handle": "@SthParksEvents", "feedback_info": "Call 01744 676789",
                                     "conditions_version": "Terms 2025", "identifies_council": "on",
                                     "branding_appropriate": "on"},
    "sa: a provider": lambda w: {"platform": "tiktok", "reason": "Its data is held outside the UK"},
}

TARGETS = {"case_draft", "case_submitted", "case_approved", "sa_account", "case_endorsement", "case_line_draft"}

ANSWERS = {
    "platform": "instagram", "purpose": "Quillfeather Reading Rooms events", "audience": "Readers",
    "posters": "The library's events officer", "moderators": "The events officer", "hours_covered": "9am to 5pm",
    "content_plan": "Weekly events", "success_measures": "Attendance", "risks": "Comments: moderated daily",
    "feedback_arrangements": "Message us or complain at sthelens.gov.uk/complaints",
}


def build(world: Any) -> dict[str, Any]:
    sth = world.council
    author = person("service-manager", username="sth-case-author")
    line_manager = person("line-manager", username="sth-case-line-manager")
    approver = person("approver", username="sth-case-approver")
    # The accounts' owner: not one of the cast (an owner may change the account's record, and the register must
    # never show an owner's name, which the page's header shows for the person signed in).
    owner = person("employee", username="sth-account-owner")
    libraries = area(sth, "Libraries")

    def case(title: str, handle: str, by: Any = author) -> BusinessCase:
        return services.business_case_create(council=sth, actor=by, title=title, handle=handle,
                                             service_area=libraries, **ANSWERS)

    def submitted(title: str, handle: str) -> BusinessCase:
        return services.business_case_submit(case=case(title, handle), actor=author)

    def approved(title: str, handle: str) -> BusinessCase:
        return services.business_case_decide(case=submitted(title, handle), actor=approver, decision="approve",
                                             reason="Quillfeather readers asked for it")

    services.provider_add(council=sth, actor=approver, platform="bluesky",
                          reason="Quillfeather Library's review found no moderation tools")
    account = services.account_create_from_case(
        case=approved("Quillfeather Parks", "@QuillfeatherParks"), actor=approver, handle="@QuillfeatherParks",
        owner=owner,
        login_email="parks.login@sthelens.gov.uk", conditions_version="Terms 2025", identifies_council=True,
        branding_appropriate=True)
    # A live account whose fields carry no marker: the register lists it to anyone, in any council.
    live = services.account_create_from_case(case=approved("St Helens news", "@SthNewsDesk"), actor=approver,
                                             handle="@SthNewsDesk", identifies_council=True, owner=owner,
                                             branding_appropriate=True, conditions_version="Terms 2025")
    services.account_update(account=live, actor=approver, feedback_info="Message us")
    services.account_go_live(account=live, actor=approver)
    to_endorse = case("Quillfeather Homework Club", "@QuillfeatherHomework", by=line_manager)
    services.business_case_submit(case=to_endorse, actor=line_manager)
    return {("person", "st-helens", "service-manager"): author,
            ("person", "st-helens", "line-manager"): line_manager,
            "case_draft": case("Quillfeather Reading Rooms", "@QuillfeatherRooms"),
            "case_line_draft": case("Quillfeather Book Club", "@QuillfeatherBooks", by=line_manager),
            "case_endorsement": BusinessCase.objects.get(pk=to_endorse.pk),
            "case_submitted": submitted("Quillfeather Story Time", "@QuillfeatherStories"),
            "case_approved": approved("Quillfeather Archives", "@QuillfeatherArchives"),
            "sa_account": account}


def state(council: Any) -> tuple[Any, ...]:
    return (
        list(BusinessCase.objects.filter(council=council).order_by("pk").values_list(
            "pk", "state", "title", "purpose", "endorsement")),
        list(SocialAccount.objects.filter(council=council).order_by("pk").values_list(
            "pk", "status", "handle", "feedback_info")),
        InappropriateProvider.objects.filter(council=council).count(),
        SocialAccount.objects.filter(council=council, status=AccountStatus.LIVE).count(),
    )


ROWS = {
    # -- the accounts' records -------------------------------------------------------------------------------------
    ("social_accounts:detail", "GET", ""): page(ALL, target="sa_account", shows=ALL),
    ("social_accounts:edit", "GET", ""): page(MANAGERS, target="sa_account", gate=ALL, shows=MANAGERS,
                                              note="or the account's owner"),
    ("social_accounts:edit", "POST", ""): page(MANAGERS, target="sa_account", gate=ALL, body="sa: account record",
                                               changes=True),
    ("social_accounts:go-live", "GET", ""): page(MANAGERS, target="sa_account", gate=ALL, shows=MANAGERS),
    ("social_accounts:go-live", "POST", ""): page(MANAGERS, target="sa_account", gate=ALL, changes=True),
    ("social_accounts:close", "POST", ""): page(MANAGERS, target="sa_account", gate=ALL, body="sa: close",
                                                changes=True),
    ("social_accounts:providers", "GET", ""): page(ALL, shows=ALL),
    ("social_accounts:provider-add", "GET", ""): page(MANAGERS),
    ("social_accounts:provider-add", "POST", ""): page(MANAGERS, body="sa: a provider", changes=True),
    # -- business cases ------------------------------------------------------------------------------------------
    ("social_accounts:cases", "GET", ""): page(CASE_VIEWERS, shows=CASE_VIEWERS),
    ("social_accounts:case-new", "GET", ""): page(AUTHORS, gate=DRAFTERS,
                                                  note="St Helens' pack: a service manager (Sefton's: a line "
                                                       "manager too)"),
    ("social_accounts:case-new", "POST", ""): page(AUTHORS, gate=DRAFTERS, body="sa: a business case",
                                                   changes=True),
    ("social_accounts:case", "GET", ""): page(CASE_VIEWERS, target="case_draft", shows=CASE_VIEWERS),
    ("social_accounts:case-section", "GET", ""): page(CASE_AUTHOR, target="case_draft", gate=DRAFTERS,
                                                      query="section=about", shows=CASE_AUTHOR,
                                                      note="its author only"),
    ("social_accounts:case-section", "POST", ""): page(CASE_AUTHOR, target="case_draft", gate=DRAFTERS,
                                                       query="section=about", body="sa: about section",
                                                       changes=True, note="its author only"),
    ("social_accounts:case-check", "GET", ""): page(CASE_AUTHOR, target="case_draft", gate=DRAFTERS,
                                                    shows=CASE_AUTHOR, note="its author only"),
    ("social_accounts:case-check", "POST", ""): page(CASE_AUTHOR, target="case_draft", gate=DRAFTERS,
                                                     changes=True,
                                                     note="its author only; a service manager's case goes straight "
                                                          "to the approver"),
    ("social_accounts:case-check", "POST", "a line manager's case"): page(
        LINE_AUTHOR, target="case_line_draft", gate=DRAFTERS, changes=True,
        note="its author only; it waits for a service manager's endorsement (St Helens 9.11)"),
    ("social_accounts:case-endorse", "POST", ""): page(
        ENDORSER, target="case_endorsement", gate=CASE_VIEWERS, body="sa: endorse", changes=True,
        note="the author's service manager (their record's line manager if a service manager, else any)"),
    ("social_accounts:case-decide", "GET", ""): page(DECIDERS, target="case_submitted", shows=DECIDERS),
    ("social_accounts:case-decide", "POST", ""): page(DECIDERS, target="case_submitted", body="sa: approve",
                                                      changes=True),
    ("social_accounts:case-account", "GET", ""): page(CREATOR, target="case_approved", gate=MANAGERS,
                                                      shows=CREATOR),
    ("social_accounts:case-account", "POST", ""): page(CREATOR, target="case_approved", gate=MANAGERS,
                                                       body="sa: the account", changes=True),
    # -- API -------------------------------------------------------------------------------------------------------
    ("api-business-cases", "GET", ""): api(ALL, shows=CASE_VIEWERS, stranger=200, elsewhere=(200, 200),
                                           note="the cases of every council where the person sees cases"),
    ("api-business-cases", "POST", ""): api(AUTHORS, body="sa: a business case (API)", changes=True),
    ("api-business-case", "GET", ""): api(CASE_VIEWERS, target="case_draft", hidden=NOT_CASE_VIEWERS,
                                          shows=CASE_VIEWERS),
    ("api-business-case-submit", "POST", ""): api(CASE_AUTHOR, target="case_draft", hidden=NOT_CASE_VIEWERS,
                                                  changes=True, note="its author only"),
    ("api-business-case-submit", "POST", "a line manager's case"): api(
        LINE_AUTHOR, target="case_line_draft", hidden=NOT_CASE_VIEWERS, changes=True,
        note="its author only; it waits for a service manager's endorsement"),
    ("api-business-case-endorse", "POST", ""): api(ENDORSER, target="case_endorsement", body="sa: endorse",
                                                   changes=True, hidden=NOT_CASE_VIEWERS,
                                                   note="the author's service manager"),
    ("api-business-case-decide", "POST", ""): api(DECIDERS, target="case_submitted", body="sa: approve",
                                                  changes=True, hidden=NOT_CASE_VIEWERS),
    ("api-business-case-account", "POST", ""): api(CREATOR, target="case_approved", body="sa: the account",
                                                   changes=True, hidden=NOT_CASE_VIEWERS),
    ("api-accounts", "GET", ""): api(ALL, shows=ALL, stranger=200, elsewhere=(200, 200)),
    ("api-account", "GET", ""): api(ALL, target="sa_account", shows=ALL),
    ("api-account-go-live", "POST", ""): api(MANAGERS, target="sa_account", changes=True),
    ("api-account-close", "POST", ""): api(MANAGERS, target="sa_account", body="sa: close", changes=True),
}
