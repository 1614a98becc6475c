"""Registering embargoed documents (St Helens 5.2), from pasted text or an uploaded PDF or DOCX.

Uploads are checked by their content, not their name: a PDF must start with %PDF-, a DOCX must be a zip
holding word/document.xml; anything else, or a file that will not parse, is refused with a reason. Both are read
by civicguard.common.uploads, which counts what a file expands to as it reads it (no upload can exhaust memory).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.embargo.models import EmbargoedDocument
from civicguard.common.uploads import UploadLimits, UploadRefused, docx_text, pdf_text
from civicguard.engine import EmbargoedDocument as EngineDocument
from civicguard.errors import BadInput

MAX_TEXT = 2_000_000  # characters kept from one document


def upload_limits() -> UploadLimits:
    """How far an uploaded document may expand when it is read (settings; docs/bad-input.md)."""
    return UploadLimits(max_expanded_bytes=settings.CIVICGUARD_UPLOAD_MAX_EXPANDED_BYTES,
                        max_ratio=settings.CIVICGUARD_UPLOAD_MAX_RATIO, max_parts=settings.CIVICGUARD_UPLOAD_MAX_PARTS,
                        max_pdf_pages=settings.CIVICGUARD_UPLOAD_MAX_PDF_PAGES, max_text=MAX_TEXT,
                        max_seconds=settings.CIVICGUARD_UPLOAD_MAX_SECONDS)


def document_text(*, name: str, data: bytes) -> str:
    """The text of an uploaded PDF or DOCX, judged by its content and read within `upload_limits()`: a file that
    expands too far, has too many parts or pages, or too much text is refused before it can exhaust the server."""
    if len(data) > settings.CIVICGUARD_MAX_UPLOAD_BYTES:
        raise BadInput(f"the file is larger than {settings.CIVICGUARD_MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
                       field="file")
    try:
        if data.startswith(b"%PDF-"):
            text = pdf_text(data, upload_limits())
        elif data.startswith(b"PK\x03\x04"):
            text = docx_text(data, upload_limits())
        else:
            raise BadInput(f"the file {name} is not a PDF or a Word (.docx) document" if name
                           else "the file is not a PDF or a Word (.docx) document", field="file")
    except UploadRefused as exc:
        raise BadInput(exc.message, field="file", reason=exc.reason) from None
    text = text.replace("\x00", "").strip()
    if not text:
        raise BadInput("no text could be read from the file (a scanned image?); paste the text instead",
                       field="file")
    return text[:MAX_TEXT]


@transaction.atomic
def embargo_register(*, actor: Any, council: Council, title: str, until: date, text: str = "",
                     upload_name: str = "", upload_data: bytes | None = None) -> EmbargoedDocument:
    require(actor, "embargo.manage", council)
    title = title.strip()
    if not title:
        raise BadInput("Enter a title for the document", field="title")
    if len(title) > 300:
        raise BadInput("The title must be 300 characters or fewer", field="title")
    if until <= timezone.localdate():
        raise BadInput("The embargo end date must be in the future", field="until")
    if upload_data:
        text = document_text(name=upload_name, data=upload_data)
    else:
        upload_name = ""
    text = text.replace("\x00", "").strip()
    if not text:
        raise BadInput("Paste the document's text or upload a PDF or Word document", field="text")
    doc = EmbargoedDocument.objects.create(council=council, title=title, text=text[:MAX_TEXT], until=until,
                                           source_name=upload_name[:255], registered_by=actor)
    audit_record(event="embargo.document.register", actor=actor, council=council, subject=doc,
                 after={"title": doc.title, "until": until.isoformat(), "source": upload_name,
                        "characters": len(doc.text)})
    return doc


@transaction.atomic
def embargo_withdraw(*, actor: Any, document: EmbargoedDocument) -> None:
    require(actor, "embargo.manage", document.council)
    if document.withdrawn is None:
        document.withdrawn = timezone.now()
        document.save(update_fields=["withdrawn"])
        audit_record(event="embargo.document.withdraw", actor=actor, council=document.council, subject=document,
                     before={"title": document.title, "until": document.until.isoformat()})


def embargoes_in_force(*, council: Council, day: date | None = None) -> tuple[EngineDocument, ...]:
    """The engine's view of the register: documents whose embargo has not ended, for the confidential detector."""
    day = day or timezone.localdate()
    rows = EmbargoedDocument.objects.filter(council=council, until__gt=day, withdrawn__isnull=True)
    return tuple(EngineDocument(title=r.title, text=r.text, until=r.until) for r in rows)
