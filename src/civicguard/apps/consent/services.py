"""Changing the photo consent register (Sefton 5.5; St Helens 5.2). Each change checks the actor's capability,
makes the change and writes its audit entry in one transaction; pages, API, command line, the daily job and the
posts app only call these functions. Whether a record lets an image be published is not decided here but in
`selectors.refusal`.

* `consent_record`: a new record, with the uploaded signed form or the e-form signed in CivicGuard;
* `consent_read`, `consent_form_view`, `consent_register_export`: the logged reads (a child's record, a form, the
  register's export);
* `consent_withdraw`, `consent_expire_due`: a withdrawal (now) or an expiry (the daily job) raises a takedown task
  for every published post that used an image of the person (`TAKEDOWN_HOURS` to do it);
* `takedown_confirm`: someone confirms the post is down;
* `tag_add`, `tag_remove`: the people in a media item.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import can, represents, require, roles_in
from civicguard.apps.audit.services import audit_record
from civicguard.apps.consent import documents
from civicguard.apps.consent.models import (
    PLATFORM_NAMES,
    ConsentFrom,
    ConsentRead,
    ConsentRecord,
    FormKind,
    LawfulBasis,
    LookedAfter,
    PersonalPermission,
    PersonKind,
    Tag,
    TakedownTask,
)
from civicguard.apps.consent.selectors import permitted_records, record_refusal, register, status_of
from civicguard.apps.councils.models import Council
from civicguard.apps.media import storage
from civicguard.common.exports import safe_cell
from civicguard.common.uploads import UploadRefused
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound

MAX_NAME = 200
MAX_TEXT = 2000
MAX_REFERENCE = 100
# How long a consent may run before it must be asked for again. The policies set no term; three years is
# CivicGuard's choice (the ICO asks that consent be refreshed, and a child's circumstances change), so no record
# covers images for ever.
MAX_CONSENT_DAYS = 3 * 365 + 1
# How long the author and approver have to take a post down once its person's consent is withdrawn or expired: two
# days, one for a child (a withdrawal must be acted on "without undue delay"; the policies give no figure).
TAKEDOWN_HOURS = 48
CHILD_TAKEDOWN_HOURS = 24
# The states of a post that is on the platform, or on its way there (the outbox publishes approved posts).
PUBLISHED_STATES = ("approved", "published")

# What the audit trail says in place of a child's name (the record, whose reads are logged, has it).
CHILD_IN_AUDIT = "a child (the name is on the record)"
# The e-form's declarations: key -> the text the person agrees to (kept with the record as shown).
DECLARATIONS: dict[str, str] = {
    "agree": "I agree to the council publishing the photos or videos described, on the platforms and for the "
             "purposes named, until the date shown.",
    "withdraw": "I understand that I can withdraw my consent at any time by telling the council, and that the "
                "council will then take down its posts that show me.",
    "free": "I was told that I can refuse without any consequence for my job, and I do not feel under any pressure "
            "to agree.",
    "responsible": "I have parental responsibility for the child, or I am their carer or social worker, and I give "
                   "consent on their behalf.",
}


def declarations_for(person_kind: str, consent_from: str = "") -> list[str]:
    """The declarations the e-form asks of the person signing it (all of them are required)."""
    keys = ["agree", "withdraw"]
    if person_kind == PersonKind.STAFF:
        keys.append("free")  # Sefton 5.5.1.1, 5.5.1.3
    if person_kind == PersonKind.CHILD and consent_from != ConsentFrom.YOUNG_PERSON:
        keys.append("responsible")
    return keys


@dataclass(frozen=True)
class Upload:
    """A file as chosen: its name (shown only) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class ESignature:
    """The council's e-form, signed in CivicGuard: the name the signer typed and the declarations they ticked."""

    typed_name: str
    declarations: tuple[str, ...]


@dataclass(frozen=True)
class ChildDetails:
    """What the children's protocol asks for (Sefton 5.5.4.1-5.5.4.3, 5.5.4.8, 5.5.4.10)."""

    consent_from: str
    consent_from_name: str
    age_understanding: str
    file_reference: str
    purpose: str
    explained_to_child: bool
    explained_to_carer: bool
    not_explained_reason: str
    looked_after: str
    display_form: Upload | None = None


def _text(value: Any, field: str, limit: int, missing: str = "") -> str:
    text = str(value or "").strip()
    if field in ("name", "consent_from_name", "typed_name", "file_reference"):
        text = " ".join(text.split())
    if missing and not text:
        raise BadInput(missing, field=field)
    if len(text) > limit:
        raise BadInput(f"The {field.replace('_', ' ')} must be {limit} characters or fewer", field=field)
    return text


def _platforms(platforms: Iterable[str]) -> list[str]:
    chosen: list[str] = []
    for platform in platforms or ():
        if platform not in PLATFORM_NAMES:
            raise BadInput(f"{str(platform)[:40]!r} is not a platform CivicGuard knows", field="platforms")
        if platform not in chosen:
            chosen.append(platform)
    if not chosen:
        raise BadInput("Select the platforms the consent covers", field="platforms")
    return chosen


def _document(upload: Upload, field: str) -> documents.Document:
    try:
        return documents.examine(upload.data, max_bytes=int(settings.CIVICGUARD_MAX_UPLOAD_BYTES),
                                 max_pixels=int(settings.CIVICGUARD_MAX_IMAGE_PIXELS))
    except UploadRefused as exc:
        raise BadInput(exc.message[:1].upper() + exc.message[1:], field=field, reason=exc.reason) from None


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _plain(record: ConsentRecord) -> dict[str, Any]:
    """What the audit entry keeps of a record. A child's name, file reference and the judgement stay on the record,
    whose reads are logged: the audit trail is read by more people than children's records are."""
    found: dict[str, Any] = {
        "person_kind": record.person_kind, "name": CHILD_IN_AUDIT if record.is_child else record.name,
        "platforms": record.platform_names,
        "purposes": record.purposes, "media_description": record.media_description, "form_kind": record.form_kind,
        "lawful_basis": record.lawful_basis, "obtained_by": record.obtained_by.username,
        "obtained_on": record.obtained_on.isoformat(), "expires_on": record.expires_on.isoformat(),
    }
    if record.form_kind == FormKind.UPLOAD:
        found["form_sha256"] = record.form_sha256
    if record.person_kind == PersonKind.STAFF:
        found["told_free_to_refuse"] = record.told_free_to_refuse
    if record.is_child:
        found.update(consent_from=record.consent_from, looked_after=record.looked_after,
                     public_display=record.public_display)
    return found


def _child(record: ConsentRecord, child: ChildDetails | None) -> documents.Document | None:
    """Fill the children's protocol fields of `record` from `child`; the public display form, if one came."""
    if child is None:
        raise BadInput("Give the details the children's protocol asks for", field="consent_from")
    if child.consent_from not in ConsentFrom.values:
        raise BadInput("Select who gave consent for the child", field="consent_from")
    record.consent_from = child.consent_from
    young = child.consent_from == ConsentFrom.YOUNG_PERSON
    record.consent_from_name = _text(child.consent_from_name, "consent_from_name", MAX_NAME,
                                     "" if young else "Enter the name of the person who gave consent for the child")
    # Sefton 5.5.4.3: the young person's own consent only when they are clearly of an age and understanding to
    # give it, and that judgement is written down.
    record.age_understanding = _text(child.age_understanding, "age_understanding", MAX_TEXT,
                                     "Record why the young person is of an age and understanding to give consent "
                                     "on their own behalf" if young else "")
    # 5.5.4.3: the written consent is placed on the child's file.
    record.child_file_reference = _text(child.file_reference, "file_reference", MAX_REFERENCE,
                                        "Enter the reference of the child's file, where the consent is placed")
    # 5.5.4.1: a clear and child-centred purpose.
    record.child_purpose = _text(child.purpose, "child_purpose", MAX_TEXT,
                                 "Enter the child-centred purpose of the photos or videos")
    # 5.5.4.2: explained to the child, and to the parent or carer unless there are specific reasons not to, in
    # which case the social worker gives permission.
    if child.explained_to_child is not True:
        raise BadInput("Confirm that the purpose was explained to the child, according to their age and "
                       "understanding", field="explained_to_child")
    record.explained_to_child = True
    record.explained_to_carer = child.explained_to_carer is True
    record.not_explained_reason = _text(child.not_explained_reason, "not_explained_reason", MAX_TEXT,
                                        "" if record.explained_to_carer else
                                        "Confirm that the purpose was explained to the parent or carer, or give the "
                                        "reasons it was not and the social worker's permission")
    if child.looked_after not in LookedAfter.values:
        raise BadInput("Say whether the child is, or has been, looked after", field="looked_after")
    record.looked_after = child.looked_after
    return _document(child.display_form, "display_form") if child.display_form is not None else None


@transaction.atomic
def consent_record(*, actor: Any, council: Council, person_kind: str, name: str, platforms: Iterable[str],
                   purposes: str, media_description: str, obtained_on: date, expires_on: date,
                   lawful_basis: str = "consent", obtained_by: Any = None, form: Upload | None = None,
                   esignature: ESignature | None = None, told_free_to_refuse: bool = False,
                   staff_record: Any = None, child: ChildDetails | None = None, via: str = "page") -> ConsentRecord:
    """Record a person's written consent: the uploaded signed form (`form`) or the e-form signed in CivicGuard
    (`esignature`), exactly one. For a member of staff, that they were told they could refuse without consequence
    (Sefton 5.5.1.3); for a child, the protocol's details (`child`)."""
    require(actor, "consent.record", council)
    if person_kind not in PersonKind.values:
        raise BadInput("Select who the person is: a member of staff, a member of the public or a child",
                       field="person_kind")
    name = _text(name, "name", MAX_NAME, "Enter the name of the person in the photos or videos")
    if staff_record is not None and (person_kind != PersonKind.STAFF or staff_record.council_id != council.pk):
        raise BadInput("The staff record must be one of this council's, for a member of staff",
                       field="staff_record")
    chosen = _platforms(platforms)
    purposes = _text(purposes, "purposes", MAX_TEXT, "Enter what the photos or videos will be used for")
    media_description = _text(media_description, "media_description", MAX_TEXT,
                              "Describe the photos or videos the consent covers")
    if lawful_basis not in LawfulBasis.values:
        raise BadInput("Select the lawful basis", field="lawful_basis")
    obtained_by = obtained_by or actor
    if not roles_in(obtained_by, council):
        raise BadInput("The person who obtained the consent must work for the council", field="obtained_by")
    today = timezone.localdate()
    if not isinstance(obtained_on, date) or obtained_on > today:
        raise BadInput("The date the consent was given must be today or in the past", field="obtained_on")
    if not isinstance(expires_on, date) or expires_on < today:
        raise BadInput("The consent's last day must be today or later", field="expires_on")
    if expires_on > obtained_on + timedelta(days=MAX_CONSENT_DAYS):
        raise BadInput("A consent can run for up to 3 years from the day it was given: ask again after that",
                       field="expires_on")
    if (form is None) == (esignature is None):
        raise BadInput("Upload the signed consent form, or have the person sign the e-form", field="form")
    if person_kind == PersonKind.STAFF and told_free_to_refuse is not True:
        # Sefton 5.5.1.1, 5.5.1.3: consent from an employee is valid only if they felt free to decline.
        raise BadInput("Confirm that the member of staff was told they could refuse without any consequence",
                       field="told_free_to_refuse")
    record = ConsentRecord(council=council, person_kind=person_kind, name=name, staff_record=staff_record,
                           platforms=chosen, purposes=purposes, media_description=media_description,
                           lawful_basis=lawful_basis, obtained_by=obtained_by, obtained_on=obtained_on,
                           expires_on=expires_on, told_free_to_refuse=person_kind == PersonKind.STAFF,
                           recorded_by=actor)
    display = _child(record, child) if person_kind == PersonKind.CHILD else None
    if esignature is not None:
        record.form_kind = FormKind.EFORM
        signer = record.consent_from_name if record.is_child and record.consent_from != ConsentFrom.YOUNG_PERSON \
            else name
        typed = _text(esignature.typed_name, "typed_name", MAX_NAME, "The person signing must type their name")
        if not _same(typed, signer):
            raise BadInput(f"The typed name must be the name of the person giving consent ({signer})",
                           field="typed_name")
        needed = declarations_for(person_kind, record.consent_from)
        missing = [key for key in needed if key not in esignature.declarations]
        if missing:
            raise BadInput("The person signing must agree to every declaration on the e-form", field="declarations")
        record.eform_signed_name, record.eform_signed_at = typed, timezone.now()
        record.eform_declarations = [DECLARATIONS[key] for key in needed]
    written: list[str] = []
    try:
        if form is not None:
            document = _document(form, "form")
            record.form_kind = FormKind.UPLOAD
            record.form_path = documents.store_name(council.slug, document)
            record.form_sha256, record.form_content_type = document.sha256, document.content_type
            record.form_name = _file_name(form.name)
            if storage.save(record.form_path, document.data):
                written.append(record.form_path)
        if display is not None and child is not None and child.display_form is not None:
            record.display_form_path = documents.store_name(council.slug, display)
            record.display_form_sha256, record.display_form_content_type = display.sha256, display.content_type
            record.display_form_name = _file_name(child.display_form.name)
            if storage.save(record.display_form_path, display.data):
                written.append(record.display_form_path)
        record.save()
        audit_record(event="consent.record.create", actor=actor, council=council, subject=record,
                     after={**_plain(record), "via": via})
    except BaseException:
        for path in written:
            storage.erase(path)
        raise
    return record


def _file_name(name: str) -> str:
    name = (name or "").replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in name if ch.isprintable())[:255]


# ---- logged reads --------------------------------------------------------------------------------------------------

def consent_get(*, user: Any, council: Council, pk: int) -> ConsentRecord:
    """The record `pk` of `council` if `user` may read it; NotFound otherwise (whether or not it exists). The read
    itself is logged by `consent_read`."""
    record = register(user=user, council=council).filter(pk=pk).first()
    if record is None:
        raise NotFound("No such consent record among yours")
    return record


@transaction.atomic
def consent_read(*, actor: Any, record: ConsentRecord, via: str = "page") -> ConsentRecord:
    """Hand `record` to `actor` for reading. A child's record is confidential: each read is kept as a ConsentRead
    and in the audit trail (Sefton 5.5.4.9)."""
    if record_refusal(actor, record) is not None:
        raise NotFound("No such consent record among yours")
    if record.is_child:
        ConsentRead.objects.create(record=record, reader=actor, what=ConsentRead.What.RECORD, via=via)
        audit_record(event="consent.record.read", actor=actor, council=record.council, subject=record,
                     after={"via": via})
    return record


FORM_EVENTS = {"form": "consent.form.view", "display-form": "consent.display_form.view"}


def consent_form_view(*, actor: Any, record: ConsentRecord, which: str = "form",
                      via: str = "page") -> tuple[bytes, str]:
    """The uploaded form's bytes and type, after the check; every look is logged and audited."""
    if record_refusal(actor, record) is not None:
        raise NotFound("No such consent record among yours")
    if which not in FORM_EVENTS:
        raise BadInput("form or display-form", field="which")
    path, content_type = ((record.form_path, record.form_content_type) if which == "form"
                          else (record.display_form_path, record.display_form_content_type))
    if not path:
        raise NotFound("No form was uploaded for this record")
    with transaction.atomic():
        data = storage.read(path)
        ConsentRead.objects.create(record=record, reader=actor, what=which, via=via)
        audit_record(event=FORM_EVENTS[which], actor=actor, council=record.council, subject=record,
                     after={"via": via})
    return data, content_type


STATUS_LABELS = {"current": "Current", "expired": "Expired", "withdrawn": "Withdrawn"}
EXPORT_COLUMNS = ["id", "person", "name", "staff record", "platforms", "purposes", "photos or videos", "form",
                  "lawful basis", "obtained by", "obtained on", "last day", "told free to refuse", "status",
                  "withdrawn on", "withdrawn by", "withdrawal reason", "consent from", "child's file",
                  "looked after", "public display permission", "posts to take down"]


@transaction.atomic
def consent_register_export(*, actor: Any, council: Council, via: str = "page") -> str:
    """The register as CSV for Legal and Information Governance (the records `actor` may read; children's only for
    those who read children's records). The export is audited, with how many records it carried."""
    require(actor, "consent.view", council)
    today = timezone.localdate()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    records = list(register(user=actor, council=council).select_related("withdrawn_by").order_by("name", "id"))
    for r in records:
        open_tasks = r.takedowns.filter(confirmed_at__isnull=True).count()
        writer.writerow([safe_cell(v) for v in [
            r.pk, r.get_person_kind_display(), r.name, r.staff_record.name if r.staff_record else "",
            ", ".join(r.platform_names), r.purposes, r.media_description, r.get_form_kind_display(),
            r.get_lawful_basis_display(), r.obtained_by.username, r.obtained_on.isoformat(),
            r.expires_on.isoformat(), "yes" if r.told_free_to_refuse else "",
            STATUS_LABELS[status_of(r, today)], r.withdrawn_at.date().isoformat() if r.withdrawn_at else "",
            r.withdrawn_by.username if r.withdrawn_by else "", r.withdrawn_reason,
            r.get_consent_from_display() if r.consent_from else "", r.child_file_reference,
            r.get_looked_after_display() if r.looked_after else "",
            ("yes" if r.public_display else "no") if r.is_child else "", open_tasks]])
    children = sum(1 for r in records if r.is_child)
    audit_record(event="consent.register.export", actor=actor, council=council,
                 subject=("consent.register", council.slug),
                 after={"records": len(records), "children": children, "via": via})
    return out.getvalue()


# ---- withdrawal, expiry, takedowns --------------------------------------------------------------------------------

def _approver_ids(post: Any) -> list[int]:
    return list(post.approvals.filter(decision__in=("approve", "override", "confirm_override"))
                .values_list("actor_id", flat=True))


def _raise_takedowns(record: ConsentRecord, reason: str) -> list[TakedownTask]:
    """A takedown task for every published post that used an image tagged with `record` (once each)."""
    from civicguard.apps.posts.models import PostImage

    hours = CHILD_TAKEDOWN_HOURS if record.is_child else TAKEDOWN_HOURS
    deadline = timezone.now() + timedelta(hours=hours)
    made: list[TakedownTask] = []
    tagged = Tag.objects.filter(consent=record).values_list("media_item_id", flat=True)
    uses = (PostImage.objects.filter(media_id__in=tagged, post__status__in=PUBLISHED_STATES)
            .select_related("post", "post__account"))
    for use in uses:
        task, created = TakedownTask.objects.get_or_create(
            consent=record, post=use.post, media_item_id=use.media_id,
            defaults={"council": record.council, "reason": reason, "deadline": deadline})
        if created:
            audit_record(event="consent.takedown.create", council=record.council, subject=task,
                         after={"reason": reason, "post": use.post.pk, "image": use.media_id,
                                "deadline": deadline.isoformat(), "account": str(use.post.account)})
            made.append(task)
    return made


@transaction.atomic
def consent_withdraw(*, actor: Any, record: ConsentRecord, reason: str, via: str = "page") -> ConsentRecord:
    """Record that the person withdrew their consent (from now on no image of them is publishable under it), and
    raise a takedown task for each published post that used an image of them."""
    require(actor, "consent.record", record.council)
    if record_refusal(actor, record) is not None:
        raise NotFound("No such consent record among yours")
    record = ConsentRecord.objects.select_for_update().select_related("council").get(pk=record.pk)
    if record.withdrawn_at is not None:
        raise InvalidState("The consent was withdrawn already")
    reason = _text(reason, "reason", MAX_TEXT, "Enter how and when the person withdrew their consent")
    record.withdrawn_at, record.withdrawn_by, record.withdrawn_reason = timezone.now(), actor, reason
    record.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit_record(event="consent.record.withdraw", actor=actor, council=record.council, subject=record,
                 before={"status": "current"}, after={"status": "withdrawn", "reason": reason, "via": via})
    _raise_takedowns(record, "withdrawn")
    return record


@dataclass(frozen=True)
class ExpiryReport:
    records: int   # consents that ended and were handled today
    tasks: int     # takedown tasks raised for them


@transaction.atomic
def consent_expire_due(*, today: date | None = None) -> ExpiryReport:
    """The daily job (the system is the actor): each consent whose last day has passed, not withdrawn and not yet
    handled, raises its takedown tasks once. Safe to run again."""
    today = today or timezone.localdate()
    records = tasks = 0
    due = (ConsentRecord.objects.select_for_update().select_related("council")
           .filter(withdrawn_at__isnull=True, expiry_handled=False, expires_on__lt=today))
    for record in due:
        made = _raise_takedowns(record, "expired")
        record.expiry_handled = True
        record.save(update_fields=["expiry_handled"])
        audit_record(event="consent.record.expire", council=record.council, subject=record,
                     after={"expires_on": record.expires_on.isoformat(), "takedowns": len(made)})
        records, tasks = records + 1, tasks + len(made)
    return ExpiryReport(records=records, tasks=tasks)


def takedown_confirm_refusal(user: Any, task: TakedownTask) -> str | None:
    """Why `user` may not confirm `task`, or None: Legal and Communications (who see every task) may; otherwise the
    post's author, its approver or a representative of its account."""
    if not can(user, "consent.takedown", task.council):
        return "You cannot confirm takedowns"
    if task.confirmed_at is not None:
        return "The takedown was confirmed already"
    if can(user, "consent.view", task.council):
        return None
    post = task.post
    uid = getattr(user, "pk", None)
    if post.author_id == uid or uid in _approver_ids(post) or represents(user, post.account):
        return None
    return "Only the post's author, its approver, a representative of its account, Communications or Legal can " \
           "confirm this takedown"


@transaction.atomic
def takedown_confirm(*, actor: Any, task: TakedownTask, note: str, via: str = "page") -> TakedownTask:
    """Confirm that the post is down (what was done, in `note`): the task stops waiting on anyone."""
    require(actor, "consent.takedown", task.council)
    task = TakedownTask.objects.select_for_update().select_related("council", "post", "post__account").get(pk=task.pk)
    refusal = takedown_confirm_refusal(actor, task)
    if refusal is not None:
        raise InvalidState(refusal) if task.confirmed_at is not None else NotAllowed(refusal)
    note = _text(note, "note", MAX_TEXT, "Say what was done: where the post was removed from, and when")
    task.confirmed_by, task.confirmed_at, task.note = actor, timezone.now(), note
    task.save(update_fields=["confirmed_by", "confirmed_at", "note"])
    late = task.confirmed_at > task.deadline
    audit_record(event="consent.takedown.confirm", actor=actor, council=task.council, subject=task,
                 before={"status": "open"}, after={"status": "confirmed", "note": note, "late": late, "via": via})
    return task


# ---- tags -----------------------------------------------------------------------------------------------------------

def _own_personal_image(actor: Any, media_item: Any) -> bool:
    """An image the actor uploaded to check their own personal post: they tag the people in it themselves."""
    return media_item.purpose == "personal-check" and media_item.uploaded_by_id == getattr(actor, "pk", None)


def _may_tag_with(actor: Any, media_item: Any, consent: ConsentRecord) -> bool:
    """Whether `actor` may name `consent` in a tag of `media_item`: the staff who tag (consent.tag) any of the
    council's records; an employee, in their own personal post's image, only the people Corporate Communications
    let them post (Sefton 5.5.2.2)."""
    if can(actor, "consent.tag", media_item.council):
        return True
    return permitted_records(user=actor, council=media_item.council,
                             day=timezone.localdate()).filter(pk=consent.pk).exists()


def _media_check(actor: Any, media_item: Any) -> None:
    from civicguard.apps.media.services import media_view_refusal

    if not _own_personal_image(actor, media_item):
        require(actor, "consent.tag", media_item.council)
    if media_view_refusal(actor, media_item) is not None:
        raise NotFound("No such image among yours")


def _published(media_item: Any) -> bool:
    return media_item.post_images.filter(post__status__in=PUBLISHED_STATES).exists()


def _box(box: Any, media_item: Any) -> tuple[int, int, int, int] | None:
    if box is None:
        return None
    try:
        x, y, w, h = (int(v) for v in box)
    except (TypeError, ValueError):
        raise BadInput("A face's box is four whole numbers: x, y, width and height", field="box") from None
    if x < 0 or y < 0 or w <= 0 or h <= 0 or x + w > media_item.width or y + h > media_item.height:
        raise BadInput(f"The box must lie inside the image ({media_item.width} by {media_item.height} pixels)",
                       field="box")
    return x, y, w, h


@transaction.atomic
def tag_add(*, actor: Any, media_item: Any, name: str, consent: ConsentRecord | None = None,
            box: Any = None, via: str = "page") -> Tag:
    """Say who a person in `media_item` is: a name, and their consent record when they have one (`box`: the face,
    in the image's pixels). Whether the record lets the image be published is decided at each check."""
    _media_check(actor, media_item)
    if getattr(media_item, "deleted", None) is not None:
        raise InvalidState("The image was deleted")
    if consent is not None and consent.council_id != media_item.council_id:
        raise NotFound("No such consent record among yours", field="consent")
    if consent is not None and not _may_tag_with(actor, media_item, consent):
        raise NotFound("No such consent record among yours", field="consent")
    name = _text(name or (consent.name if consent is not None else ""), "name", MAX_NAME,
                 "Enter the name of the person")
    x, y, w, h = _box(box, media_item) or (None, None, None, None)
    tag = Tag.objects.create(media_item=media_item, consent=consent, name=name, box_x=x, box_y=y, box_w=w, box_h=h,
                             created_by=actor)
    child = consent is not None and consent.is_child
    audit_record(event="consent.tag.add", actor=actor, council=media_item.council, subject=tag,
                 after={"image": media_item.pk, "name": CHILD_IN_AUDIT if child else name,
                        "consent": consent.pk if consent else None,
                        "box": list(tag.box) if tag.box else None, "via": via})
    return tag


@transaction.atomic
def tag_remove(*, actor: Any, tag: Tag, via: str = "page") -> None:
    """Remove a tag, unless a published post carries the image (its tags are what a withdrawal follows to the
    post, so they stay), or the tag is a looked-after or previously looked-after child's: the face detector cannot
    tell who a face is, so removing that tag and tagging the face as someone else would make the picture look
    publishable. The picture stays unpublishable (Sefton 5.5.4.10); the way on is to take it off the post."""
    media_item = tag.media_item
    _media_check(actor, media_item)
    if _published(media_item):
        raise InvalidState("A published post carries this image: its tags are kept, so that a withdrawn consent "
                           "finds the post")
    if tag.consent is not None and tag.consent.is_looked_after:
        raise InvalidState("This tag is a looked-after child's: it stays, and the picture can never go on social "
                           "media. Take the picture off the post instead")
    audit_record(event="consent.tag.remove", actor=actor, council=media_item.council, subject=tag,
                 before={"image": media_item.pk,
                         "name": CHILD_IN_AUDIT if tag.consent is not None and tag.consent.is_child else tag.name,
                         "consent": tag.consent_id}, after={"via": via})
    tag.delete()


# ---- Corporate Communications' permission for a personal account (Sefton 5.5.2.2) -------------------------------

@transaction.atomic
def personal_permission_grant(*, actor: Any, record: ConsentRecord, employee: Any, legal_advice: str,
                              expires_on: date, via: str = "page") -> PersonalPermission:
    """Corporate Communications let `employee` post images of `record`'s person on their own accounts, after Legal's
    advice (recorded: who, when, reference). Never for a child (5.5.4.5-5.5.4.6: children's images stay off
    personal devices and accounts); never beyond the person's own consent."""
    require(actor, "consent.permit", record.council)
    if record_refusal(actor, record) is not None:
        raise NotFound("No such consent record among yours")
    if record.is_child:
        raise BadInput("Images of children are never posted on an employee's own accounts", field="employee")
    if record.withdrawn_at is not None:
        raise InvalidState("The person withdrew their consent")
    if not roles_in(employee, record.council):
        raise BadInput("Choose a member of the council's staff", field="employee")
    legal_advice = _text(legal_advice, "legal_advice", MAX_TEXT,
                         "Record Legal's advice first: who gave it, when, and its reference")
    today = timezone.localdate()
    if not isinstance(expires_on, date) or expires_on < today:
        raise BadInput("The permission's last day must be today or later", field="permission_expires_on")
    if expires_on > record.expires_on:
        raise BadInput(f"The permission cannot outlast the person's consent, which ends on "
                       f"{record.expires_on.day} {record.expires_on:%B %Y}", field="permission_expires_on")
    permission = PersonalPermission.objects.create(record=record, employee=employee, legal_advice=legal_advice,
                                                   expires_on=expires_on, granted_by=actor)
    audit_record(event="consent.permission.grant", actor=actor, council=record.council, subject=record,
                 after={"employee": employee.get_username(), "legal_advice": legal_advice,
                        "expires_on": expires_on.isoformat(), "via": via})
    return permission


@transaction.atomic
def personal_permission_withdraw(*, actor: Any, permission: PersonalPermission,
                                 via: str = "page") -> PersonalPermission:
    require(actor, "consent.permit", permission.record.council)
    permission = PersonalPermission.objects.select_for_update().select_related("record", "record__council",
                                                                                "employee").get(pk=permission.pk)
    if permission.withdrawn_at is not None:
        raise InvalidState("The permission was withdrawn already")
    permission.withdrawn_at, permission.withdrawn_by = timezone.now(), actor
    permission.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(event="consent.permission.withdraw", actor=actor, council=permission.record.council,
                 subject=permission.record, after={"employee": permission.employee.get_username(), "via": via})
    return permission
