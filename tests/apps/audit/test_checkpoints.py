"""Signed checkpoints of the chain's head: what they catch, and how a forged or foreign one is refused."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from civicguard.apps.audit.checkpoints import Checkpoint, checkpoint_read
from civicguard.apps.audit.keys import audit_key
from civicguard.apps.audit.services import (
    audit_checkpoint,
    audit_checkpoint_if_due,
    audit_checkpoint_save,
    audit_record,
    audit_verify_report,
)
from civicguard.errors import BadInput
from tests.apps.audit.chains import KEY, OTHER_KEY, chain, cut_newest, found, rechain_without_the_key, sql


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", KEY)


def reread(checkpoint: Checkpoint, **changes):
    body = json.loads(checkpoint.to_json())
    body.update(changes)
    return checkpoint_read(json.dumps(body), key=audit_key(), name="cp.json")


def against(checkpoint: Checkpoint):
    return audit_verify_report(checkpoints=[("cp.json", checkpoint)])


def test_a_checkpoint_signs_the_head_and_holds_while_nothing_changes():
    entries = chain(4)
    checkpoint, report = audit_checkpoint()
    assert report.ok and (checkpoint.seq, checkpoint.hash) == (entries[-1].seq, entries[-1].hash)
    assert checkpoint.key == audit_key().fingerprint and KEY not in checkpoint.to_json()
    assert reread(checkpoint) == checkpoint
    chain(2)  # the log grows after the checkpoint: it still holds
    report = against(checkpoint)
    assert report.ok and report.checkpoints[0].problem is None


def test_cutting_the_newest_entries_and_rolling_back_the_head_is_found_only_with_a_checkpoint():
    chain(6)
    checkpoint, _ = audit_checkpoint()
    top = cut_newest(3)
    assert audit_verify_report().ok  # the chain left behind is consistent: this is why checkpoints exist
    report = against(checkpoint)
    assert found(report.problems) == [(6, "checkpoint")]
    assert f"holds entry 6, but the log now ends at entry {top} (the newest entries were deleted)" in \
        report.problems[0].detail


def test_rewriting_an_entry_before_the_checkpoint_with_the_key_is_still_found():
    """Even the key's holder cannot change what a checkpoint kept elsewhere has pinned."""
    from civicguard.apps.audit.chain import GENESIS, fields_of, keyed_digest
    from civicguard.apps.audit.models import AuditEntry, AuditHead

    entries = chain(4)
    checkpoint, _ = audit_checkpoint()
    key, prev = audit_key(), GENESIS
    for entry in AuditEntry.objects.order_by("seq"):
        entry.prev_hash = prev
        if entry.seq == entries[1].seq:
            entry.actor = "mallory"
        prev = keyed_digest(fields_of(entry), key)
        AuditEntry._base_manager.filter(pk=entry.pk).update(actor=entry.actor, prev_hash=entry.prev_hash, hash=prev)
    AuditHead.objects.update(last_hash=prev)
    assert audit_verify_report().ok
    report = against(checkpoint)
    assert found(report.problems) == [(4, "checkpoint")]
    assert "entry 4 no longer has the hash the checkpoint cp.json" in report.problems[0].detail


def test_an_entry_changed_before_the_checkpoint_is_found_by_the_chain_and_the_checkpoint():
    entries = chain(4)
    checkpoint, _ = audit_checkpoint()
    rechain_without_the_key(change={"actor": "mallory"}, at=entries[1].seq)
    kinds = {kind for _, kind in found(against(checkpoint).problems)}
    assert kinds == {"key", "checkpoint"}


def test_deleting_everything_is_found_by_a_checkpoint():
    chain(3)
    checkpoint, _ = audit_checkpoint()
    sql("DELETE FROM audit_auditentry")
    sql("DELETE FROM audit_audithead")
    assert audit_verify_report().ok
    assert found(against(checkpoint).problems) == [(3, "checkpoint")]


@pytest.mark.parametrize(("change", "says"), [
    ({"seq": 2}, "does not match its signature: it was changed after it was written"),
    ({"hash": "0" * 64}, "does not match its signature"),
    ({"signature": "f" * 64}, "does not match its signature"),
    ({"version": 7}, "is a version 7 checkpoint"),
    ({"seq": "3"}, "\"seq\" is missing or not a number"),
    ({"kind": "something-else"}, "is not a CivicGuard audit checkpoint"),
])
def test_a_forged_or_damaged_checkpoint_is_refused(change, says):
    chain(3)
    checkpoint, _ = audit_checkpoint()
    with pytest.raises(BadInput, match=says.replace("(", r"\(")):
        reread(checkpoint, **change)


def test_a_checkpoint_signed_with_another_key_is_refused_naming_both_fingerprints(monkeypatch):
    chain(2)
    checkpoint, _ = audit_checkpoint()
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", OTHER_KEY)
    with pytest.raises(BadInput) as refused:
        reread(checkpoint)
    assert f"was signed with another audit key (fingerprint {checkpoint.key}; the key in use is " \
           f"{audit_key().fingerprint})" in refused.value.message


def test_not_json_is_refused():
    with pytest.raises(BadInput, match="cp.json is not a CivicGuard audit checkpoint \\(it is not JSON\\)"):
        checkpoint_read("{not json", key=audit_key(), name="cp.json")


def test_the_scheduler_keeps_the_newest_n_in_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVICGUARD_CHECKPOINT_DIR", str(tmp_path / "kept"))
    monkeypatch.setenv("CIVICGUARD_CHECKPOINT_KEEP", "2")
    start = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)
    written = []
    for day in range(4):
        audit_record(event="test.thing.do", council="st-helens")
        written.append(audit_checkpoint_save(now=start + timedelta(days=day)))
    kept = sorted(p.name for p in (tmp_path / "kept").iterdir())
    assert kept == [written[2].name, written[3].name] == ["audit-checkpoint-20261203T013000Z-seq000000003.json",
                                                          "audit-checkpoint-20261204T013000Z-seq000000004.json"]
    assert against(checkpoint_read(written[3].read_text(), key=audit_key(), name="kept")).ok


def test_the_scheduler_writes_one_a_day_judged_from_the_folder(tmp_path):
    chain(1)
    start = datetime(2026, 12, 1, 1, 0, 5, tzinfo=UTC)
    assert audit_checkpoint_if_due(folder=tmp_path, now=start) is not None
    # it looks every hour: nothing until 23 hours have passed, then the next (a restart changes nothing)
    looks = [audit_checkpoint_if_due(folder=tmp_path, now=start + timedelta(hours=h)) for h in range(1, 25)]
    assert [h + 1 for h, path in enumerate(looks) if path is not None] == [23]
    assert len(list(tmp_path.iterdir())) == 2


def test_a_bad_keep_setting_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVICGUARD_CHECKPOINT_KEEP", "none")
    with pytest.raises(BadInput, match="CIVICGUARD_CHECKPOINT_KEEP must be a whole number of at least 1"):
        audit_checkpoint_save(folder=tmp_path)
