"""Which uploaded files a procedure may be (reviews.files.check_procedure_file): judged by content, within the
upload limits, refused with a reason beside the file field."""

from __future__ import annotations

import io
import zipfile

import pytest

from civicguard.apps.reviews.files import check_procedure_file
from civicguard.errors import BadInput
from tests.apps.reviews.factories import docx, odt, pdf


def _zip(**parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name.replace("__", "/"), text)
    return out.getvalue()


ODT_DOCTYPE = _zip(mimetype="application/vnd.oasis.opendocument.text",
                   **{"content.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'})
ODT_BOMB = _zip(mimetype="application/vnd.oasis.opendocument.text", **{"content.xml": "<a>" + "x" * 4_000_000 + "</a>"})


@pytest.mark.parametrize(("data", "kind"), [(pdf("Procedure"), "pdf"), (docx("Procedure"), "docx"),
                                            (odt("Procedure"), "odt")])
def test_valid_documents_are_kept_as_their_kind(data, kind):
    assert check_procedure_file(name="p", data=data).kind == kind


@pytest.mark.parametrize(("data", "says"), [
    (b"", "The selected file is empty"),
    (b"MZ\x90\x00\x03 an executable", "not a PDF, Word (.docx) or OpenDocument (.odt) document"),
    (_zip(**{"notes.txt": "hello"}), "not a Word (.docx) or OpenDocument (.odt) document"),
    (b"PK\x03\x04 truncated", "not a complete zip file"),
    (b"%PDF-1.7 not really a pdf", "could not be read"),
    (ODT_DOCTYPE, "declares a document type"),
    (ODT_BOMB, "compressed more than 100 to 1"),
    (_zip(mimetype="application/vnd.oasis.opendocument.text", **{"content.xml": "<a>", "inner.zip": "x"}),
     "holds another compressed file"),
])
def test_invalid_files_are_refused_with_the_reason(data, says):
    with pytest.raises(BadInput) as refused:
        check_procedure_file(name="procedure.odt", data=data)
    assert says in refused.value.message and refused.value.data["field"] == "file"


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(settings):
    settings.CIVICGUARD_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(BadInput, match="The file must be smaller than 1 KB"):
        check_procedure_file(name="big.pdf", data=b"%PDF-" + b"x" * 2000)
