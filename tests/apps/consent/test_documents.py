"""The scanned consent forms are judged by their content: a PDF or a JPEG/PNG scan is kept; anything else, a
password-protected PDF, an oversized file or a decompression bomb is refused with a message saying what to do."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfWriter

from civicguard.apps.consent.documents import examine, store_name
from civicguard.common.uploads import UploadRefused
from tests.apps.consent.conftest import scan

LIMITS = {"max_bytes": 2_000_000, "max_pixels": 4_000_000}


def _pdf(pages: int = 1, password: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _png(size: tuple[int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("1", size).save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize(("data", "content_type"), [(_pdf(), "application/pdf"), (scan(), "image/jpeg"),
                                                    (_png((50, 70)), "image/png")])
def test_a_pdf_or_a_scan_is_kept(data, content_type):
    found = examine(data, **LIMITS)
    assert found.content_type == content_type
    assert store_name("sefton", found) == f"sefton-consent-forms/{found.sha256}.{found.extension}"


@pytest.mark.parametrize(("data", "reason", "says"), [
    (b"", "empty", "empty"),
    (b"<html><body>signed</body></html>", "not_form", "not a PDF, JPEG or PNG"),
    (_pdf(password="secret"), "encrypted", "password-protected"),
    (_pdf(pages=21), "pages", "between 1 and 20 pages"),
    (_pdf()[:-200], "unreadable", "incomplete"),
    (b"x" * 2_000_001, "too_big", "larger than"),
    (_png((3000, 3000)), "too_many_pixels", "lower resolution"),
])
def test_anything_else_is_refused_with_what_to_do(data, reason, says):
    with pytest.raises(UploadRefused, match=says) as refused:
        examine(data, **LIMITS)
    assert refused.value.reason == reason
