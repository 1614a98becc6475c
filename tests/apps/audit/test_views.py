"""The audit trail pages: the IMG browses and exports, the computer auditor browses, nobody can change a thing."""

import csv
import html
import io
import json
import re
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


def seen(page: str) -> str:
    """The words a reader sees in the table of entries: its text without tags (addresses and values unread)."""
    table = page[page.index('data-testid="audit-entries"'):page.index("</table>")] if "</table>" in page else ""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table)))


def test_the_img_sees_its_councils_entries_newest_first_in_plain_english(client, img, sefton):
    audit_record(event="posts.post.create", actor="alice", council="st-helens", subject=("posts.post", "7"),
                 after={"text": "<b>Hello</b> & welcome"})
    audit_record(event="posts.post.override", actor="bob", council="st-helens", subject=("posts.post", "7"),
                 before={"status": "submitted"}, after={"status": "approved"})
    audit_record(event="sefton.secret.thing", council="sefton")
    page = client.get(LIST).content.decode()
    words = seen(page)
    assert words.index("Approved with an override") < words.index("Post drafted")
    assert "alice" in words and "bob" in words and "posts.post" not in words
    assert page.count('<a class="govuk-link" href="/posts/7/">Post 7</a>') == 2
    assert "Waiting for approval → changed to Approved" in words
    assert "&lt;b&gt;Hello&lt;/b&gt; &amp; welcome" in page and "<b>Hello</b>" not in page
    assert "secret" not in words
    assert "Download as CSV" in page and "Download as JSON" in page


def test_before_and_after_list_only_what_changed(client, img):
    audit_record(event="posts.post.update", actor="alice", council="st-helens", subject=("posts.post", "8"),
                 before={"status": "returned", "text": "Old words", "links": [], "account": "X @sthelens"},
                 after={"status": "draft", "text": "New words", "links": ["https://sthelens.gov.uk"],
                        "account": "X @sthelens"})
    words = seen(client.get(LIST).content.decode())
    assert "Status Returned to author → changed to Draft" in words
    assert "Text Old words → changed to New words" in words
    assert "Links (none) → changed to https://sthelens.gov.uk" in words
    assert "Account" not in words.split("What changed", 1)[1]  # unchanged: left out


def test_a_long_value_shows_its_start_and_the_rest_on_request(client, img):
    text = "Bin collections change next week. " * 20
    audit_record(event="posts.post.create", actor="alice", council="st-helens", subject=("posts.post", "8"),
                 after={"text": text})
    page = client.get(LIST).content.decode()
    assert f"Show all {len(text)} characters" in page and f"{html.escape(text)}</div></details>" in page


def test_codes_in_an_entry_read_as_words(client, img):
    audit_record(event="moderation.comment.hide", actor="mo", council="st-helens", subject=("moderation.comment", "4"),
                 before={"status": "needs_review"}, after={"status": "hidden", "reason_code": "offensive",
                                                           "note": "", "decision": 12})
    audit_record(event="posts.post.check", actor="alice", council="st-helens", subject=("posts.post", "9"),
                 after={"verdict": "block", "policy_version": "2024.1", "rules": ["sth.safeguarding.disclosure"]})
    audit_record(event="staff.role.revoke", actor="admin", council="st-helens", subject=("auth.user", "3"),
                 before={"role": "approver", "account": None})
    page = client.get(LIST).content.decode()
    words = seen(page)
    assert "Comment hidden" in words and "Needs review → changed to Hidden" in words
    assert "Reason Material of an offensive nature" in words  # the pack's own words for the reason code
    assert "Check result Blocked" in words and "Role taken away" in words and "Before: Role Approver" in words
    assert '<a class="govuk-link" href="/moderation/comments/4/">Comment 4</a>' in page
    assert '<a class="govuk-link" href="/people/#person-3">Person 3</a>' in page


def test_an_object_without_a_page_and_an_unknown_event_still_read_as_words(client, img):
    audit_record(event="moderation.comments.purge", council="st-helens", subject=("moderation.purgelog", "3"),
                 after={"retention_days": 90, "removed": 2, "dry_run": False})
    audit_record(event="embargo.document.bulk_archive", council="st-helens")
    page = client.get(LIST).content.decode()
    words = seen(page)
    assert "Record of comments deleted 3" in words and "/purgelog" not in page
    assert "Kept for (days) 90" in words and "Comments deleted 2" in words
    assert "Bulk archive (document)" in words and "bulk_archive" not in words


def test_entries_without_an_actor_show_as_system(client, img):
    audit_record(event="staff.login.fail", council="st-helens")
    audit_record(event="staff.user.create", actor="carol", council="st-helens")
    page = client.get(LIST).content.decode()
    assert ">CivicGuard (system)</td>" in page
    filtered = seen(client.get(LIST, {"actor": "system"}).content.decode())
    assert "Failed sign-in" in filtered and "Staff account created" not in filtered


def test_the_event_filter_offers_plain_english_choices(client, img):
    page = client.get(LIST).content.decode()
    assert '<option value="posts.post.override">Approved with an override</option>' in page
    assert '<optgroup label="Official posts">' in page
    assert '<option value="posts.">Everything in official posts</option>' in page


def test_filters_by_event_prefix_actor_and_dates(client, img):
    audit_record(event="embargo.document.register", actor="dave", council="st-helens")
    audit_record(event="posts.post.create", actor="dave", council="st-helens")
    audit_record(event="posts.post.create", actor="erin", council="st-helens")
    page = client.get(LIST, {"event": "embargo.document.register"}).content.decode()
    assert "Embargoed document added" in seen(page) and "Post drafted" not in seen(page)
    assert '<option value="embargo.document.register" selected>' in page
    page = client.get(LIST, {"event": "posts.", "actor": "erin"}).content.decode()
    assert "1 entry" in page and "erin" in page and ">dave<" not in page
    page = client.get(LIST, {"event": "embargo"}).content.decode()  # an older bookmark's prefix still works
    assert "1 entry" in page and '<option value="embargo" selected>Events starting “embargo”</option>' in page
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


def test_a_bad_date_is_shown_beside_its_boxes_with_what_was_typed(client, img):
    audit_record(event="posts.post.create", actor="erin", council="st-helens")
    response = client.get(LIST, {"event": "posts.", "actor": "erin", "since-day": "31", "since-month": "2",
                                 "since-year": "2025"})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error: Audit trail" in page
    beside = page[page.index('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date from'):]
    beside = beside[:beside.index("</fieldset>")]
    assert '<p id="since-error" class="govuk-error-message">' in beside and "Date from must be a real date" in beside
    assert all(f'name="since-{p}" type="text" inputmode="numeric" value="{v}"' in beside
               for p, v in (("day", "31"), ("month", "2"), ("year", "2025")))
    assert beside.count("govuk-input--error") == 3
    # The other filters are kept; the entries wait until the dates are put right.
    assert '<option value="posts." selected>' in page and 'id="actor" name="actor"' in page and 'value="erin"' in page
    assert "Correct the filters to see the entries." in page and "Post drafted" not in seen(page)


def test_dates_out_of_order_and_a_bad_date_from_a_link(client, img):
    page = client.get(LIST, {"since-day": "2", "since-month": "3", "since-year": "2026",
                             "until-day": "1", "until-month": "3", "until-year": "2026"}).content.decode()
    assert '<a href="#until-day">Date to must be the same as or after date from</a>' in page
    assert '<p id="until-error" class="govuk-error-message">' in page
    response = client.get(LIST, {"since": "2026-02-31"})
    assert response.status_code == 400 and '<a href="#since-day">Date from must be a real date</a>' in (
        response.content.decode())
    assert client.get(LIST, {"since-year": "26", "since-month": "3", "since-day": "1"}).status_code == 400


def test_the_filters_keep_what_was_chosen_in_the_page_and_export_links(client, img):
    for i in range(60):
        audit_record(event="posts.post.create", actor="erin", council="st-helens", after={"i": i})
    today = timezone.localdate()
    page = client.get(LIST, {"event": "posts.", "actor": " erin ", "since": today.isoformat()}).content.decode()
    assert '<option value="posts." selected>Everything in official posts</option>' in page
    assert 'value="erin"' in page and f'name="since-day" type="text" inputmode="numeric" value="{today.day}"' in page
    since = f"since={today.isoformat()}"
    assert f'href="?event=posts.&amp;actor=erin&amp;{since}&amp;page=2" rel="next"' in page
    assert f'href="/audit/export?event=posts.&amp;actor=erin&amp;{since}&amp;format=csv"' in page
    assert "that matches these filters" in page


def test_export_refuses_a_bad_date_in_words(client, img):
    response = client.get(EXPORT, {"format": "csv", "since": "2026-13-01"})
    assert response.status_code == 400 and response.content.decode() == "Date from must be a real date\n"
    assert not AuditEntry.objects.filter(event="audit.log.export").exists()


def test_pages_of_fifty_with_govuk_pagination(client, img):
    for i in range(120):
        audit_record(event="test.many", council="st-helens", after={"i": i})
    page = client.get(LIST, {"event": "test"}).content.decode()
    assert page.count('<tr class="govuk-table__row"') == 51  # the header row and fifty entries
    assert "120 entries, showing 1 to 50" in page and 'class="govuk-pagination"' in page
    assert 'href="?event=test&amp;page=2" rel="next"' in page and 'aria-label="Page 3"' in page
    last = client.get(LIST, {"event": "test", "page": 3}).content.decode()
    assert "showing 101 to 120" in last and 'rel="prev"' in last and 'rel="next"' not in last
    assert ">I</dt>" in last and ">0</dd>" in last and 'aria-current="page">3<' in last


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
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 400 and response.content.decode() == "The format must be CSV or JSON\n"


def test_the_computer_auditor_browses_but_cannot_export(client, st_helens):
    audit_record(event="embargo.document.withdraw", council="st-helens")
    client.force_login(person("computer-auditor"))
    page = client.get(LIST).content.decode()
    assert "Embargoed document withdrawn" in page and "Download as CSV" not in page
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
