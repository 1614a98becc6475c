"""Capturing, opening and exporting evidence: what is kept, the chain of custody, the read log and the audit entry,
together; and a store altered behind CivicGuard's back is caught."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.evidence.bundle import verify
from civicguard.apps.evidence.models import CustodyEntry
from civicguard.apps.evidence.selectors import custody_of
from civicguard.apps.evidence.services import EvidenceAltered, evidence_bundle, evidence_open
from civicguard.errors import BadInput
from tests.apps.evidence.conftest import stored_files
from tests.apps.evidence.factories import POST_TEXT, captured, hr
from tests.apps.factories import council, person
from tests.apps.media.images import gif, png, png_bomb, webp

FINDINGS = [{"rule_id": "st-helens.colleagues", "message": "Criticises the council", "clauses": ["7.8", "11.2"]}]


def test_a_capture_keeps_the_exact_bytes_with_their_hash_who_when_and_where(store):
    actor = hr()
    item = captured(actor)
    data = POST_TEXT.encode()
    assert item.sha256 == hashlib.sha256(data).hexdigest() and item.size == len(data)
    assert item.content_type == "text/plain; charset=utf-8" and item.file_name == "post-text.txt"
    assert item.captured_by == actor and item.captured_from == "10.1.2.3" and item.user_agent == "Mozilla/5.0 (test)"
    assert stored_files(store) == [f"st-helens-evidence/{item.sha256}.txt"]
    assert (store / item.stored_as).read_bytes() == data
    [entry] = custody_of(item)
    assert (entry.action, entry.actor, entry.address, entry.at) == ("capture", actor, "10.1.2.3", item.captured_at)


def test_the_audit_entry_says_only_that_evidence_was_captured():
    item = captured(hr())
    audit = AuditEntry.objects.get(event="evidence.item.capture")
    assert audit.object_id == str(item.pk) and audit.after == {"via": "page"}
    assert "manager" not in json.dumps([audit.before, audit.after])


def test_a_web_page_is_kept_as_html_and_a_screenshot_by_what_its_bytes_are():
    actor = hr()
    page = captured(actor, kind="page", data=b"<!DOCTYPE html><html><body>Hi</body></html>", file_name="page")
    assert page.content_type == "text/html; charset=utf-8" and page.file_name == "page.html"
    shot = captured(actor, kind="screenshot", data=png(), file_name="shot.jpg")
    assert shot.content_type == "image/png" and shot.file_name == "shot.png" and shot.stored_as.endswith(".png")
    assert captured(actor, kind="screenshot", data=webp(), file_name="s").content_type == "image/webp"
    assert captured(actor, kind="screenshot", data=gif(), file_name="s").file_name == "s.gif"


@pytest.mark.parametrize("kind, data, says", [
    ("screenshot", b"<html>not a picture</html>", "not an image"),
    ("screenshot", png_bomb(), "decompression bomb"),
    ("text", "café".encode("latin-1"), "captured text must be UTF-8 text"),
    ("post", b"text\x00with a NUL", "binary data"),
    ("text", b"", "Nothing was captured"),
    ("video", b"anything", "Choose what was captured"),
])
def test_a_capture_that_is_not_what_it_says_is_refused_and_nothing_is_kept(store, kind, data, says):
    with pytest.raises(BadInput, match=says):
        captured(hr(), kind=kind, data=data)
    assert stored_files(store) == [] and not CustodyEntry.objects.exists()
    assert not AuditEntry.objects.filter(event="evidence.item.capture").exists()


def test_a_capture_over_the_size_limit_and_a_bad_address_are_refused(settings, store):
    settings.CIVICGUARD_MAX_EVIDENCE_BYTES = 1000
    with pytest.raises(BadInput, match="larger than"):
        captured(hr(), data=b"x" * 1001)
    with pytest.raises(BadInput, match="web address") as refused:
        captured(hr(), source_url="javascript:alert(1)")
    assert refused.value.data["field"] == "source_url" and stored_files(store) == []


def test_a_file_name_loses_its_folders_and_ends_in_what_the_content_is():
    item = captured(hr(), file_name="../../etc/passwd\x07")
    assert item.file_name == "passwd.txt"
    assert captured(hr(), file_name="..").file_name == "evidence.txt"


def test_the_same_bytes_captured_twice_are_two_items_sharing_one_stored_file(store):
    first, second = captured(hr()), captured(hr())
    assert first.pk != second.pk and first.stored_as == second.stored_as and len(stored_files(store)) == 1


def test_each_view_and_download_is_in_the_chain_of_custody_and_the_read_log():
    actor, reader = hr(), person("hr")
    item = captured(actor)
    assert evidence_open(actor=reader, item=item, address="10.9.9.9") == POST_TEXT.encode()
    evidence_open(actor=reader, item=item, action="download", via="api")
    assert [(e.action, e.actor, e.address, e.via) for e in custody_of(item)] == [
        ("capture", actor, "10.1.2.3", "page"), ("view", reader, "10.9.9.9", "page"),
        ("download", reader, None, "api")]
    reads = ConfidentialRead.objects.filter(kind="evidence", object_id=item.pk).order_by("id")
    assert [(r.reader, r.what, r.via) for r in reads] == [(reader, "Evidence viewed", "page"),
                                                          (reader, "Evidence downloaded", "api")]
    with pytest.raises(BadInput, match="view or to download"):
        evidence_open(actor=reader, item=item, action="print")


def test_an_altered_store_is_detected_and_nothing_is_handed_out(store):
    item = captured(hr())
    (store / item.stored_as).write_bytes(POST_TEXT.replace("joke", "gem").encode())
    with pytest.raises(EvidenceAltered, match="no longer matches the SHA-256 recorded when it was captured"):
        evidence_open(actor=hr(), item=item)
    assert [e.action for e in custody_of(item)] == ["capture"]
    assert not ConfidentialRead.objects.exists()
    assert AuditEntry.objects.get(event="evidence.item.altered").object_id == str(item.pk)
    (store / item.stored_as).unlink()
    with pytest.raises(EvidenceAltered, match="is missing from the private store"):
        evidence_open(actor=hr(), item=item)


def _bundle(actor, items, **kw):
    return evidence_bundle(actor=actor, council=council("st-helens"), reference="SH-2026-0007", items=items,
                           findings=FINDINGS, summary={"status": "Referred to HR"}, address="10.5.5.5", **kw)


def test_a_bundle_holds_each_item_its_findings_and_the_whole_chain_of_custody_including_this_export():
    actor, reader = hr(), person("hr")
    post = captured(actor)
    shot = captured(actor, kind="screenshot", data=png(), file_name="screenshot.png")
    evidence_open(actor=reader, item=post, address="10.9.9.9")
    data = _bundle(reader, [post, shot, post])
    report = verify(data)
    assert report.intact and report.files_checked == 2
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read(f"files/{post.pk}-post-text.txt") == POST_TEXT.encode()
        assert archive.read(f"files/{shot.pk}-screenshot.png") == png()
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["case_reference"] == "SH-2026-0007" and manifest["findings"] == FINDINGS
    assert manifest["summary"] == {"status": "Referred to HR"} and manifest["council"] == council("st-helens").name
    assert manifest["generated_by"] == reader.get_username()
    assert [e["sha256"] for e in manifest["evidence"]] == [post.sha256, shot.sha256]
    post_custody = [(c["action"], c["address"]) for c in manifest["custody"] if c["file"].endswith("post-text.txt")]
    assert post_custody == [("Captured", "10.1.2.3"), ("Viewed", "10.9.9.9"),
                            ("Exported in an evidence bundle", "10.5.5.5")]
    assert all("T" in c["at"] and c["at"].endswith("+00:00") for c in manifest["custody"])


def test_a_bundle_export_is_in_each_items_custody_and_read_log_with_the_manifests_hash():
    actor = hr()
    post = captured(actor)
    data = _bundle(actor, [post])
    assert [e.action for e in custody_of(post)] == ["capture", "export"]
    assert custody_of(post).last().note == "Exported in the evidence bundle of SH-2026-0007"
    read = ConfidentialRead.objects.get(kind="evidence", object_id=post.pk)
    assert verify(data).manifest_sha256 in read.what and read.address == "10.5.5.5"


def test_a_bundle_is_not_made_from_an_altered_store_nor_from_another_councils_evidence(store):
    actor = hr()
    post = captured(actor)
    (store / post.stored_as).write_bytes(b"something else")
    with pytest.raises(EvidenceAltered):
        _bundle(actor, [post])
    assert [e.action for e in custody_of(post)] == ["capture"] and not ConfidentialRead.objects.exists()
    sefton_item = captured(person("hr", "sefton"), "sefton", data=b"another council's capture")
    with pytest.raises(BadInput, match="another council"):
        _bundle(actor, [sefton_item])


def test_capturing_bytes_whose_stored_copy_was_altered_is_refused_and_audited(store):
    item = captured(hr())
    (store / item.stored_as).write_bytes(b"tampered")
    with pytest.raises(EvidenceAltered, match="already holds a different file"):
        captured(hr())
    assert AuditEntry.objects.get(event="evidence.item.altered").after == {"stored_as": item.stored_as}
    assert CustodyEntry.objects.count() == 1 and (store / item.stored_as).read_bytes() == b"tampered"
