"""Checking an uploaded procedure document (St Helens 6.12) before it is kept: a PDF, a Word document (.docx) or
an OpenDocument text (.odt), judged by its content and not its name, and opened within the limits every upload
has (civicguard.common.uploads: what the file expands to, its parts and pages, the time it takes). The document
is kept as it was sent; its text is not needed, so a scanned PDF is accepted.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from django.conf import settings

from civicguard.common.uploads import (
    ARCHIVE_MAGIC,
    ARCHIVE_SUFFIXES,
    CHUNK,
    ExpansionBudget,
    UploadLimits,
    UploadRefused,
    docx_text,
    pdf_text,
)
from civicguard.errors import BadInput

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ODT_MAIN = "content.xml"
# What the file input offers (the server judges the content whatever the browser sends).
ACCEPT = (".pdf,.docx,.odt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
          "application/vnd.oasis.opendocument.text")


@dataclass(frozen=True)
class Checked:
    kind: str  # "pdf", "docx" or "odt" (ProcedureKind)
    size: int


def upload_limits() -> UploadLimits:
    """The limits of settings (docs/bad-input.md), as the embargo register reads documents."""
    return UploadLimits(max_expanded_bytes=settings.CIVICGUARD_UPLOAD_MAX_EXPANDED_BYTES,
                        max_ratio=settings.CIVICGUARD_UPLOAD_MAX_RATIO, max_parts=settings.CIVICGUARD_UPLOAD_MAX_PARTS,
                        max_pdf_pages=settings.CIVICGUARD_UPLOAD_MAX_PDF_PAGES,
                        max_seconds=settings.CIVICGUARD_UPLOAD_MAX_SECONDS)


def max_bytes() -> int:
    return int(settings.CIVICGUARD_MAX_UPLOAD_BYTES)


def size_words(n: int) -> str:
    """A size as people say it: 10 MB, 512 KB."""
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def check_procedure_file(*, name: str, data: bytes) -> Checked:
    """The kind of an uploaded procedure, or BadInput (field `file`) saying why it cannot be kept."""
    if not data:
        raise BadInput("The selected file is empty", field="file")
    if len(data) > max_bytes():
        raise BadInput(f"The file must be smaller than {size_words(max_bytes())}", field="file")
    try:
        if data.startswith(b"%PDF-"):
            pdf_text(data, upload_limits())
            return Checked(kind="pdf", size=len(data))
        if data.startswith(b"PK\x03\x04"):
            kind = _zip_kind(data)
            if kind == "docx":
                docx_text(data, upload_limits())
            else:
                _odt_check(data, upload_limits())
            return Checked(kind=kind, size=len(data))
    except UploadRefused as exc:
        raise BadInput(exc.message[:1].upper() + exc.message[1:], field="file", reason=exc.reason) from None
    named = f"{name} is" if name else "The selected file is"
    raise BadInput(f"{named} not a PDF, Word (.docx) or OpenDocument (.odt) document", field="file")


def _zip_kind(data: bytes) -> str:
    """A zip is a .docx when it holds word/document.xml and an .odt when its mimetype says so."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if ("mimetype" in names and archive.getinfo("mimetype").file_size < 100
                    and archive.read("mimetype").strip() == ODT_MIMETYPE):
                return "odt"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, RuntimeError,
            NotImplementedError):
        raise UploadRefused("the document could not be read (it is not a complete zip file); save it again",
                            reason="unreadable") from None
    raise UploadRefused("the file is a zip but not a Word (.docx) or OpenDocument (.odt) document",
                        reason="not_document")


def _refuse_doctype(*_: object) -> None:
    raise UploadRefused("the document declares a document type, which a word processor never writes in its text; "
                        "save it again", reason="doctype")


def _odt_check(data: bytes, limits: UploadLimits) -> None:
    """The same limits as a .docx (civicguard.common.uploads.docx_text): parts, nested archives, what the zip
    declares, then content.xml inflated in chunks, counted, and parsed by expat with no DOCTYPE allowed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > limits.max_parts:
            raise UploadRefused(f"the selected file has more than {limits.max_parts:,} parts, which a document never "
                                "has", reason="parts")
        nested = next((i.filename for i in infos if i.filename.lower().rstrip("/").endswith(ARCHIVE_SUFFIXES)), None)
        if nested is not None:
            raise UploadRefused(f"the document holds another compressed file ({nested[-80:]}); remove it",
                                reason="nested_archive")
        main = next((i for i in infos if i.filename == ODT_MAIN), None)
        if main is None:
            raise UploadRefused("the OpenDocument file has no content.xml", reason="not_document")
        budget = ExpansionBudget(limits)
        budget.declared(infos)
        parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_doctype
        inflated = 0
        try:
            with archive.open(main) as part:
                while chunk := part.read(CHUNK):
                    if inflated == 0 and chunk.startswith(ARCHIVE_MAGIC):
                        raise UploadRefused("the document's text is itself a compressed file", reason="nested_archive")
                    inflated += len(chunk)
                    budget.take(inflated, main.compress_size, len(chunk))
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except UploadRefused:
            raise
        except expat.ExpatError as exc:
            raise UploadRefused(f"the document could not be read (its content is not well-formed XML: "
                                f"{expat.ErrorString(exc.code)}, line {exc.lineno})", reason="unreadable") from None
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, ValueError) as exc:
            raise UploadRefused(f"the document could not be read ({exc.__class__.__name__}); save it again",
                                reason="unreadable") from None
