"""Capturing evidence, opening it and exporting it in a bundle: every change of the evidence app is here, with its
chain of custody (St Helens 11.3: social media content may prove a breach, so what was captured must be shown to
be what is produced at the hearing).

The rules, each in one place:
* what may be captured: `_checked_content` (within `max_evidence_bytes`; a screenshot is a JPEG, PNG, WebP or
  GIF judged by its bytes with the media app's checks, decompression bombs refused; a post, a page or text is
  UTF-8 text or HTML, kept as given);
* that the stored bytes are still those captured: `_read_checked` (their SHA-256 against the record, at every
  open and every export);
* the chain of custody: one `CustodyEntry` for each capture, view, download and export, written by the service
  that does it.

Who may capture, open or export is NOT decided here: these are building blocks the cases app's services call
after their own checks (a case's evidence is read as its case: `access.confidential.may_read_case`). Every open
and export is logged as a read of the evidence with `confidential_read`; the audit trail says only "evidence
captured" (no content, no names).
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.confidential import confidential_read
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.evidence import bundle
from civicguard.apps.evidence.models import CustodyAction, CustodyEntry, EvidenceItem, EvidenceKind
from civicguard.apps.evidence.selectors import actor_name, custody_of
from civicguard.apps.media import storage
from civicguard.common.uploads import MB, UploadRefused
from civicguard.errors import BadInput, InvalidState

log = logging.getLogger(__name__)

MAX_EVIDENCE_BYTES = 20 * MB
OPEN_ACTIONS = {"view": CustodyAction.VIEW, "download": CustodyAction.DOWNLOAD}
READ_WHAT = {"view": "Evidence viewed", "download": "Evidence downloaded"}
# What each screenshot format is kept as (the media app's content check names the format).
TEXT_NOUN = {"post": "captured post", "page": "captured web page", "text": "captured text"}
IMAGE_EXTENSION = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_HTML_START = re.compile(r"\A\ufeff?\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


class EvidenceAltered(InvalidState):
    """The private store no longer holds the bytes that were captured (their SHA-256 differs, or the file is
    gone): someone or something changed the store. The evidence must not be relied on until this is explained."""

    code = "evidence_altered"


def max_evidence_bytes() -> int:
    return int(getattr(settings, "CIVICGUARD_MAX_EVIDENCE_BYTES", MAX_EVIDENCE_BYTES))


def _store_folder(council: Council) -> str:
    """Evidence is kept apart from the council's media (`<council>-evidence/<sha256>.<ext>`): deleting an image
    from the media library erases its files by name, and must never erase evidence that happens to be the same
    bytes."""
    return f"{council.slug}-evidence"


# ---- checking what is captured -----------------------------------------------------------------------------------

def _screenshot(data: bytes) -> tuple[str, str]:
    """(content type, extension) of a screenshot judged by its bytes, or BadInput saying why it was refused."""
    from civicguard.apps.media.content import examine, video_container
    from civicguard.apps.media.services import max_pixels

    if video_container(data) is not None:
        raise BadInput("A screenshot must be a picture (JPEG, PNG, WebP or GIF), not a video", field="file",
                       reason="not_image")
    try:
        examined = examine(data, max_bytes=max_evidence_bytes(), max_pixels=max_pixels())
    except UploadRefused as exc:
        raise BadInput(exc.message[:1].upper() + exc.message[1:], field="file", reason=exc.reason) from None
    if examined.kind != "image":
        raise BadInput("A screenshot must be a picture (JPEG, PNG, WebP or GIF), not a video", field="file",
                       reason="not_image")
    return examined.content_type, IMAGE_EXTENSION[examined.format]


def _text(data: bytes, kind: str) -> tuple[str, str]:
    """(content type, extension) of a captured post, page or text: UTF-8, kept exactly as given."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"The {TEXT_NOUN[kind]} must be UTF-8 text or a web page (HTML), and this file is neither. "
                       "Capture a picture of it as a screenshot instead", field="file",
                       reason="not_text") from None
    if "\x00" in text:
        raise BadInput(f"The {TEXT_NOUN[kind]} must be text or a web page, but it holds binary "
                       "data. Capture a picture of it as a screenshot instead", field="file", reason="not_text")
    if _HTML_START.match(text):
        return "text/html; charset=utf-8", "html"
    return "text/plain; charset=utf-8", "txt"


def _checked_content(kind: str, data: bytes) -> tuple[str, str]:
    if kind not in EvidenceKind.values:
        raise BadInput("Choose what was captured: a post, a web page, a screenshot or text", field="kind")
    if not data:
        raise BadInput("Nothing was captured: the file or text is empty", field="file", reason="empty")
    limit = max_evidence_bytes()
    if len(data) > limit:
        raise BadInput(f"The capture is larger than {limit // MB} MB; capture a smaller part of it", field="file",
                       reason="too_large")
    return _screenshot(data) if kind == EvidenceKind.SCREENSHOT else _text(data, kind)


def clean_file_name(name: str, extension: str) -> str:
    """The name shown and used in a bundle: no folders, no control characters, at most 200 characters, ending
    in the extension of what the content really is."""
    name = (name or "").replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().strip(".")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip()[: 200 - len(extension) - 1] or "evidence"
    return f"{stem}.{extension}"


def _source_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > 2000:
        raise BadInput("The address it was captured from is longer than 2,000 characters", field="source_url")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise BadInput("Enter the address it was captured from as a web address starting https://",
                       field="source_url") from None
    return url


def _address(address: str | None) -> str | None:
    """A network address as the database keeps it, or None when there is none (not a web request)."""
    try:
        return str(ipaddress.ip_address((address or "").strip())) if address else None
    except ValueError:
        return None


# ---- the services ------------------------------------------------------------------------------------------------

def evidence_capture(*, actor: Any, council: Council, kind: str, data: bytes, file_name: str,
                     description: str = "", source_url: str = "", address: str | None = None,
                     user_agent: str = "", via: str = "page") -> EvidenceItem:
    """Keep what was captured, exactly, in the private store, with its SHA-256, when, by whom and from where
    (`address`, `user_agent`); the first entry of its chain of custody; and an audit entry saying only that
    evidence was captured.

    Permission: none is checked here. This is a building block: the cases app's services (a concern report, a
    case's evidence, a removal's confirmation) decide who may capture and call this inside their own transaction.
    BadInput says why a capture was refused (empty, too large, a screenshot that is not a real image or is a
    decompression bomb, text that is not UTF-8); nothing is kept then."""
    content_type, extension = _checked_content(kind, data)
    description = (description or "").strip()
    if len(description) > 300:
        raise BadInput("Say what it shows in 300 characters or fewer", field="description")
    source_url = _source_url(source_url)
    sha256 = hashlib.sha256(data).hexdigest()
    name = storage.path_for(_store_folder(council), sha256, extension)
    written = storage.save(name, data)
    if not written and hashlib.sha256(storage.read(name)).hexdigest() != sha256:
        _altered_found(actor, council, None, name)
        raise EvidenceAltered("The private store already holds a different file under this capture's fingerprint, "
                              "so it was altered. Nothing was captured: tell the system administrator")
    try:
        with transaction.atomic():
            now = timezone.now()
            item = EvidenceItem.objects.create(
                council=council, kind=kind, description=description, source_url=source_url, sha256=sha256,
                size=len(data), content_type=content_type, file_name=clean_file_name(file_name, extension),
                stored_as=name, captured_by=actor, captured_at=now, captured_from=_address(address),
                user_agent=(user_agent or "")[:300])
            CustodyEntry.objects.create(item=item, actor=actor, action=CustodyAction.CAPTURE, at=now,
                                        address=_address(address), via=via)
            audit_record(event="evidence.item.capture", actor=actor, council=council, subject=item,
                         after={"via": via})
    except BaseException:
        if written:
            storage.erase(name)
        raise
    return item


def _altered_found(actor: Any, council: Council, item: EvidenceItem | None, name: str) -> None:
    log.error("evidence store altered: %s no longer holds the bytes captured", name)
    audit_record(event="evidence.item.altered", actor=actor, council=council,
                 subject=item if item is not None else ("evidence.evidenceitem", ""), after={"stored_as": name})


def _read_checked(actor: Any, item: EvidenceItem) -> bytes:
    """The stored bytes of `item`, after checking they are still the bytes captured (EvidenceAltered if not)."""
    try:
        data = storage.read(item.stored_as)
    except (FileNotFoundError, ValueError):
        data = None
    if data is None or hashlib.sha256(data).hexdigest() != item.sha256:
        _altered_found(actor, item.council, item, item.stored_as)
        what = "is missing from" if data is None else "no longer matches the SHA-256 recorded when it was captured in"
        raise EvidenceAltered(f"{item.file_name} {what} the private store: the store was altered. Do not rely on "
                              "this copy; tell the system administrator, who can restore it from a backup")
    return data


def evidence_open(*, actor: Any, item: EvidenceItem, action: str = "view", address: str | None = None,
                  via: str = "page") -> bytes:
    """The captured bytes of `item`, checked against their SHA-256 (EvidenceAltered when the store was changed);
    the view or download goes into its chain of custody and the read log (`confidential_read`).

    The caller (the cases app) has checked that `actor` may read the item's case (`may_read_case`)."""
    if action not in OPEN_ACTIONS:
        raise BadInput("Choose to view or to download the evidence", field="action")
    data = _read_checked(actor, item)
    with transaction.atomic():
        CustodyEntry.objects.create(item=item, actor=actor, action=OPEN_ACTIONS[action], at=timezone.now(),
                                    address=_address(address), via=via)
        confidential_read(reader=actor, council=item.council, kind="evidence", what=READ_WHAT[action],
                          object_id=item.pk, via=via, address=_address(address))
    return data


def _bundle_name(item: EvidenceItem) -> str:
    """The item's name in a bundle: its number first, so two captures with the same name never collide."""
    return f"{item.pk}-{item.file_name}".replace("/", "_").replace("\\", "_")


def _custody_line(path: str, entry: CustodyEntry) -> dict[str, str]:
    return {"file": path, "actor": actor_name(entry.actor), "action": entry.get_action_display(),
            "at": entry.at.isoformat(), "address": entry.address or "", "via": entry.via}


def evidence_bundle(*, actor: Any, council: Council, reference: str, items: list[EvidenceItem],
                    findings: list[dict[str, Any]], summary: Any, address: str | None = None,
                    via: str = "page") -> bytes:
    """The evidence bundle for a hearing (bundle.build): each item's captured bytes (checked against their
    SHA-256 first: EvidenceAltered stops the export), and a manifest with the case's `reference`, `summary`,
    `findings` (with their clauses), each item's facts and the whole chain of custody of every item, in which
    this export is already written (an `export` entry per item, made first). Each item's read log records the
    export with the manifest's SHA-256, so a bundle produced later can be matched with the export it came from.

    The caller (the cases app) has checked that `actor` may read the case and export its evidence."""
    unique = list({item.pk: item for item in items}.values())
    for item in unique:
        if item.council_id != council.pk:
            raise BadInput("The evidence belongs to another council", field="items")
    contents = {item.pk: _read_checked(actor, item) for item in unique}
    where = _address(address)
    with transaction.atomic():
        now = timezone.now()
        for item in unique:
            CustodyEntry.objects.create(item=item, actor=actor, action=CustodyAction.EXPORT, at=now, address=where,
                                        via=via, note=f"Exported in the evidence bundle of {reference}"[:300])
        files: list[tuple[str, bytes]] = []
        evidence: list[dict[str, Any]] = []
        custody: list[dict[str, str]] = []
        for item in unique:
            path = bundle.FILES + _bundle_name(item)
            files.append((_bundle_name(item), contents[item.pk]))
            evidence.append({
                "file": path, "kind": item.get_kind_display(), "description": item.description,
                "source_url": item.source_url, "sha256": item.sha256, "size": item.size,
                "content_type": item.content_type, "captured_at": item.captured_at.isoformat(),
                "captured_by": actor_name(item.captured_by), "captured_from": item.captured_from or "",
                "user_agent": item.user_agent})
            custody.extend(_custody_line(path, entry) for entry in custody_of(item))
        custody.sort(key=lambda line: (line["at"], line["file"]))
        manifest = {"case_reference": reference, "council": council.name, "summary": summary,
                    "findings": findings, "evidence": evidence, "custody": custody, "generated_at": now.isoformat(),
                    "generated_by": actor_name(actor)}
        data = bundle.build(files, manifest)
        digest = bundle.manifest_sha256(data)
        for item in unique:
            confidential_read(reader=actor, council=council, kind="evidence",
                              what=f"Exported in an evidence bundle, manifest SHA-256 {digest}, case {reference}",
                              object_id=item.pk, via=via, address=where)
    return data
