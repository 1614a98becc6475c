"""The permission matrix's rows for procedures and account reviews (see tests/apps/matrix.py)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from civicguard.apps.councils.services import service_area_add
from civicguard.apps.reviews import selectors
from civicguard.apps.reviews.demo import pdf
from civicguard.apps.reviews.models import AccountReview, ServiceAreaProcedure
from civicguard.apps.reviews.services import CHECKLIST, procedure_upload, review_open
from civicguard.apps.social_accounts.models import AccountStatus, SocialAccount
from civicguard.apps.social_accounts.services import account_add, account_set_dormant
from tests.apps.factories import person, staff_record
from tests.apps.matrix import ALL, OK, api, page, roles

PROCEDURE_READERS = ALL                                                        # procedures.view
UPLOADERS = roles("line-manager", "service-manager")                           # procedures.upload
REVIEW_VIEWERS = roles("line-manager", "service-manager", "approver", "img")   # reviews.view
SIGNERS = roles("line-manager", "service-manager")                             # reviews.sign_off
NOBODY = frozenset[str]()
LEGEND = {"procedures.view": PROCEDURE_READERS, "procedures.upload": UPLOADERS, "reviews.view": REVIEW_VIEWERS,
          "reviews.sign_off": SIGNERS}
NOT_REVIEW_VIEWERS = ALL - REVIEW_VIEWERS

TARGETS = {"review", "managed_review", "procedure", "procedure_area"}


def _live(world: Any, handle: str, **fields: Any) -> SocialAccount:
    account = account_add(council=world.council, platform="facebook", handle=handle)
    SocialAccount.objects.filter(pk=account.pk).update(status=AccountStatus.LIVE, **fields)
    return SocialAccount.objects.get(pk=account.pk)


def build(world: Any) -> dict[str, Any]:
    today = timezone.localdate()
    # Due today, on an account whose line manager is on no record: any line or service manager signs it off.
    review = review_open(account=_live(world, "@QuillfeatherReviews"), due=today)
    # The owner's line manager is on HR's records, and is none of the matrix's people: nobody of theirs may sign.
    owner = person("representative", username="quillfeather-owner")
    boss = staff_record(name="Pat Boss", work_email="pat.boss@example.gov.uk")
    staff_record(user=owner, name="Quillfeather Owner", line_manager=boss)
    managed = review_open(account=_live(world, "@QuillfeatherManaged", owner_id=owner.pk), due=today)
    account_set_dormant(account=_live(world, "@QuillfeatherQuiet"), actor=None,
                        reason="No approved post for 120 days")
    # A service area with no manager on record: any line or service manager may upload its procedure.
    area = service_area_add(council=world.council, name="Quillfeather Branch Libraries", slug="quillfeather-branch")
    procedure = procedure_upload(actor=person("line-manager", username="quillfeather-writer"), area=area,
                                 title="Quillfeather branch libraries procedure",
                                 policy_version=selectors.policy_version(world.council),
                                 file_name="branch-libraries.pdf", data=pdf("Branch libraries procedure"))
    return {"review": review, "managed_review": managed, "procedure": procedure, "procedure_area": area}


def state(council: Any) -> tuple[Any, ...]:
    return (list(AccountReview.objects.filter(council=council).order_by("pk").values_list("pk", "signed_off_at")),
            ServiceAreaProcedure.objects.filter(council=council).count())


PDF = pdf("Branch libraries procedure, second edition")
BODIES = {
    "sign off, every item confirmed (form)": lambda w: {"checklist": list(CHECKLIST), "notes": "Checked."},
    "sign off, every item confirmed": lambda w: {**{name: True for name in CHECKLIST}, "notes": "Checked."},
    "a procedure for the branch libraries": lambda w: {
        "service_area": str(w.target("procedure_area").pk), "title": "Branch libraries procedure, second edition",
        "policy_version": selectors.policy_version(w.council),
        "file": SimpleUploadedFile("branch-libraries-2.pdf", PDF, "application/pdf")},
}

ROWS = {
    # -- service area procedures (St Helens 6.12) ------------------------------------------------------------
    ("reviews:procedures", "GET", ""): page(PROCEDURE_READERS, shows=PROCEDURE_READERS),
    ("reviews:procedure", "GET", ""): page(PROCEDURE_READERS, target="procedure", shows=PROCEDURE_READERS),
    ("reviews:procedure_download", "GET", ""): page(PROCEDURE_READERS, target="procedure", changes=True,
                                                    note="the file; each download is audited"),
    ("reviews:procedure_new", "GET", ""): page(UPLOADERS),
    ("reviews:procedure_new", "POST", ""): page(
        UPLOADERS, body="a procedure for the branch libraries", changes=True, elsewhere=(400, 403),
        note="an area the person may upload for (its manager on HR's records; none recorded: any line or service "
             "manager); from Sefton the St Helens area is not offered (400)"),
    # -- account reviews (St Helens 6.13, 9.9) ---------------------------------------------------------------
    ("reviews:list", "GET", ""): page(REVIEW_VIEWERS, shows=REVIEW_VIEWERS),
    ("reviews:dormant", "GET", ""): page(REVIEW_VIEWERS, shows=REVIEW_VIEWERS),
    ("reviews:review", "GET", ""): page(REVIEW_VIEWERS, target="review", shows=REVIEW_VIEWERS),
    ("reviews:review", "POST", ""): page(
        SIGNERS, target="review", body="sign off, every item confirmed (form)", changes=True, gate=REVIEW_VIEWERS,
        note="the account's line manager; none on record: any line or service manager"),
    ("reviews:review", "POST", "managed"): page(
        NOBODY, target="managed_review", body="sign off, every item confirmed (form)", gate=REVIEW_VIEWERS,
        note="only the owner's line manager on HR's records (tests/apps/reviews/test_views.py signs as them)"),
    # -- /api/v1 ----------------------------------------------------------------------------------------------
    ("api-procedures", "GET", ""): api(PROCEDURE_READERS, shows=PROCEDURE_READERS, stranger=403,
                                       elsewhere=(OK, 403), note="every council of the person's"),
    ("api-procedures", "GET", "council=st-helens"): api(PROCEDURE_READERS, query="council=st-helens",
                                                        shows=PROCEDURE_READERS),
    ("api-reviews", "GET", ""): api(REVIEW_VIEWERS, shows=REVIEW_VIEWERS, stranger=403, elsewhere=(OK, 403),
                                    note="every council where the person may see reviews; in none, 403"),
    ("api-reviews", "GET", "council=st-helens"): api(REVIEW_VIEWERS, query="council=st-helens",
                                                     shows=REVIEW_VIEWERS),
    ("api-review", "GET", ""): api(REVIEW_VIEWERS, target="review", hidden=NOT_REVIEW_VIEWERS,
                                   shows=REVIEW_VIEWERS),
    ("api-review-sign-off", "POST", ""): api(SIGNERS, target="review", body="sign off, every item confirmed",
                                             changes=True, hidden=NOT_REVIEW_VIEWERS),
    ("api-review-sign-off", "POST", "managed"): api(NOBODY, target="managed_review",
                                                    body="sign off, every item confirmed", hidden=NOT_REVIEW_VIEWERS,
                                                    note="only the owner's line manager on HR's records"),
}
