"""Adding, changing and cancelling elections: permission, the change and its audit entry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.elections import services
from civicguard.apps.elections.models import Status
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound
from tests.apps.elections.factories import election
from tests.apps.factories import council, person

pytestmark = pytest.mark.django_db
POLL = timezone.localdate() + timedelta(days=60)


@pytest.mark.parametrize("role", ["img", "admin", "approver"])
def test_the_group_communications_and_administrators_add_elections_with_an_audit_entry(role):
    found = services.election_add(actor=person(role), council=council(), name="Mayoral election", kind="mayoral",
                                   polling_day=POLL)
    entry = AuditEntry.objects.get(event="elections.election.add", object_id=str(found.pk))
    assert entry.after["polling_day"] == POLL.isoformat() and entry.after["name"] == "Mayoral election"
    assert found.period_end == POLL and found.period_start < POLL


@pytest.mark.parametrize("role", ["representative", "employee", "moderator"])
def test_others_may_not_add_one(role):
    with pytest.raises(NotAllowed):
        services.election_add(actor=person(role), council=council(), name="X", kind="local", polling_day=POLL)


def test_another_councils_staff_get_not_found():
    with pytest.raises(NotFound):
        services.election_add(actor=person("img", "sefton"), council=council(), name="X", kind="local",
                              polling_day=POLL)


@pytest.mark.parametrize("fields,field", [
    ({"name": ""}, "name"), ({"kind": "coronation"}, "kind"), ({"polling_day": None}, "polling_day"),
    ({"kind": "by-election", "wards": ""}, "wards"),
    ({"notice_published_on": POLL + timedelta(days=1)}, "notice_published_on"),
    ({"period_end": POLL - timedelta(days=1)}, "period_end"),
])
def test_bad_input_names_the_field(fields, field):
    values = {"name": "Local elections", "kind": "local", "polling_day": POLL, **fields}
    with pytest.raises(BadInput) as err:
        services.election_add(actor=person("img"), council=council(), **values)
    assert err.value.data["field"] == field


def test_a_change_is_audited_before_and_after_and_a_cancelled_election_cannot_change():
    found = election(on=False)
    admin = person("admin")
    services.election_change(actor=admin, election=found, name="By-election in Haydock", kind="by-election",
                             wards="Haydock", polling_day=found.polling_day)
    entry = AuditEntry.objects.get(event="elections.election.change")
    assert entry.before["kind"] == "local" and entry.after["wards"] == "Haydock"
    services.election_cancel(actor=admin, election=found, reason="The candidate withdrew; no poll")
    found.refresh_from_db()
    assert found.status == Status.CANCELLED
    assert AuditEntry.objects.get(event="elections.election.cancel").after["reason"].startswith("The candidate")
    with pytest.raises(InvalidState):
        services.election_change(actor=admin, election=found, name="X", kind="local", polling_day=found.polling_day)
    with pytest.raises(InvalidState):
        services.election_cancel(actor=admin, election=found, reason="again")
