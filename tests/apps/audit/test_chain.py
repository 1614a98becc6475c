from django.db import connection

from civicguard.apps.audit.services import audit_record, audit_verify


def test_a_clean_chain_verifies():
    for i in range(3):
        audit_record(event="test.thing.do", council="st-helens", after={"n": i})
    count, problems = audit_verify()
    assert count == 3 and problems == []


def test_a_row_changed_in_the_database_is_reported():
    audit_record(event="test.thing.do", council="st-helens", after={"n": 1})
    second = audit_record(event="test.thing.do", council="st-helens", after={"n": 2})
    with connection.cursor() as cur:  # the model refuses updates: go under it, as a DBA could
        cur.execute("UPDATE audit_auditentry SET actor = %s WHERE id = %s", ["mallory", second.pk])
    _, problems = audit_verify()
    assert [(p.seq, p.kind) for p in problems] == [(second.seq, "altered")]
