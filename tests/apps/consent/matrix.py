"""The permission matrix's rows for the photo consent register (see tests/apps/matrix.py).

The St Helens representative of the matrix ("the author") recorded an adult's consent (so they read it back, as
its recorder) and uploaded an image, tagged with it, that is not on any post. A separate Legal officer recorded a
child's consent (only Legal and the Caldicott Guardian read it; every read is logged) and withdrew a third
person's consent, whose image is on the world's approved post: that made a takedown task waiting on the author."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from civicguard.apps.consent.models import ConsentRead, ConsentRecord, PersonalPermission, Tag, TakedownTask
from civicguard.apps.consent.services import (
    ChildDetails,
    Upload,
    consent_record,
    consent_withdraw,
    personal_permission_grant,
    tag_add,
)
from civicguard.apps.media.services import media_upload
from civicguard.apps.posts.models import PostImage
from tests.apps.factories import person
from tests.apps.matrix import ALL, api, page, roles

PAGES = roles("legal", "approver", "caldicott-guardian", "representative")    # consent.pages
VIEWERS = roles("legal", "approver", "caldicott-guardian")                  # consent.view
CHILDREN = roles("legal", "caldicott-guardian")                             # consent.children
RECORDERS = roles("representative", "approver", "legal")                    # consent.record
TAGGERS = roles("representative", "approver", "legal")                      # consent.tag
TAKEDOWN = roles("representative", "approver", "legal")                     # consent.takedown
PERMIT = roles("approver")                                                  # consent.permit
LEGEND = {"consent.pages": PAGES, "consent.view": VIEWERS, "consent.children": CHILDREN,
          "consent.record": RECORDERS, "consent.tag": TAGGERS, "consent.takedown": TAKEDOWN,
          "consent.permit": PERMIT}
# The adult's record: the register's readers and its recorder (the matrix's representative).
ADULT_READERS = PAGES
# The image: its uploader (the author), the approvers and Legal (media.view).
IMAGE_READERS = roles("representative", "approver", "legal")


def _jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (30, 40), (250, 250, 245)).save(buf, format="JPEG")
    return buf.getvalue()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 140, 60)).save(buf, format="PNG")
    return buf.getvalue()


def _dates() -> dict[str, int]:
    today, last = timezone.localdate(), timezone.localdate() + timedelta(days=365)
    return {"obtained_on-day": today.day, "obtained_on-month": today.month, "obtained_on-year": today.year,
            "expires_on-day": last.day, "expires_on-month": last.month, "expires_on-year": last.year}


def _parts(day: Any) -> tuple[int, int, int]:
    return day.day, day.month, day.year


BODIES = {
    "consent: a record with the signed form": lambda w: {
        "person_kind": "public", "name": "Robin Reader", "platforms": ["facebook"], "purposes": "Library news",
        "media_description": "Photos at the reading group", "lawful_basis": "consent", "form_kind": "upload",
        "form": SimpleUploadedFile("signed.jpg", _jpeg(), "image/jpeg"), **_dates()},
    "consent: a record with the e-form (API)": lambda w: {
        "council": "st-helens", "person_kind": "public", "name": "Robin Reader", "platforms": ["facebook"],
        "purposes": "Library news", "media_description": "Photos at the reading group",
        "obtained_on": timezone.localdate().isoformat(),
        "expires_on": (timezone.localdate() + timedelta(days=365)).isoformat(),
        "esignature": {"typed_name": "Robin Reader", "declarations": ["agree", "withdraw"]}},
    "consent: a withdrawal": lambda w: {"reason": "Phoned the library on Monday"},
    "consent: a confirmation": lambda w: {"note": "Deleted from Facebook at 10:05"},
    "consent: a permission": lambda w: {
        "employee": w.target("consent_employee").pk, "legal_advice": "Legal Services, ref QF-LS-1",
        **{f"permission_expires_on-{part}": value for part, value in zip(
            ("day", "month", "year"), _parts(timezone.localdate() + timedelta(days=30)), strict=True)}},
    "consent: a permission (API)": lambda w: {
        "employee": w.target("consent_employee").username, "legal_advice": "Legal Services, ref QF-LS-1",
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat()},
    "consent: a tag (API)": lambda w: {"media_item": w.target("consent_image").pk, "name": "Robin Reader",
                                       "consent": w.target("consent_adult").pk, "box": [1, 1, 10, 10]},
}

TARGETS = {"consent_adult", "consent_child", "consent_takedown", "consent_tag", "consent_image",
           "consent_permission", "consent_employee"}


def build(world: Any) -> dict[str, Any]:
    legal = person("legal", username="sth-matrix-consent-legal")
    today = timezone.localdate()

    def make(actor: Any, name: str, kind: str = "public", **kw: Any) -> ConsentRecord:
        return consent_record(actor=actor, council=world.council, person_kind=kind, name=name,
                              platforms=["facebook"], purposes="Quillfeather Library's news",
                              media_description="Quillfeather reading group photos", obtained_on=today,
                              expires_on=today + timedelta(days=365), form=Upload("signed.jpg", _jpeg()), **kw)

    adult = make(world.author, "Quillfeather Resident")
    child = make(legal, "Quillfeather Child", "child", child=ChildDetails(
        consent_from="parent", consent_from_name="Quillfeather Parent", age_understanding="",
        file_reference="QF-0001", purpose="Quillfeather's summer reading certificates", explained_to_child=True,
        explained_to_carer=True, not_explained_reason="", looked_after="never",
        display_form=Upload("display.jpg", _jpeg())))
    loose = media_upload(actor=world.author, council=world.council, purpose="post", name="quillfeather-group.png",
                         data=_png())
    tag = tag_add(actor=world.author, media_item=loose, name="Quillfeather Resident", consent=adult)
    published = media_upload(actor=world.author, council=world.council, purpose="post",
                             name="quillfeather-stall.png", data=_png())
    gone = make(legal, "Quillfeather Stallholder")
    tag_add(actor=world.author, media_item=published, name="Quillfeather Stallholder", consent=gone)
    PostImage.objects.create(post=world.approved, media=published, alt_text="The Quillfeather stall")
    consent_withdraw(actor=legal, record=gone, reason="Asked at the Quillfeather desk")
    employee = person("employee", username="sth-matrix-consent-employee")
    approver = person("approver", username="sth-matrix-consent-approver")
    permission = personal_permission_grant(actor=approver, record=adult, employee=employee,
                                           legal_advice="Quillfeather Legal Services, ref QF-LS-0",
                                           expires_on=today + timedelta(days=60))
    return {"consent_permission": permission, "consent_employee": employee,
            "consent_adult": adult, "consent_child": child, "consent_tag": tag, "consent_image": loose,
            "consent_takedown": TakedownTask.objects.get(consent=gone)}


def state(council: Any) -> tuple[Any, ...]:
    return (list(ConsentRecord.objects.filter(council=council).order_by("pk").values_list("pk", "withdrawn_at")),
            ConsentRead.objects.filter(record__council=council).count(),
            list(Tag.objects.filter(media_item__council=council).order_by("pk").values_list("pk", "consent_id")),
            list(TakedownTask.objects.filter(council=council).order_by("pk").values_list("pk", "confirmed_at")),
            list(PersonalPermission.objects.filter(record__council=council).order_by("pk")
                 .values_list("pk", "withdrawn_at")))


ADULT = {"target": "consent_adult", "gate": PAGES}
CHILD = {"target": "consent_child", "gate": PAGES, "hidden": PAGES - CHILDREN, "changes": True}
ROWS = {
    ("consent:register", "GET", ""): page(PAGES, shows=PAGES,
                                          note="Legal, approvers and the Caldicott Guardian see the register; a "
                                               "representative the records they made"),
    ("consent:export", "GET", ""): page(VIEWERS, shows=VIEWERS, changes=True, note="audited"),
    ("consent:new", "GET", ""): page(RECORDERS),
    ("consent:new", "POST", ""): page(RECORDERS, body="consent: a record with the signed form", changes=True),
    ("consent:detail", "GET", ""): page(ADULT_READERS, shows=ADULT_READERS, **ADULT),
    ("consent:detail", "GET", "child"): page(CHILDREN, shows=CHILDREN, note="a logged read", **CHILD),
    ("consent:form", "GET", ""): page(ADULT_READERS, changes=True, note="every look logged", **ADULT),
    ("consent:display-form", "GET", ""): page(CHILDREN, note="the child's public display form", **CHILD),
    ("consent:withdraw", "POST", ""): page(RECORDERS, target="consent_adult", gate=RECORDERS,
                                           body="consent: a withdrawal", changes=True),
    ("consent:takedowns", "GET", ""): page(TAKEDOWN),
    ("consent:takedown", "GET", ""): page(TAKEDOWN, target="consent_takedown", shows=TAKEDOWN,
                                          note="Legal and Communications, and the post's author"),
    ("consent:takedown-confirm", "POST", ""): page(TAKEDOWN, target="consent_takedown",
                                                   body="consent: a confirmation", changes=True),
    ("api-consents", "GET", ""): api(ALL, shows=PAGES, stranger=200, elsewhere=(200, 200),
                                     note="the records the person may read, in all their councils"),
    ("api-consents", "POST", ""): api(RECORDERS, body="consent: a record with the e-form (API)", changes=True),
    ("api-consent", "GET", ""): api(ADULT_READERS, target="consent_adult", hidden=ALL - ADULT_READERS,
                                    shows=ADULT_READERS),
    ("api-consent", "GET", "child"): api(CHILDREN, target="consent_child", hidden=ALL - CHILDREN, shows=CHILDREN,
                                         changes=True),
    ("api-consent-withdrawal", "POST", ""): api(RECORDERS, target="consent_adult", body="consent: a withdrawal",
                                                changes=True, hidden=ALL - ADULT_READERS),
    ("api-consent-takedowns", "GET", ""): api(ALL, stranger=200, elsewhere=(200, 200),
                                              note="the tasks the person may see"),
    ("api-consent-takedown-confirmation", "POST", ""): api(TAKEDOWN, target="consent_takedown",
                                                           body="consent: a confirmation", changes=True,
                                                           hidden=ALL - TAKEDOWN - VIEWERS),
    ("consent:permit", "POST", ""): page(PERMIT, target="consent_adult", gate=PERMIT, body="consent: a permission",
                                         changes=True, note="Corporate Communications, after Legal's advice"),
    ("consent:permission-withdraw", "POST", ""): page(PERMIT, target="consent_permission", gate=PERMIT,
                                                      changes=True),
    ("api-consent-permissions", "GET", ""): api(ALL, stranger=200, elsewhere=(200, 200),
                                                note="one's own; the register's readers see every permission"),
    ("api-consent-permissions-create", "POST", ""): api(PERMIT, target="consent_adult",
                                                        body="consent: a permission (API)", changes=True,
                                                        hidden=ALL - ADULT_READERS),
    ("api-consent-permission-withdrawal", "POST", ""): api(PERMIT, target="consent_permission", changes=True,
                                                           hidden=ALL - VIEWERS),
    ("api-consent-tags", "POST", ""): api(TAGGERS, body="consent: a tag (API)", changes=True,
                                          hidden=ALL - IMAGE_READERS, note="those who may see the image"),
    ("api-consent-tag", "DELETE", ""): api(TAGGERS, target="consent_tag", changes=True,
                                           hidden=ALL - IMAGE_READERS),
}
