"""An account's life: set up, live (only with its feedback information, conditions of use and checklist),
dormant, closed."""

import pytest

from civicguard.apps.social_accounts import services
from civicguard.apps.social_accounts.models import AccountStatus
from civicguard.errors import BadInput, InvalidState, NotAllowed
from tests.apps.factories import AccountFactory, person
from tests.apps.social_accounts.cases import approved_case


@pytest.fixture
def account(st_helens):
    author, approver = person("service-manager"), person("approver")
    return services.account_create_from_case(case=approved_case(st_helens, author, approver), actor=approver,
                                             handle="@StHelensParks", feedback_info="")


def test_an_account_does_not_go_live_until_its_record_is_complete(account):
    approver = person("approver")
    with pytest.raises(InvalidState, match="feedback") as exc:
        services.account_go_live(account=account, actor=approver)
    assert len(exc.value.data["missing"]) == 4
    services.account_update(account=account, actor=approver, feedback_info="Message us",
                            conditions_version="Terms 2025", identifies_council=True)
    with pytest.raises(InvalidState, match="branding"):
        services.account_go_live(account=account, actor=approver)
    services.account_update(account=account, actor=approver, branding_appropriate=True)
    assert services.account_go_live(account=account, actor=approver).status == AccountStatus.LIVE
    with pytest.raises(BadInput, match="live account"):
        services.account_update(account=account, actor=approver, feedback_info="")


def test_only_the_owner_or_the_section_changes_the_record(account):
    with pytest.raises(NotAllowed):
        services.account_update(account=account, actor=person("representative"), feedback_info="x")
    services.account_update(account=account, actor=account.owner, feedback_info="Call 01744 676789")
    account.refresh_from_db()
    assert account.feedback_info == "Call 01744 676789"


def test_an_empty_login_e_mail_keeps_the_recorded_one(account):
    approver = person("approver")
    services.account_update(account=account, actor=approver, login_email="parks@sthelens.gov.uk")
    services.account_update(account=account, actor=approver, login_email="")
    account.refresh_from_db()
    assert account.login_email == "parks@sthelens.gov.uk"


def test_the_daily_task_marks_a_live_account_dormant_and_leaves_others(st_helens):
    live = AccountFactory(council=st_helens, status=AccountStatus.LIVE)
    set_up = AccountFactory(council=st_helens)
    services.account_set_dormant(account=live, actor=None, reason="No posts for 90 days")
    services.account_set_dormant(account=set_up, actor=None, reason="No posts for 90 days")
    live.refresh_from_db()
    set_up.refresh_from_db()
    assert live.status == AccountStatus.DORMANT and live.status_reason == "No posts for 90 days"
    assert set_up.status == AccountStatus.SET_UP
    with pytest.raises(NotAllowed):
        services.account_set_dormant(account=live, actor=person("representative"), reason="x")


def test_closing_needs_a_reason_and_happens_once(st_helens):
    account = AccountFactory(council=st_helens, status=AccountStatus.LIVE)
    admin = person("admin")
    with pytest.raises(BadInput):
        services.account_close(account=account, actor=admin, reason="")
    services.account_close(account=account, actor=admin, reason="Service merged")
    with pytest.raises(InvalidState):
        services.account_close(account=account, actor=admin, reason="again")


def test_account_add_still_registers_an_account(st_helens):
    account = services.account_add(council=st_helens, platform="x", handle="@StHelensNews")
    assert account.status == AccountStatus.SET_UP


def test_the_profile_link_is_the_platform_s_usual_address():
    from civicguard.apps.social_accounts.models import profile_link

    assert profile_link("x", "@StHelensCouncil") == "https://x.com/StHelensCouncil"
    assert profile_link("mastodon", "@council@social.example") == "https://social.example/@council"
    assert profile_link("other", "@x") == ""
