"""The chain catches every way of tampering with the table under the application, naming the entry."""

import json

import pytest
from django.db import transaction

from civicguard.apps.audit.chain import KEYED, LEGACY, fields_of, legacy_digest
from civicguard.apps.audit.models import AppendOnly, AuditEntry, AuditHead
from civicguard.apps.audit.services import audit_record, audit_verify
from tests.apps.audit.chains import KEY, OTHER_KEY, chain, found, rechain_without_the_key, sql


def test_changed_content_is_reported_as_altered():
    entries = chain()
    sql("UPDATE audit_auditentry SET after = %s WHERE id = %s", '{"n": 99}', entries[1].pk)
    assert found(audit_verify()[1]) == [(entries[1].seq, "altered")]


def test_a_deleted_middle_entry_is_reported_as_missing():
    entries = chain()
    sql("DELETE FROM audit_auditentry WHERE id = %s", entries[1].pk)
    count, problems = audit_verify()
    assert count == 3
    # the entry after the gap is where the walk notices: a gap in seq, and a broken link to the previous hash
    assert (entries[2].seq, "missing") in found(problems)
    assert f"entries {entries[1].seq} are not in the log" in str(problems[0])


def test_a_deleted_last_entry_is_reported_at_the_tip():
    entries = chain()
    sql("DELETE FROM audit_auditentry WHERE id = %s", entries[-1].pk)
    assert found(audit_verify()[1]) == [(entries[-2].seq, "tip")]


def test_swapping_two_entries_seq_is_reported():
    entries = chain()
    a, b = entries[1], entries[2]
    sql("UPDATE audit_auditentry SET seq = %s WHERE id = %s", 1000, a.pk)
    sql("UPDATE audit_auditentry SET seq = %s WHERE id = %s", a.seq, b.pk)
    sql("UPDATE audit_auditentry SET seq = %s WHERE id = %s", b.seq, a.pk)
    problems = found(audit_verify()[1])
    assert (a.seq, "altered") in problems and (a.seq, "reordered") in problems
    assert (b.seq, "altered") in problems and (b.seq, "reordered") in problems


def test_a_rewritten_prev_hash_is_reported_as_reordered():
    entries = chain()
    sql("UPDATE audit_auditentry SET prev_hash = %s WHERE id = %s", "f" * 64, entries[2].pk)
    problems = found(audit_verify()[1])
    assert (entries[2].seq, "reordered") in problems and (entries[2].seq, "altered") in problems


def test_an_entry_rehashed_with_sha256_is_altered_and_breaks_the_next_link():
    """Someone without the key who rewrites an entry and recomputes its hash the old way gets neither right."""
    entries = chain()
    forged = AuditEntry.objects.get(pk=entries[1].pk)
    forged.actor = "mallory"
    digest = legacy_digest(fields_of(forged))
    sql("UPDATE audit_auditentry SET actor = %s, hash = %s WHERE id = %s", "mallory", digest, forged.pk)
    assert found(audit_verify()[1]) == [(entries[1].seq, "altered"), (entries[2].seq, "reordered")]


def test_new_entries_are_keyed_and_hold_nothing_of_the_key(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", KEY)
    entry = chain(1)[0]
    assert entry.scheme == KEYED and len(entry.hash) == 64
    assert entry.hash != legacy_digest(fields_of(entry))
    row = AuditEntry.objects.filter(pk=entry.pk).values().get()
    assert KEY not in json.dumps(row, default=str)


def test_the_whole_chain_rechained_with_sha256_without_the_key_is_reported(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", KEY)
    entries = chain(5)
    rechain_without_the_key(change={"actor": "mallory"}, at=entries[2].seq)
    problems = audit_verify()[1]
    assert found(problems) == [(entries[0].seq, "key")]
    assert "none of the 5 entries written with the audit key matches the key in use" in problems[0].detail


def test_a_chain_rechained_as_old_sha256_entries_is_reported_as_unsealed(monkeypatch):
    """Marking every entry as written before the key does not help: nothing written with the key vouches for it."""
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", KEY)
    entries = chain(4)
    rechain_without_the_key(scheme=LEGACY, change={"after": {"n": 99}}, at=entries[1].seq)
    problems = audit_verify()[1]
    assert found(problems) == [(entries[-1].seq, "unsealed")]
    assert str(problems[0]).startswith(f"entry {entries[-1].seq}: unsealed: entries 1-4 carry only a plain SHA-256")


def test_old_style_entries_after_keyed_ones_are_reported_as_downgraded(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", KEY)
    entries = chain(4)
    forged = AuditEntry.objects.get(pk=entries[-1].pk)
    digest = legacy_digest(fields_of(forged))
    sql("UPDATE audit_auditentry SET scheme = %s, hash = %s WHERE id = %s", LEGACY, digest, forged.pk)
    sql("UPDATE audit_audithead SET last_hash = %s", digest)
    assert found(audit_verify()[1]) == [(forged.seq, "downgraded")]


def test_the_wrong_key_is_one_problem_naming_the_key(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", KEY)
    entries = chain(3)
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", OTHER_KEY)
    problems = audit_verify()[1]
    assert found(problems) == [(entries[0].seq, "key")]
    assert "either CIVICGUARD_AUDIT_KEY is not the key that wrote this log" in problems[0].detail
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", KEY)
    assert audit_verify()[1] == []


def test_entries_written_while_the_walk_runs_are_not_reported_as_cut(monkeypatch):
    """A busy site: the head moves on while the walk reads; the walk follows it instead of crying truncation."""
    from civicguard.apps.audit.chain import Walk

    chain(3)
    feed, written = Walk.feed, []

    def feed_while_writing(walk, entry):
        feed(walk, entry)
        if entry.seq == 3 and not written:
            written.append(audit_record(event="test.thing.later", council="st-helens"))

    monkeypatch.setattr(Walk, "feed", feed_while_writing)
    assert audit_verify() == (4, [])


def test_appends_inside_and_outside_transactions_keep_the_chain_valid():
    audit_record(event="test.a", council="st-helens")
    with transaction.atomic():
        audit_record(event="test.b", council="st-helens")
        with transaction.atomic():
            audit_record(event="test.c", council="sefton")
        try:
            with transaction.atomic():
                audit_record(event="test.rolled-back", council="st-helens")
                raise RuntimeError("the caller's change failed")
        except RuntimeError:
            pass
        audit_record(event="test.d", council="st-helens")
    audit_record(event="test.e", council="st-helens")
    count, problems = audit_verify()
    assert (count, problems) == (5, [])
    assert list(AuditEntry.objects.values_list("seq", "event")) == [
        (1, "test.a"), (2, "test.b"), (3, "test.c"), (4, "test.d"), (5, "test.e")]
    assert AuditHead.objects.get(pk=1).seq == 5


WRITER = """
import sys
from django.db import transaction
from civicguard.cli.web import setup_django
setup_django()
from civicguard.apps.audit.services import audit_record
for i in range(15):
    if i % 2:
        with transaction.atomic():
            audit_record(event="test.writer", council="st-helens", after={"writer": sys.argv[1], "i": i})
    else:
        audit_record(event="test.writer", council="st-helens", after={"writer": sys.argv[1], "i": i})
"""
VERIFY = """
import json
from civicguard.cli.web import setup_django
setup_django()
from civicguard.apps.audit.services import audit_verify
count, problems = audit_verify()
print(json.dumps([count, [str(p) for p in problems]]))
"""


def test_separate_processes_writing_at_once_chain_one_after_another(tmp_path):
    """Four processes append to one SQLite file at the same time: the head row serialises them."""
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CIVICGUARD_HOME=str(tmp_path), CIVICGUARD_SECRET_KEY="test",
               DJANGO_SETTINGS_MODULE="civicguard.config.settings.base")

    def python(code, *args):
        return subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    setup = python("from civicguard.cli.web import setup_django, migrate; setup_django(); migrate()")
    assert setup.wait(timeout=120) == 0, setup.stderr.read() if setup.stderr else ""
    writers = [python(WRITER, str(n)) for n in range(4)]
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    out, err = python(VERIFY).communicate(timeout=120)
    assert json.loads(out) == [60, []], err


def test_the_model_refuses_changes_and_deletions():
    entry = chain(1)[0]
    entry.actor = "mallory"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.get(pk=entry.pk).delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(actor="mallory")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor == "alice" and audit_verify()[1] == []
