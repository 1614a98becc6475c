"""The business case pages: a task list, a section at a time, check answers, the decision, the account."""

from django.urls import reverse

from civicguard.apps.social_accounts.models import BusinessCase, CaseState, SocialAccount
from tests.apps.factories import person
from tests.apps.social_accounts.cases import ANSWERS, area, complete_case


def test_a_case_from_start_to_account_through_the_pages(client, st_helens):
    parks = area(st_helens)
    author = person("service-manager")
    client.force_login(author)
    response = client.post(reverse("social_accounts:case-new"), {"title": "St Helens Parks"})
    case = BusinessCase.objects.get()
    assert response["Location"] == reverse("social_accounts:case", args=[case.pk])
    page = client.get(response["Location"]).content.decode()
    assert "govuk-task-list" in page and page.count("Incomplete") == 3  # the name is already given
    section = reverse("social_accounts:case-section", args=[case.pk])
    bad = client.post(section + "?section=about", {"title": "St Helens Parks"})
    assert bad.status_code == 400 and "Select the platform" in bad.content.decode()
    about = {k: ANSWERS[k] for k in ("platform", "handle", "purpose", "audience")}
    assert client.post(section + "?section=about", {"title": "St Helens Parks", "service_area": parks.pk,
                                                    **about}).status_code == 302
    for name in ("people", "content", "risks"):
        from civicguard.apps.social_accounts.forms import SECTION_FORMS

        body = {f: ANSWERS[f] for f in SECTION_FORMS[name].base_fields}
        assert client.post(f"{section}?section={name}", body).status_code == 302
    check = client.get(reverse("social_accounts:case-check", args=[case.pk])).content.decode()
    assert "Check your answers" in check and "Monday to Friday, 9am to 5pm" in check
    client.post(reverse("social_accounts:case-check", args=[case.pk]))
    assert BusinessCase.objects.get().state == CaseState.SUBMITTED

    approver = person("approver")
    client.force_login(approver)
    decide = reverse("social_accounts:case-decide", args=[case.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 400
    client.post(decide, {"decision": "approve", "reason": "A clear need"})
    assert BusinessCase.objects.get().state == CaseState.APPROVED
    wrong = client.post(reverse("social_accounts:case-account", args=[case.pk]),
                        {"handle": "@StHelensParks", "login_email": "parks.private@gmail.com"})
    assert wrong.status_code == 400 and "must be a council address ending @sthelens.gov.uk" in wrong.content.decode()
    assert "parks.private" not in wrong.content.decode()
    made = client.post(reverse("social_accounts:case-account", args=[case.pk]),
                       {"handle": "@StHelensParks", "login_email": "parks@sthelens.gov.uk"})
    account = SocialAccount.objects.get()
    assert made["Location"] == reverse("social_accounts:detail", args=[account.pk])
    detail = client.get(made["Location"]).content.decode()
    assert "Recorded (never shown)" in detail and "parks@sthelens.gov.uk" not in detail
    edit = client.get(reverse("social_accounts:edit", args=[account.pk])).content.decode()
    assert "parks@sthelens.gov.uk" not in edit
    bad = client.post(reverse("social_accounts:edit", args=[account.pk]),
                      {"handle": "", "login_email": "new.login@sthelens.gov.uk"})
    assert bad.status_code == 400 and "new.login" not in bad.content.decode()


def test_a_person_who_may_not_write_cases_sees_the_list_without_the_button(client, st_helens):
    client.force_login(person("approver"))
    page = client.get(reverse("social_accounts:cases")).content.decode()
    assert "Start a business case" not in page
    assert client.get(reverse("social_accounts:case-new")).status_code == 403


def test_a_submitted_case_cannot_be_changed_from_its_page(client, st_helens):
    author = person("service-manager")
    case = complete_case(st_helens, author)
    from civicguard.apps.social_accounts.services import business_case_submit

    business_case_submit(case=case, actor=author)
    client.force_login(author)
    response = client.get(reverse("social_accounts:case-section", args=[case.pk]) + "?section=risks")
    assert response.status_code == 302
    page = client.get(reverse("social_accounts:case", args=[case.pk])).content.decode()
    assert "govuk-task-list" not in page and "Feedback and complaints arrangements" in page


def test_the_providers_list_and_adding_one(client, st_helens):
    client.force_login(person("approver"))
    assert client.post(reverse("social_accounts:provider-add"), {"platform": "tiktok"}).status_code == 400
    client.post(reverse("social_accounts:provider-add"), {"platform": "tiktok", "reason": "Data held abroad"})
    page = client.get(reverse("social_accounts:providers")).content.decode()
    assert "TikTok" in page and "Data held abroad" in page
    client.force_login(person("employee"))
    assert client.get(reverse("social_accounts:provider-add")).status_code == 403
