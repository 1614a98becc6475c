"""The permission matrix's rows for business cases and the accounts' records (see tests/apps/matrix.py).

St Helens' pack: a service manager writes a case, the approver decides it and creates the account. The world's
cases are written by a St Helens service manager who is not the matrix's service manager, so the rows only a
case's author may use (its sections, check answers and submit) succeed for nobody here: the author's own journey
is in test_case_pages.py and test_api.py."""

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
AUTHORS = roles("service-manager")         # St Helens' completed_by_roles
CREATOR = roles("approver")                # St Helens' account_creation.creator_role
NOBODY: frozenset[str] = frozenset()       # the case's author only (not a role of the matrix's cast)
NOT_CASE_VIEWERS = ALL - CASE_VIEWERS

BODIES = {
    "sa: a business case": lambda w: {"title": "Sherdley Park events"},
    "sa: a business case (API)": lambda w: {"council": "st-helens", "title": "Sherdley Park events"},
    "sa: about section": lambda w: {"title": "Sherdley Park events", "platform": "x", "purpose": "Events",
                                    "audience": "Families", "service_area": ""},
    "sa: approve": lambda w: {"decision": "approve", "reason": "A clear need for it"},
    "sa: the account": lambda w: {"handle": "@SherdleyParkEvents"},
    "sa: account record": lambda w: {"handle": "@SthParksEvents", "feedback_info": "Call 01744 676789",
                                     "conditions_version": "Terms 2025", "identifies_council": "on",
                                     "branding_appropriate": "on"},
    "sa: a provider": lambda w: {"platform": "tiktok", "reason": "Its data is held outside the UK"},
}

TARGETS = {"case_draft", "case_submitted", "case_approved", "sa_account"}

ANSWERS = {
    "platform": "instagram", "purpose": "Quillfeather Reading Rooms events", "audience": "Readers",
    "posters": "The library's events officer", "moderators": "The events officer", "hours_covered": "9am to 5pm",
    "content_plan": "Weekly events", "success_measures": "Attendance", "risks": "Comments: moderated daily",
    "feedback_arrangements": "Message us or complain at sthelens.gov.uk/complaints",
}


def build(world: Any) -> dict[str, Any]:
    sth = world.council
    author = person("service-manager", username="sth-case-author")
    approver = person("approver", username="sth-case-approver")
    libraries = area(sth, "Libraries")

    def case(title: str, handle: str) -> BusinessCase:
        return services.business_case_create(council=sth, actor=author, title=title, handle=handle,
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
        login_email="parks.login@sthelens.gov.uk", conditions_version="Terms 2025", identifies_council=True,
        branding_appropriate=True)
    # A live account whose fields carry no marker: the register lists it to anyone, in any council.
    live = services.account_create_from_case(case=approved("St Helens news", "@SthNewsDesk"), actor=approver,
                                             handle="@SthNewsDesk", identifies_council=True,
                                             branding_appropriate=True, conditions_version="Terms 2025")
    services.account_update(account=live, actor=approver, feedback_info="Message us")
    services.account_go_live(account=live, actor=approver)
    return {"case_draft": case("Quillfeather Reading Rooms", "@QuillfeatherRooms"),
            "case_submitted": submitted("Quillfeather Story Time", "@QuillfeatherStories"),
            "case_approved": approved("Quillfeather Archives", "@QuillfeatherArchives"),
            "sa_account": account}


def state(council: Any) -> tuple[Any, ...]:
    return (
        list(BusinessCase.objects.filter(council=council).order_by("pk").values_list("pk", "state", "title")),
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
    ("social_accounts:case-section", "GET", ""): page(NOBODY, target="case_draft", gate=DRAFTERS,
                                                      query="section=about", note="its author only"),
    ("social_accounts:case-section", "POST", ""): page(NOBODY, target="case_draft", gate=DRAFTERS,
                                                       query="section=about", body="sa: about section",
                                                       note="its author only"),
    ("social_accounts:case-check", "GET", ""): page(NOBODY, target="case_draft", gate=DRAFTERS,
                                                    note="its author only"),
    ("social_accounts:case-check", "POST", ""): page(NOBODY, target="case_draft", gate=DRAFTERS,
                                                     note="its author only"),
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
    ("api-business-case-submit", "POST", ""): api(NOBODY, target="case_draft", hidden=NOT_CASE_VIEWERS,
                                                  note="its author only"),
    ("api-business-case-decide", "POST", ""): api(DECIDERS, target="case_submitted", body="sa: approve",
                                                  changes=True, hidden=NOT_CASE_VIEWERS),
    ("api-business-case-account", "POST", ""): api(CREATOR, target="case_approved", body="sa: the account",
                                                   changes=True, hidden=NOT_CASE_VIEWERS),
    ("api-accounts", "GET", ""): api(ALL, shows=ALL, stranger=200, elsewhere=(200, 200)),
    ("api-account", "GET", ""): api(ALL, target="sa_account", shows=ALL),
    ("api-account-go-live", "POST", ""): api(MANAGERS, target="sa_account", changes=True),
}
