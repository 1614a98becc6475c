"""Business cases: written by the pack's roles, refused for an inappropriate provider before anyone decides,
decided with reasons by the approver, and only then turned into an account by the creating section."""

import pytest

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.social_accounts import services
from civicguard.apps.social_accounts.models import BusinessCase, CaseState
from civicguard.errors import BadInput, InvalidState, NotAllowed
from tests.apps.factories import person
from tests.apps.social_accounts.cases import approved_case, complete_case


def test_a_service_manager_writes_a_case_and_submits_it(st_helens):
    author = person("service-manager")
    case = complete_case(st_helens, author)
    assert case.state == CaseState.DRAFT
    services.business_case_submit(case=case, actor=author)
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED and case.submitted_at
    assert AuditEntry.objects.filter(event="social_accounts.case.submit", object_id=str(case.pk)).exists()


def test_who_may_write_a_case_is_the_pack_s(st_helens, sefton):
    # St Helens 6.1 and 9.11: a service manager or a line manager; Sefton 5.2: the team's line manager or service
    # manager. Nobody else.
    assert complete_case(st_helens, person("line-manager")).state == CaseState.DRAFT
    with pytest.raises(NotAllowed, match="line manager or service manager"):
        complete_case(st_helens, person("representative"))
    assert complete_case(sefton, person("line-manager", "sefton"), title="Sefton Parks").state == CaseState.DRAFT


def test_an_incomplete_case_cannot_be_submitted(st_helens):
    author = person("service-manager")
    case = services.business_case_create(council=st_helens, actor=author, title="Half done")
    with pytest.raises(BadInput, match="missing") as exc:
        services.business_case_submit(case=case, actor=author)
    assert exc.value.data["field"] == "service_area" or exc.value.data["field"] == "platform"
    assert BusinessCase.objects.get(pk=case.pk).state == CaseState.DRAFT


def test_only_its_author_changes_a_draft(st_helens):
    case = complete_case(st_helens, person("service-manager"))
    with pytest.raises(NotAllowed):
        services.business_case_update(case=case, actor=person("service-manager"), purpose="Mine now")


def test_a_case_for_an_inappropriate_provider_is_refused_with_the_council_s_reason(st_helens):
    services.provider_add(council=st_helens, actor=person("approver"), platform="tiktok",
                          reason="Its data is held outside the UK.")
    author = person("service-manager")
    case = complete_case(st_helens, author, platform="tiktok")
    services.business_case_submit(case=case, actor=author)
    case.refresh_from_db()
    assert case.state == CaseState.REFUSED and case.decided_by is None
    assert "Its data is held outside the UK." in case.decision_reason and "TikTok" in case.decision_reason
    assert AuditEntry.objects.filter(event="social_accounts.case.refuse_provider").exists()


def test_the_approver_decides_with_reasons_and_never_on_their_own_case(st_helens):
    author = person("service-manager")
    case = complete_case(st_helens, author)
    services.business_case_submit(case=case, actor=author)
    approver = person("approver")
    with pytest.raises(BadInput, match="reasons"):
        services.business_case_decide(case=case, actor=approver, decision="approve", reason=" ")
    with pytest.raises(NotAllowed):
        services.business_case_decide(case=case, actor=person("service-manager"), decision="approve", reason="ok")
    services.business_case_decide(case=case, actor=approver, decision="return", reason="Say who covers weekends")
    case.refresh_from_db()
    assert case.state == CaseState.RETURNED and case.decision_reason == "Say who covers weekends"
    with pytest.raises(InvalidState):
        services.business_case_decide(case=case, actor=approver, decision="approve", reason="ok")
    # A returned case is changed (a draft again) and submitted again.
    services.business_case_update(case=case, actor=author, hours_covered="Every day, 8am to 8pm")
    assert BusinessCase.objects.get(pk=case.pk).state == CaseState.DRAFT
    services.business_case_submit(case=case, actor=author)
    services.business_case_decide(case=case, actor=approver, decision="refuse", reason="Use the main account")
    assert BusinessCase.objects.get(pk=case.pk).state == CaseState.REFUSED


def test_only_the_creating_section_creates_the_account_and_only_from_an_approved_case(st_helens):
    author, approver = person("service-manager"), person("approver")
    draft = complete_case(st_helens, author, title="Not yet")
    with pytest.raises(InvalidState):
        services.account_create_from_case(case=draft, actor=approver, handle="@NotYet")
    case = approved_case(st_helens, author, approver)
    with pytest.raises(NotAllowed):
        services.account_create_from_case(case=case, actor=person("admin"), handle="@StHelensParks")
    rep = person("employee")
    account = services.account_create_from_case(case=case, actor=approver, handle="@StHelensParks",
                                                 login_email="parks.social@sthelens.gov.uk",
                                                 representatives=[rep])
    case.refresh_from_db()
    assert case.state == CaseState.ACCOUNT_CREATED and account.business_case == case
    assert account.status == "set_up" and account.owner == author and account.platform == "instagram"
    assert account.service_area == case.service_area and account.feedback_info == case.feedback_arrangements
    assert rep.role_assignments.filter(role="representative", account=account).exists()
    with pytest.raises(InvalidState):
        services.account_create_from_case(case=case, actor=approver, handle="@Again")


def test_the_login_e_mail_must_be_a_council_address_and_is_never_in_the_audit_trail(st_helens):
    author, approver = person("service-manager"), person("approver")
    case = approved_case(st_helens, author, approver)
    with pytest.raises(BadInput, match="sthelens.gov.uk") as exc:
        services.account_create_from_case(case=case, actor=approver, handle="@P", login_email="me@gmail.com")
    assert exc.value.data["field"] == "login_email"
    services.account_create_from_case(case=case, actor=approver, handle="@P",
                                      login_email="secret.login@sthelens.gov.uk")
    for entry in AuditEntry.objects.all():
        assert "secret.login" not in f"{entry.before} {entry.after}"
