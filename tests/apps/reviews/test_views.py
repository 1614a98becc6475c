"""The pages: procedures by service area (list, upload, read, download), the reviews due, a review's checklist and
sign-off, the dormant accounts."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.reviews import selectors
from civicguard.apps.reviews.models import AccountReview, ServiceAreaProcedure
from civicguard.apps.reviews.services import CHECKLIST, procedure_upload, review_open
from civicguard.apps.social_accounts.services import account_set_dormant
from tests.apps.factories import person, staff_record
from tests.apps.moderation.factories import OFFENSIVE, comment
from tests.apps.reviews.factories import live_account, managed_area, manager, pdf


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_manager_uploads_a_procedure_and_the_list_shows_it_up_to_date(client, st_helens):
    area, user, _ = managed_area()
    form = signed_in(client, user).get(reverse("reviews:procedure_new") + f"?area={area.pk}")
    assert form.status_code == 200 and "(the version in force)" in form.content.decode()
    response = client.post(reverse("reviews:procedure_new"), {
        "service_area": str(area.pk), "title": "Libraries procedure",
        "policy_version": selectors.policy_version(st_helens),
        "file": SimpleUploadedFile("libraries.pdf", pdf("Libraries"), "application/pdf")})
    procedure = ServiceAreaProcedure.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reviews:procedure", args=[procedure.pk])
    page = client.get(reverse("reviews:procedures")).content.decode()
    assert "Libraries procedure" in page and "Up to date" in page


def test_a_file_that_is_not_a_document_is_shown_beside_the_file_field(client, st_helens):
    area, user, _ = managed_area()
    response = signed_in(client, user).post(reverse("reviews:procedure_new"), {
        "service_area": str(area.pk), "title": "Libraries procedure", "policy_version": "other",
        "other_version": "2019", "file": SimpleUploadedFile("notes.pdf", b"just some text", "application/pdf")})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#file"' in page and "notes.pdf is not a PDF, Word (.docx) or OpenDocument (.odt)" in page
    assert not ServiceAreaProcedure.objects.exists()


def test_an_earlier_version_typed_in_makes_the_procedure_out_of_date(client, st_helens):
    area, user, _ = managed_area()
    signed_in(client, user).post(reverse("reviews:procedure_new"), {
        "service_area": str(area.pk), "title": "Libraries procedure", "policy_version": "other",
        "other_version": "2019", "file": SimpleUploadedFile("l.pdf", pdf("Libraries"), "application/pdf")})
    procedure = ServiceAreaProcedure.objects.get()
    assert procedure.policy_version == "2019"
    page = client.get(reverse("reviews:procedure", args=[procedure.pk])).content.decode()
    assert "Out of date" in page and "should upload one that follows it" in page


def test_an_area_managed_by_someone_else_is_not_offered(client, st_helens):
    managed_area()
    outsider, _ = manager("line-manager")
    page = signed_in(client, outsider).get(reverse("reviews:procedure_new")).content.decode()
    assert "There is no service area you can upload a procedure for" in page


def test_the_download_is_the_file_and_is_audited(client, st_helens):
    area, user, _ = managed_area()
    procedure = procedure_upload(actor=user, area=area, title="Libraries procedure", policy_version="2019",
                                 file_name="libraries.pdf", data=pdf("Libraries"))
    response = signed_in(client, person("employee")).get(reverse("reviews:procedure_download", args=[procedure.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'filename="libraries.pdf"' in response["Content-Disposition"]
    assert AuditEntry.objects.filter(event="reviews.procedure.download").count() == 1


def test_the_reviews_page_lists_due_and_overdue_with_who_signs(client, st_helens):
    today = timezone.localdate()
    review_open(account=live_account(handle="@LibrariesLate"), due=today - timedelta(days=3))
    review_open(account=live_account(handle="@ParksSoon"), due=today + timedelta(days=5))
    review_open(account=live_account(handle="@LeisureLater"), due=today + timedelta(days=90))
    page = signed_in(client, person("img")).get(reverse("reviews:list")).content.decode()
    assert "@LibrariesLate" in page and "Overdue" in page and "@ParksSoon" in page
    assert "@LeisureLater" not in page


def test_the_line_manager_signs_off_with_the_checklist(client, st_helens):
    review = review_open(account=live_account(), due=timezone.localdate())
    signer = person("line-manager")
    page = signed_in(client, signer).get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Sign off the review" in page and "0 comments waiting" in page
    response = client.post(reverse("reviews:review", args=[review.pk]), {"checklist": list(CHECKLIST), "notes": ""})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.signed_off_by == signer
    assert AccountReview.objects.filter(account=review.account, signed_off_at__isnull=True).count() == 1


def test_an_item_left_unticked_is_named_and_nothing_is_signed(client, st_helens):
    review = review_open(account=live_account(), due=timezone.localdate())
    response = signed_in(client, person("line-manager")).post(
        reverse("reviews:review", args=[review.pk]), {"checklist": list(CHECKLIST[:3])})
    assert response.status_code == 400
    assert "Confirm that inappropriate content posted on or linked to it has been removed" in response.content.decode()
    review.refresh_from_db()
    assert review.is_open


def test_someone_else_s_review_says_whose_it_is_and_refuses_the_sign_off(client, st_helens):
    boss_user, boss = manager("line-manager", name="Lee Boss")
    owner = person("representative")
    staff_record(user=owner, line_manager=boss)
    review = review_open(account=live_account(owner=owner), due=timezone.localdate())
    other = signed_in(client, person("line-manager"))
    page = other.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Only Lee Boss, the account&#x27;s line manager, can sign off its review" in page
    assert "Sign off the review" not in page
    assert other.post(reverse("reviews:review", args=[review.pk]), {"checklist": list(CHECKLIST)}).status_code == 403
    client.force_login(boss_user)
    assert client.post(reverse("reviews:review", args=[review.pk]), {"checklist": list(CHECKLIST)}).status_code == 302


def test_the_comments_waiting_on_the_account_are_counted_and_linked_for_who_may_open_the_queue(client, st_helens):
    account = live_account()
    comment(account, OFFENSIVE)
    review = review_open(account=account, due=timezone.localdate())
    queue = f'{reverse("moderation:queue")}?account={account.pk}'
    approver_page = signed_in(client, person("approver")).get(reverse("reviews:review", args=[review.pk]))
    assert f'<a class="govuk-link" href="{queue}">1 comment waiting in the moderation queue</a>' in \
        approver_page.content.decode()
    manager_page = signed_in(client, person("line-manager")).get(reverse("reviews:review", args=[review.pk]))
    text = manager_page.content.decode()
    assert queue not in text and "1 comment on it is waiting for a moderator: ask a moderator to deal with it" in text


def test_dormant_accounts_are_listed_with_why(client, st_helens):
    account = live_account(handle="@OldNews")
    account_set_dormant(account=account, actor=None, reason="No approved post for 120 days")
    page = signed_in(client, person("service-manager")).get(reverse("reviews:dormant")).content.decode()
    assert "@OldNews" in page and "No approved post for 120 days" in page


def test_a_link_chooses_the_area_only_if_the_person_may_upload_for_it(client, st_helens):
    parks, _, _ = managed_area("Parks")  # managed by someone else
    libraries, user, _ = managed_area()
    signed_in(client, user)
    page = client.get(reverse("reviews:procedure_new"), {"area": libraries.pk}).content.decode()
    assert f'<option value="{libraries.pk}" selected>Libraries</option>' in page
    for asked in (parks.pk, "not-a-number"):
        page = client.get(reverse("reviews:procedure_new"), {"area": asked}).content.decode()
        assert '<option value="" selected>Choose a service area</option>' in page
        assert f'value="{parks.pk}"' not in page and " selected>Libraries" not in page
