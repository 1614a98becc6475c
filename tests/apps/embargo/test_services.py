"""Registering embargoed documents from pasted text, PDFs and Word files; which are in force."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.embargo.services import embargo_register, embargo_withdraw, embargoes_in_force
from civicguard.errors import BadInput, NotAllowed
from tests.apps.embargo.files import REPORT, docx_file, text_pdf, zip_file
from tests.apps.factories import person


def future(days: int = 10):
    return timezone.localdate() + timedelta(days=days)


def register(council, **kwargs):
    kwargs.setdefault("actor", person("approver"))
    kwargs.setdefault("title", "Leisure review")
    kwargs.setdefault("until", future())
    return embargo_register(council=council, **kwargs)


def test_pasted_text_is_registered_in_force_and_audited(st_helens):
    doc = register(st_helens, text="  " + "\n".join(REPORT) + "\x00 ")
    assert doc.text.startswith("Leisure services review") and "\x00" not in doc.text
    assert [d.title for d in embargoes_in_force(council=st_helens)] == ["Leisure review"]
    entry = AuditEntry.objects.get(event="embargo.document.register")
    assert entry.council == "st-helens" and entry.object_id == str(doc.pk)
    assert entry.actor == doc.registered_by.username and entry.after["characters"] == len(doc.text)


def test_text_is_read_from_a_real_pdf(st_helens):
    doc = register(st_helens, upload_name="cabinet.pdf", upload_data=text_pdf(*REPORT))
    assert "close the Parr leisure centre on 31 March" in doc.text
    assert doc.source_name == "cabinet.pdf"
    assert AuditEntry.objects.get(event="embargo.document.register").after["source"] == "cabinet.pdf"


def test_text_is_read_from_a_real_word_document_including_tables(st_helens):
    data = docx_file(*REPORT, table=[["Site", "Saving"], ["Parr", "£1.2m"]])
    doc = register(st_helens, upload_name="cabinet.docx", upload_data=data, text="ignored when a file is given")
    assert "swimming lessons" in doc.text and "Parr £1.2m" in doc.text and "ignored" not in doc.text


@pytest.mark.parametrize(("name", "data", "says"), [
    ("notes.txt", b"just some notes", "not a PDF or a Word"),
    ("fake.pdf", b"GIF89a not really a pdf", "not a PDF or a Word"),
    ("broken.pdf", b"%PDF-1.4\nthis is not a real PDF body", "PDF could not be read"),
    ("truncated.pdf", text_pdf(*REPORT)[:150], "PDF could not be read"),
    ("photos.zip", zip_file({"photo.txt": b"hello"}), "zip but not a Word document"),
    ("bad.docx", zip_file({"word/document.xml": b"<not xml"}), "Word document could not be read"),
    ("scan.pdf", text_pdf(), "no text could be read"),
])
def test_files_that_are_not_readable_documents_are_refused(st_helens, name, data, says):
    with pytest.raises(BadInput) as exc:
        register(st_helens, upload_name=name, upload_data=data)
    assert says in exc.value.message and exc.value.data["field"] == "file"
    assert not embargoes_in_force(council=st_helens)


def test_a_docx_whose_xml_is_malformed_is_refused_not_a_crash(st_helens):
    import io
    import zipfile

    good = zipfile.ZipFile(io.BytesIO(docx_file("hello")))
    parts = {n: good.read(n) for n in good.namelist()} | {"word/document.xml": b"<w:document"}
    with pytest.raises(BadInput, match="could not be read"):
        register(st_helens, upload_name="x.docx", upload_data=zip_file(parts))


@pytest.mark.parametrize("days", [0, -1])
def test_the_end_date_must_be_in_the_future(st_helens, days):
    with pytest.raises(BadInput) as exc:
        register(st_helens, until=future(days), text="Some report")
    assert exc.value.data["field"] == "until" and exc.value.message == "The embargo end date must be in the future"


def test_title_and_text_are_required(st_helens):
    with pytest.raises(BadInput) as exc:
        register(st_helens, title="  ", text="x")
    assert exc.value.data["field"] == "title" and exc.value.message == "Enter a title for the document"
    with pytest.raises(BadInput) as exc:
        register(st_helens, text=" \n ")
    assert exc.value.data["field"] == "text"
    assert exc.value.message == "Paste the document's text or upload a PDF or Word document"


def test_only_the_approver_section_may_register(st_helens):
    with pytest.raises(NotAllowed):
        register(st_helens, actor=person("legal"), text="Some report")
    assert not AuditEntry.objects.filter(event="embargo.document.register").exists()


def test_withdrawn_and_ended_documents_are_not_in_force(st_helens):
    withdrawn = register(st_helens, title="Withdrawn", text="A report")
    ending = register(st_helens, title="Ending", text="Another report", until=future(3))
    embargo_withdraw(actor=withdrawn.registered_by, document=withdrawn)
    embargo_withdraw(actor=withdrawn.registered_by, document=withdrawn)  # a second withdrawal changes nothing
    assert [d.title for d in embargoes_in_force(council=st_helens)] == ["Ending"]
    assert [d.title for d in embargoes_in_force(council=st_helens, day=future(2))] == ["Ending"]
    assert embargoes_in_force(council=st_helens, day=future(3)) == ()  # ends at the start of its day
    assert ending.until == future(3)
    assert AuditEntry.objects.filter(event="embargo.document.withdraw").count() == 1


def test_the_register_is_per_council(st_helens, sefton):
    register(st_helens, text="A St Helens report")
    assert embargoes_in_force(council=sefton) == ()
