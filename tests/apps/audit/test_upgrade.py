"""Upgrading a log written before the audit key: re-chained with the key only when the old chain verifies,
sealed as it is when it does not; either way nobody without the key can pass new entries off as old ones."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from civicguard.apps.audit.chain import KEYED, LEGACY, UPGRADE_EVENT, fields_of, legacy_digest
from civicguard.apps.audit.keys import audit_key
from civicguard.apps.audit.models import AuditEntry, AuditHead
from civicguard.apps.audit.services import audit_verify, audit_verify_report
from civicguard.apps.audit.upgrade import ChainNotVerified, key_the_chain, unkey_the_chain
from tests.apps.audit.chains import KEY, chain, found, legacy_chain, rechain_without_the_key, sql


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", KEY)


def upgrade():
    return key_the_chain(AuditEntry, AuditHead, audit_key())


def test_an_old_chain_that_verifies_is_rechained_with_the_key_and_the_upgrade_recorded():
    old = legacy_chain(5)
    before = list(AuditEntry.objects.values_list("seq", "actor", "after"))
    done = upgrade()
    assert done.rechained and done.entries == 5
    assert list(AuditEntry.objects.filter(seq__lte=5).values_list("seq", "actor", "after")) == before
    assert set(AuditEntry.objects.values_list("scheme", flat=True)) == {KEYED}
    seal = AuditEntry.objects.get(seq=6)
    assert (seal.event, seal.actor) == (UPGRADE_EVENT, "")
    assert seal.after == {"old_entries": 5, "rechained": True, "sha256_tip": old[-1], "legacy_until": 0}
    assert audit_verify() == (6, [])
    assert upgrade() is None  # once only: nothing plain is left


def test_an_old_chain_that_does_not_verify_is_sealed_as_it_is_and_keeps_being_reported():
    old = legacy_chain(4)
    sql("UPDATE audit_auditentry SET actor = %s WHERE seq = 2", "mallory")
    done = upgrade()
    assert not done.rechained and found(done.problems) == [(2, "altered")]
    assert list(AuditEntry.objects.filter(seq__lte=4).values_list("scheme", "hash")) == [(LEGACY, h) for h in old]
    seal = AuditEntry.objects.get(seq=5)
    assert seal.after["legacy_until"] == 4 and seal.after["legacy_tip"] == old[-1]
    assert seal.after["old_problems"] == ["entry 2: altered: its content no longer matches its hash"]
    report = audit_verify_report()
    assert found(report.problems) == [(2, "altered")]  # the old tampering stays visible; nothing new is wrong
    assert report.notes == ["entries 1-4 were written before the audit key and carry only a SHA-256 chain, sealed "
                            "at the upgrade by entry 5"]


def test_sealed_old_entries_cannot_be_rewritten_without_the_key():
    legacy_chain(3)
    sql("UPDATE audit_auditentry SET actor = %s WHERE seq = 3", "mallory")  # broken before the upgrade
    upgrade()
    chain(2)
    # now re-chain the old entries with SHA-256 so they look whole, as someone with only the database would
    prev = "0" * 64
    for entry in AuditEntry.objects.filter(scheme=LEGACY).order_by("seq"):
        entry.prev_hash = prev
        prev = legacy_digest(fields_of(entry))
        AuditEntry._base_manager.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=prev)
    kinds = found(audit_verify()[1])
    assert (3, "unsealed") in kinds and (4, "reordered") in kinds


def test_keyed_entries_turned_into_old_ones_behind_a_forged_seal_are_reported():
    entries = chain(4)
    rechain_without_the_key(scheme=LEGACY)
    tip = AuditEntry.objects.get(seq=3).hash
    sql("UPDATE audit_auditentry SET scheme = %s, event = %s, after = %s WHERE seq = 4", KEYED, UPGRADE_EVENT,
        f'{{"legacy_until": 3, "legacy_tip": "{tip}"}}')
    assert (entries[3].seq, "altered") in found(audit_verify()[1])


def test_an_empty_log_needs_no_upgrade():
    assert upgrade() is None and not AuditEntry.objects.exists()


def test_going_back_turns_a_verified_chain_into_plain_sha256_and_refuses_a_broken_one():
    chain(3)
    unkey_the_chain(AuditEntry, AuditHead, audit_key())
    entries = list(AuditEntry.objects.order_by("seq"))
    assert {e.scheme for e in entries} == {LEGACY}
    assert all(legacy_digest(fields_of(e)) == e.hash for e in entries)
    assert AuditHead.objects.get().last_hash == entries[-1].hash
    upgrade()
    sql("UPDATE audit_auditentry SET actor = %s WHERE seq = 2", "mallory")
    with pytest.raises(ChainNotVerified, match="does not verify with the audit key"):
        unkey_the_chain(AuditEntry, AuditHead, audit_key())


@pytest.mark.django_db(transaction=True)
def test_migrating_an_old_database_rechains_it():
    """For real: the schema as it was, a chain written the old way, then `migrate`."""
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0001_initial")])
    old_apps = executor.loader.project_state([("audit", "0001_initial")]).apps
    entry, head = old_apps.get_model("audit", "AuditEntry"), old_apps.get_model("audit", "AuditHead")
    old = legacy_chain(3, create=entry._base_manager.create, head_model=head)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert audit_verify() == (4, [])
    assert AuditEntry.objects.get(seq=4).after["sha256_tip"] == old[-1]
