"""The chain catches every way of tampering with the table under the application, naming the entry."""

import pytest
from django.db import connection, transaction

from civicguard.apps.audit.models import AppendOnly, AuditEntry, AuditHead
from civicguard.apps.audit.services import audit_record, audit_verify


def sql(statement, *params):
    with connection.cursor() as cur:
        cur.execute(statement, list(params))


def chain(n=4):
    return [audit_record(event="test.thing.do", council="st-helens", after={"n": i}) for i in range(n)]


def found(problems):
    return [(p.seq, p.kind) for p in problems]


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


def test_a_rehashed_forgery_still_breaks_the_next_link():
    """Someone who rewrites an entry and recomputes its hash still breaks the entry after it."""
    from civicguard.apps.audit.services import entry_digest

    entries = chain()
    forged = AuditEntry.objects.get(pk=entries[1].pk)
    digest = entry_digest(seq=forged.seq, created=forged.created, actor="mallory", council=forged.council,
                          event=forged.event, object_type=forged.object_type, object_id=forged.object_id,
                          before=forged.before, after=forged.after, correlation=forged.correlation,
                          prev_hash=forged.prev_hash)
    sql("UPDATE audit_auditentry SET actor = %s, hash = %s WHERE id = %s", "mallory", digest, forged.pk)
    assert found(audit_verify()[1]) == [(entries[2].seq, "reordered")]


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
    assert AuditEntry.objects.get(pk=entry.pk).actor == "" and audit_verify()[1] == []
