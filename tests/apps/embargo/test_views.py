"""The embargo register's pages: who may see and change it, the form's errors, other councils' documents."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.embargo.models import EmbargoedDocument
from civicguard.apps.embargo.services import embargo_register, embargoes_in_force
from tests.apps.embargo.files import REPORT, docx_file
from tests.apps.factories import person

SECRET = "The council proposes to close the Parr leisure centre on 31 March"


def future(days: int = 30):
    return timezone.localdate() + timedelta(days=days)


def date_fields(day):
    return {"until-day": str(day.day), "until-month": str(day.month), "until-year": str(day.year)}


def a_document(council, approver=None, **kwargs):
    return embargo_register(actor=approver or person("approver", council.slug), council=council,
                            title=kwargs.pop("title", "Leisure review"), until=kwargs.pop("until", future()),
                            text=kwargs.pop("text", SECRET), **kwargs)


@pytest.fixture
def approver(client, st_helens):
    user = person("approver")
    client.force_login(user)
    return user


def test_the_list_shows_documents_and_their_status_but_not_their_text(client, approver, st_helens):
    a_document(st_helens, approver, title="Leisure review")
    old = a_document(st_helens, approver, title="Old budget", until=future(1))
    EmbargoedDocument.objects.filter(pk=old.pk).update(until=timezone.localdate())  # its date has come
    page = client.get(reverse("embargo:list")).content.decode()
    assert "Leisure review" in page and "Old budget" in page and approver.username in page
    assert ">In force</strong>" in page and ">Ended</strong>" in page
    assert SECRET not in page
    assert reverse("embargo:new") in page


def test_an_approver_registers_pasted_text(client, approver, st_helens):
    response = client.post(reverse("embargo:new"), {"title": "Leisure review", "text": SECRET,
                                                    **date_fields(future())})
    doc = EmbargoedDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("embargo:detail", args=[doc.pk])
    page = client.get(response["Location"]).content.decode()
    assert "is on the embargo register until" in page and SECRET in page
    assert doc.registered_by == approver and doc.council == st_helens


def test_an_approver_uploads_a_word_document(client, approver, st_helens):
    upload = SimpleUploadedFile("cabinet.docx", docx_file(*REPORT))
    response = client.post(reverse("embargo:new"), {"title": "Cabinet report", "text": "", "file": upload,
                                                    **date_fields(future())})
    assert response.status_code == 302
    doc = EmbargoedDocument.objects.get()
    assert doc.source_name == "cabinet.docx" and "swimming lessons" in doc.text


def test_a_form_with_nothing_filled_in_shows_every_error_linked_to_its_field(client, approver):
    response = client.post(reverse("embargo:new"), {"title": "", "text": "", "until-day": "", "until-month": "",
                                                    "until-year": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    assert '<a href="#title">Enter a title for the document</a>' in page
    assert '<a href="#until-day">Enter the embargo end date</a>' in page
    assert '<a href="#text">Paste the document&#x27;s text or upload a PDF or Word document</a>' in page
    assert 'govuk-form-group--error' in page and 'id="title-error"' in page
    assert not EmbargoedDocument.objects.exists()


def test_what_was_typed_is_kept_when_the_form_is_sent_back(client, approver):
    response = client.post(reverse("embargo:new"), {"title": "Leisure <review>", "text": SECRET,
                                                    "until-day": "31", "until-month": "2", "until-year": "2031"})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#until-day">The embargo end date must be a real date</a>' in page
    assert 'value="Leisure &lt;review&gt;"' in page and 'value="31"' in page and 'value="2031"' in page
    assert f">\n{SECRET}</textarea>" in page


@pytest.mark.parametrize(("fields", "anchor", "message"), [
    ({"until-day": "1", "until-month": "", "until-year": "2031"}, "until-month",
     "The embargo end date must include a month"),
    ({"until-day": "1", "until-month": "5", "until-year": "31"}, "until-year", "Year must include 4 numbers"),
    (date_fields(timezone.localdate() - timedelta(days=1)), "until-day",
     "The embargo end date must be in the future"),
])
def test_date_errors(client, approver, fields, anchor, message):
    page = client.post(reverse("embargo:new"), {"title": "T", "text": SECRET, **fields}).content.decode()
    assert f'<a href="#{anchor}">{message}</a>' in page


def test_an_unreadable_upload_is_reported_on_the_file_field(client, approver):
    upload = SimpleUploadedFile("notes.pdf", b"not a pdf at all")
    response = client.post(reverse("embargo:new"), {"title": "T", "file": upload, **date_fields(future())})
    page = response.content.decode()
    assert response.status_code == 400 and '<a href="#file">The file notes.pdf is not a PDF or a Word' in page
    assert 'id="file-error"' in page and "You chose notes.pdf" in page


def test_text_and_a_file_together_are_refused(client, approver):
    upload = SimpleUploadedFile("cabinet.docx", docx_file(*REPORT))
    page = client.post(reverse("embargo:new"), {"title": "T", "text": SECRET, "file": upload,
                                                **date_fields(future())}).content.decode()
    assert "Either paste the text or upload a file, not both" in page
    assert not EmbargoedDocument.objects.exists()


def test_titles_and_text_are_escaped(client, approver, st_helens):
    doc = a_document(st_helens, approver, title="<script>alert(1)</script>", text="<b>bold</b> & more")
    for url in (reverse("embargo:list"), reverse("embargo:detail", args=[doc.pk])):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in client.get(reverse("embargo:detail", args=[doc.pk])).content.decode()


def test_an_approver_withdraws_a_document(client, approver, st_helens):
    doc = a_document(st_helens, approver)
    assert client.get(reverse("embargo:withdraw", args=[doc.pk])).status_code == 405
    response = client.post(reverse("embargo:withdraw", args=[doc.pk]), follow=True)
    assert "was withdrawn" in response.content.decode() and ">Withdrawn</strong>" in response.content.decode()
    assert embargoes_in_force(council=st_helens) == ()


def test_legal_can_read_the_register_but_not_change_it(client, st_helens):
    doc = a_document(st_helens)
    client.force_login(person("legal"))
    page = client.get(reverse("embargo:list")).content.decode()
    assert "Leisure review" in page and reverse("embargo:new") not in page
    detail = client.get(reverse("embargo:detail", args=[doc.pk])).content.decode()
    assert SECRET in detail and reverse("embargo:withdraw", args=[doc.pk]) not in detail
    assert client.get(reverse("embargo:new")).status_code == 403
    assert client.post(reverse("embargo:new"), {"title": "T", "text": "x", **date_fields(future())}).status_code == 403
    assert client.post(reverse("embargo:withdraw", args=[doc.pk])).status_code == 403
    assert EmbargoedDocument.objects.get().withdrawn is None


def test_a_representative_cannot_see_the_register(client, st_helens):
    doc = a_document(st_helens)
    client.force_login(person("representative"))
    assert client.get(reverse("embargo:list")).status_code == 403
    assert client.get(reverse("embargo:detail", args=[doc.pk])).status_code == 403


def test_another_councils_document_is_not_found(client, approver, sefton):
    theirs = a_document(sefton, title="Sefton budget")
    assert "Sefton budget" not in client.get(reverse("embargo:list")).content.decode()
    assert client.get(reverse("embargo:detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("embargo:withdraw", args=[theirs.pk])).status_code == 404
    assert EmbargoedDocument.objects.get().withdrawn is None


def test_signing_in_is_required(client):
    response = client.get(reverse("embargo:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
