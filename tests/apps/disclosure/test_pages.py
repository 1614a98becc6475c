"""The disclosure pages: opening a request (errors beside their field), the search's redacted preview, the
export's download, closing, the disclosure log and the retention page; another council's request is a 404."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.disclosure.models import Disclosure, DisclosureRequest
from civicguard.apps.disclosure.retention import retention_purge
from tests.apps.disclosure.factories import sar, town, unzip
from tests.apps.factories import person


def test_an_officer_opens_searches_previews_and_downloads_a_request(db, client):
    town()
    img = person("img")
    client.force_login(img)
    bad = client.post(reverse("disclosure:new"), {"kind": "sar", "requester_name": "Jane Smith"})
    assert bad.status_code == 400
    assert "Enter the name, a handle or an e-mail address of the person to search for" in bad.content.decode()
    made = client.post(reverse("disclosure:new"), {"kind": "sar", "requester_name": "Jane Smith",
                                                   "subject_name": "Jane Smith", "subject_handles": "@janesmith"})
    request = DisclosureRequest.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse("disclosure:detail", args=[request.pk])
    page = client.get(made["Location"]).content.decode()
    assert "Search the records" in page and "Photo consent record" in page  # not searched: named, with who reads it
    client.post(reverse("disclosure:search", args=[request.pk]))
    page = client.get(reverse("disclosure:detail", args=[request.pk])).content.decode()
    assert "What the export will hold (3 records)" in page
    assert "I&#x27;m Jane Smith and my bins" in page and "Bob Jones" not in page and "[redacted: third party]" in page
    download = client.post(reverse("disclosure:export", args=[request.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert set(unzip(download.content)) == {"records.csv", "records.json", "summary.pdf"}
    log = client.get(reverse("disclosure:log")).content.decode()
    assert request.reference in log and "Official post: 1; Comment: 2" in log
    closed = client.post(reverse("disclosure:close", args=[request.pk]), {"reason": ""})
    assert closed.status_code == 400 and "Say why the request is closed" in closed.content.decode()
    client.post(reverse("disclosure:close", args=[request.pk]), {"reason": "Answered"})
    assert DisclosureRequest.objects.get().status == "closed" and Disclosure.objects.count() == 1


def test_the_retention_page_shows_the_schedule_and_the_purge_log(db, client):
    t = town()
    retention_purge(now=timezone.now() + timezone.timedelta(days=3000), council=t.w.council)
    client.force_login(person("legal"))
    page = client.get(reverse("disclosure:retention")).content.decode()
    assert "Official posts, with their checks and approvals" in page and "2190 days" in page
    assert "RIPA authorisations" in page
    assert f"Official post {t.post.pk}" in page and "Deleted: Past its retention period" in page


def test_another_councils_request_is_not_found_and_others_are_refused(db, client):
    request = sar(person("legal", "sefton"), DisclosureRequest._meta.get_field("council").related_model.objects.get(
        slug="sefton"))
    client.force_login(person("legal"))
    assert client.get(reverse("disclosure:detail", args=[request.pk])).status_code == 404
    client.force_login(person("employee"))
    assert client.get(reverse("disclosure:list")).status_code == 403
