"""Disclosure requests: due dates, the search's respect for who may read what, third parties' redaction, the
export's three files agreeing, and the disclosure log."""

from __future__ import annotations

import csv
import io
import json

import pytest

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.disclosure.models import Disclosure, Status
from civicguard.apps.disclosure.redaction import THIRD_PARTY
from civicguard.apps.disclosure.services import (
    Requester,
    disclosure_request_close,
    disclosure_request_export,
    disclosure_request_open,
    disclosure_request_preview,
    disclosure_request_search,
    due_date,
)
from civicguard.errors import BadInput, InvalidState, NotAllowed
from tests.apps.disclosure.factories import SUBJECT, also, day, pdf_text, sar, town, unzip
from tests.apps.factories import council, person

pytestmark = pytest.mark.django_db


def test_foi_is_due_in_twenty_working_days_and_subject_access_in_a_month():
    assert due_date("foi", day(2026, 12, 7)) == day(2027, 1, 4)  # 4 weeks of weekdays
    assert due_date("sar", day(2026, 1, 31)) == day(2026, 2, 28)
    assert due_date("sar", day(2026, 12, 15)) == day(2027, 1, 15)


def test_a_request_needs_someone_to_search_for_and_a_handler():
    legal = person("legal")
    with pytest.raises(BadInput) as err:
        disclosure_request_open(actor=legal, council=council(), kind="foi", requester=Requester("A Journalist"))
    assert err.value.data["field"] == "subject_name"
    with pytest.raises(BadInput):
        sar(legal, council(), subject_emails=["not an address"])
    with pytest.raises(NotAllowed):
        sar(person("employee"), council())
    request = sar(legal, council())
    assert request.status == Status.OPEN and request.due_on > request.received_on
    assert AuditEntry.objects.filter(event="disclosure.request.open", object_id=str(request.pk)).exists()
    assert SUBJECT not in json.dumps(AuditEntry.objects.get(event="disclosure.request.open").after)


def test_the_search_finds_only_what_the_officer_may_read():
    t = town()
    img = person("img")
    request = sar(img, t.w.council)
    found = disclosure_request_search(actor=img, request=request)
    # The Information Management Group reads posts and comments, not consent, cases or breaches.
    assert found.ids["post"] == [t.post.pk]
    assert sorted(found.ids["comment"]) == sorted(c.pk for c in t.comments[:2])
    assert "consent" in found.not_searched
    assert found.ids["case"] == [] and found.ids["concern"] == [] and found.ids["breach"] == []


def test_a_line_manager_of_someone_else_does_not_get_their_case():
    t = town()
    other = also(t.w.other_manager, "legal", t.w.council)
    manager = also(t.w.manager, "legal", t.w.council)
    about = dict(subject_name="Emma Employee")
    theirs = disclosure_request_search(actor=other, request=sar(other, t.w.council, **about))
    assert theirs.ids["case"] == [] and theirs.ids["concern"] == []
    request = sar(manager, t.w.council, **about)
    mine = disclosure_request_search(actor=manager, request=request)
    assert mine.ids["case"] == [t.case.pk] and mine.ids["concern"] == [t.case.concern_id]
    before = ConfidentialRead.objects.count()
    rows = disclosure_request_preview(actor=manager, request=request)
    assert {r["record_type"] for r in rows} >= {"case", "concern"}
    reads = ConfidentialRead.objects.order_by("id")[before:]
    assert {(r.kind, r.object_id) for r in reads} == {("case", t.case.pk), ("concern", t.case.concern_id)}
    assert all(request.reference in r.what for r in reads)


def test_subject_access_keeps_the_subjects_data_and_redacts_third_parties():
    t = town()
    img = person("img")
    request = sar(img, t.w.council)
    disclosure_request_search(actor=img, request=request)
    export = disclosure_request_export(actor=img, request=request)
    files = unzip(export.data)
    text = files["records.csv"].decode()
    assert "I'm Jane Smith and my bins" in text           # the subject's own words and name stay
    assert "Bob Jones" not in text and "bob.jones@example.com" not in text and "07700 900123" not in text
    assert "Mary Brown" not in text                       # another commenter's name as author
    assert THIRD_PARTY in text
    assert "Author: Jane Smith" in text


def test_freedom_of_information_redacts_everyones_personal_data():
    t = town()
    img = person("img")
    request = sar(img, t.w.council, kind="foi")
    disclosure_request_search(actor=img, request=request)
    text = unzip(disclosure_request_export(actor=img, request=request).data)["records.csv"].decode()
    assert "Jane Smith" not in text and "Bob Jones" not in text
    assert "missed bins on Elm Road" in text


def test_the_pdf_and_the_csv_hold_the_same_records_and_the_disclosure_is_logged():
    t = town()
    img = person("img")
    request = sar(img, t.w.council)
    disclosure_request_search(actor=img, request=request)
    export = disclosure_request_export(actor=img, request=request)
    files = unzip(export.data)
    records = list(csv.DictReader(io.StringIO(files["records.csv"].decode())))
    doc = json.loads(files["records.json"])
    pdf = pdf_text(files["summary.pdf"])
    assert len(records) == len(doc["records"]) == 3
    for row in doc["records"]:
        assert f"{row['record_type']}-{row['record_id']}" in pdf
    assert {r["record_id"] for r in records} == {str(r["record_id"]) for r in doc["records"]}
    assert "3 records in all" in pdf
    disclosure = Disclosure.objects.get(request=request)
    assert disclosure.counts == {"post": 1, "comment": 2} and disclosure.disclosed_by == img
    request.refresh_from_db()
    assert request.status == Status.DISCLOSED
    entry = AuditEntry.objects.get(event="disclosure.request.export")
    assert entry.after["counts"] == {"post": 1, "comment": 2} and SUBJECT not in json.dumps(entry.after)


def test_a_closed_request_cannot_be_searched_or_exported():
    legal = person("legal")
    request = sar(legal, council())
    with pytest.raises(InvalidState):
        disclosure_request_export(actor=legal, request=request)
    disclosure_request_close(actor=legal, request=request, reason="Withdrawn by the requester")
    with pytest.raises(InvalidState):
        disclosure_request_search(actor=legal, request=request)
