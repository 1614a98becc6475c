"""The audit trail pages: the IMG browses and exports, the computer auditor browses, nobody can change a thing."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.audit.services import audit_record, audit_verify
from tests.apps.factories import person

LIST, EXPORT = reverse("audit:list"), reverse("audit:export")


@pytest.fixture
def img(client, st_helens):
    user = person("img")
    client.force_login(user)
    return user


def body(response):
    return b"".join(response.streaming_content).decode()


def test_the_img_sees_its_councils_entries_newest_first(client, img, sefton):
    audit_record(event="posts.post.create", actor="alice", council="st-helens", subject=("posts.post", "7"),
                 after={"text": "<b>Hello</b> & welcome"})
    audit_record(event="posts.post.approve", actor="bob", council="st-helens", subject=("posts.post", "7"),
                 before={"status": "submitted"}, after={"status": "approved"})
    audit_record(event="sefton.secret.thing", council="sefton")
    page = client.get(LIST).content.decode()
    assert page.index("posts.post.approve") < page.index("posts.post.create")
    assert "alice" in page and "bob" in page and "posts.post 7" in page
    assert "&quot;status&quot;: &quot;submitted&quot;" in page
    assert "&lt;b&gt;Hello&lt;/b&gt; &amp; welcome" in page and "<b>Hello</b>" not in page
    assert "sefton.secret.thing" not in page
    assert "Download as CSV" in page and "Download as JSON" in page


def test_entries_without_an_actor_show_as_system(client, img):
    audit_record(event="test.nobody", council="st-helens")
    audit_record(event="test.somebody", actor="carol", council="st-helens")
    page = client.get(LIST).content.decode()
    assert ">system</td>" in page
    filtered = client.get(LIST, {"actor": "system"}).content.decode()
    assert "test.nobody" in filtered and "test.somebody" not in filtered


def test_filters_by_event_prefix_actor_and_dates(client, img):
    audit_record(event="embargo.document.register", actor="dave", council="st-helens")
    audit_record(event="posts.post.create", actor="dave", council="st-helens")
    audit_record(event="posts.post.create", actor="erin", council="st-helens")
    page = client.get(LIST, {"event": "embargo"}).content.decode()
    assert "embargo.document.register" in page and "posts.post.create" not in page
    page = client.get(LIST, {"event": "posts", "actor": "erin"}).content.decode()
    assert "1 entry" in page and "erin" in page and ">dave<" not in page
    today, tomorrow = timezone.localdate(), timezone.localdate() + timedelta(days=1)
    dated = {"actor": "dave", "since-day": today.day, "since-month": today.month, "since-year": today.year}
    assert "2 entries" in client.get(LIST, dated).content.decode()
    later = {"since-day": tomorrow.day, "since-month": tomorrow.month, "since-year": tomorrow.year}
    assert "No entries match these filters" in client.get(LIST, later).content.decode()
    upto = {"actor": "dave", "until-day": today.day, "until-month": today.month, "until-year": today.year}
    assert "2 entries" in client.get(LIST, upto).content.decode()


def test_a_bad_date_filter_is_explained(client, img):
    response = client.get(LIST, {"since-day": "31", "since-month": "2", "since-year": "2025"})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#since-day">Date from must be a real date</a>' in page and 'value="31"' in page
    page = client.get(LIST, {"until-day": "3", "until-year": "2025"}).content.decode()
    assert '<a href="#until-month">Date to must include a month</a>' in page


def test_pages_of_fifty_with_govuk_pagination(client, img):
    for i in range(120):
        audit_record(event="test.many", council="st-helens", after={"i": i})
    page = client.get(LIST, {"event": "test"}).content.decode()
    assert page.count('<tr class="govuk-table__row">') == 51  # the header row and fifty entries
    assert "120 entries, showing 1 to 50" in page and 'class="govuk-pagination"' in page
    assert 'href="?event=test&amp;page=2" rel="next"' in page and 'aria-label="Page 3"' in page
    last = client.get(LIST, {"event": "test", "page": 3}).content.decode()
    assert "showing 101 to 120" in last and 'rel="prev"' in last and 'rel="next"' not in last
    assert '&quot;i&quot;: 0' in last and 'aria-current="page">3<' in last


def test_csv_export_streams_the_filtered_entries_as_an_attachment(client, img):
    audit_record(event="posts.post.create", actor="=cmd|' /C calc'!A0", council="st-helens", after={"n": 1})
    audit_record(event="staff.role.assign", council="st-helens")
    audit_record(event="posts.post.create", council="sefton")
    response = client.get(EXPORT, {"format": "csv", "event": "posts"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-st-helens-')
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [(r["event"], r["council"]) for r in rows] == [("posts.post.create", "st-helens")]
    assert rows[0]["actor"].startswith("'=") and json.loads(rows[0]["after"]) == {"n": 1}
    assert len(rows[0]["hash"]) == 64


def test_json_export_is_oldest_first_with_hashes(client, img):
    first = audit_record(event="a.one", council="st-helens")
    audit_record(event="a.two", council="st-helens")
    response = client.get(EXPORT, {"format": "json", "since": timezone.localdate().isoformat()})
    assert response["Content-Type"].startswith("application/json")
    rows = json.loads(body(response))
    assert [r["event"] for r in rows][-3:] == ["a.one", "a.two", "audit.log.export"]
    assert rows[-1]["actor"] == img.username and rows[-1]["after"]["format"] == "json"
    assert next(r for r in rows if r["seq"] == first.seq)["hash"] == first.hash


def test_export_refuses_an_unknown_format(client, img):
    assert client.get(EXPORT, {"format": "xlsx"}).status_code == 400


def test_the_computer_auditor_browses_but_cannot_export(client, st_helens):
    audit_record(event="test.visible", council="st-helens")
    client.force_login(person("computer-auditor"))
    page = client.get(LIST).content.decode()
    assert "test.visible" in page and "Download as CSV" not in page
    assert client.get(EXPORT, {"format": "csv"}).status_code == 403


@pytest.mark.parametrize("role", ["approver", "representative", "legal", "admin"])
def test_other_roles_cannot_see_the_trail(client, st_helens, role):
    client.force_login(person(role))
    assert client.get(LIST).status_code == 403
    assert client.get(EXPORT).status_code == 403


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_written_through_the_pages(client, img, method):
    entry = audit_record(event="test.keep", council="st-helens")
    for url in (LIST, EXPORT, f"{LIST}?seq={entry.seq}"):
        assert getattr(client, method)(url).status_code == 405
    assert AuditEntry.objects.filter(pk=entry.pk).exists() and audit_verify()[1] == []
