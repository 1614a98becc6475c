"""The scanned consent forms (the signed photo consent form, Sefton 5.5; a child's separate public display form,
5.5.4.8): checked by their content, never their name or declared type, and kept in the private media store in a
folder of their own (`<council>-consent-forms/<sha256>.<ext>`), apart from the images, so nothing that erases an
image's files can erase a form. A form is never served by a URL: `services.consent_form_view` checks the reader
and logs the look first.

Accepted: a PDF (not password-protected, at most MAX_PDF_PAGES pages), a JPEG or a PNG (within the image pixel
limit). Anything else is refused with a message that says what to send instead."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from civicguard.common.uploads import UploadRefused

MAX_PDF_PAGES = 20
ACCEPTED = "a PDF, JPEG or PNG of the signed form"
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


@dataclass(frozen=True)
class Document:
    data: bytes
    sha256: str
    content_type: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def store_name(council_slug: str, document: Document) -> str:
    return f"{council_slug}-consent-forms/{document.sha256}.{document.extension}"


def examine(data: bytes, *, max_bytes: int, max_pixels: int) -> Document:
    """The document if it is one CivicGuard keeps as a signed form; UploadRefused saying why not otherwise."""
    if not data:
        raise UploadRefused("the selected file is empty", reason="empty")
    if len(data) > max_bytes:
        raise UploadRefused(f"the selected file is larger than {max_bytes // (1024 * 1024)} MB: scan the form at a "
                            "lower resolution and upload it again", reason="too_big")
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        content_type = "application/pdf"
    else:
        content_type = _check_image(data, max_pixels)
    return Document(data=data, sha256=hashlib.sha256(data).hexdigest(), content_type=content_type)


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    if b"%%EOF" not in data[-2048:]:
        raise UploadRefused("the PDF is incomplete (it has no end): save it again and upload it again",
                            reason="unreadable")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRefused("the PDF is password-protected: remove the password and upload it again",
                                reason="encrypted")
        pages = len(reader.pages)
    except UploadRefused:
        raise
    except Exception as exc:  # a hostile or broken file can make the parser raise almost anything
        raise UploadRefused(f"the PDF could not be read ({exc.__class__.__name__}): save it again and upload it "
                            "again", reason="unreadable") from None
    if pages < 1 or pages > MAX_PDF_PAGES:
        raise UploadRefused(f"a consent form has between 1 and {MAX_PDF_PAGES} pages; this PDF has {pages}",
                            reason="pages")


def _check_image(data: bytes, max_pixels: int) -> str:
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=("JPEG", "PNG")) as img:
                if img.width * img.height > max_pixels:
                    raise UploadRefused(f"the scan has more than {max_pixels:,} pixels: scan it at a lower "
                                        "resolution and upload it again", reason="too_many_pixels")
                kind = img.format
                img.verify()
        except UploadRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UploadRefused(f"the scan declares more than {max_pixels:,} pixels: scan it at a lower "
                                "resolution and upload it again", reason="too_many_pixels") from None
        except UnidentifiedImageError:
            raise UploadRefused(f"the file is not {ACCEPTED}: the file's name does not matter, only what is in it",
                                reason="not_form") from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise UploadRefused(f"the scan could not be read ({exc.__class__.__name__}): save it again and upload "
                                "it again", reason="unreadable") from None
    return "image/jpeg" if kind == "JPEG" else "image/png"
