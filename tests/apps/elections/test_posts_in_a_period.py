"""The issue's check: during a configured pre-election period an official post quoting a councillor is blocked,
with the Code of Recommended Practice cited; the same post passes outside one; a politically restricted employee's
personal check carries the reminder."""

import pytest

from civicguard.apps.posts import services
from tests.apps.elections.factories import election
from tests.apps.factories import AccountFactory, council, person, staff_record

pytestmark = pytest.mark.django_db
QUOTE = 'Cllr Sarah Whitfield said: "The new play area at Victoria Park shows what this council can deliver."'


def _checked(text=QUOTE):
    account = AccountFactory()
    author = person("representative", account=account)
    post = services.post_create(actor=author, account=account, text=text)
    return services.post_check(post=post, actor=author)


def test_a_post_quoting_a_councillor_is_blocked_during_a_period_citing_the_code():
    election(name="St Helens Borough Council elections")
    run = _checked()
    assert run.verdict == "block"
    quote = next(f for f in run.result["findings"] if f["rule"] == "sth.elections.councillor-quote")
    assert quote["text"] == "Cllr Sarah Whitfield" and quote["clauses"] == ["St Helens 5.7"]
    assert "Code of Recommended Practice on Local Authority Publicity" in quote["message"]
    assert "St Helens Borough Council elections" in quote["message"]


def test_the_same_post_is_not_blocked_for_it_outside_a_period():
    election(on=False)
    run = _checked()
    assert not any(f["rule"].startswith("sth.elections") for f in run.result["findings"])


def test_a_post_quoting_an_officer_passes_the_period_rules():
    election()
    run = _checked('"We expect the work to finish by May," said project manager Claire Simms.')
    assert not any(f["rule"].startswith("sth.elections") for f in run.result["findings"])


def test_a_politically_restricted_employees_personal_check_gets_the_reminder_only_in_a_period():
    employee = person("employee")
    staff_record(user=employee, politically_restricted=True)
    result, _ = services.personal_check(actor=employee, council=council(), text="Lovely walk at Sherdley Park.")
    assert not result.findings
    election(name="St Helens Borough Council elections")
    result, _ = services.personal_check(actor=employee, council=council(), text="Lovely walk at Sherdley Park.")
    (note,) = result.findings
    assert note.severity == "info" and "St Helens Borough Council elections" in note.message
    other, _ = services.personal_check(actor=person("employee"), council=council(), text="Lovely walk.")
    assert not other.findings


def test_during_a_period_one_approvers_override_of_a_warning_waits_for_a_second_person():
    election()
    account = AccountFactory()
    author = person("representative", account=account)
    # A plain http:// link: the check warns (not encrypted) and blocks nothing (as in tests/apps/posts).
    post = services.post_create(actor=author, account=account, text="Our gritting teams out on the A580 last night.",
                                links=["http://www.sthelens.gov.uk/gritting"])
    services.post_submit(post=post, actor=author)
    assert post.current_check.verdict == "warn"
    approval = services.post_decide(post=post, actor=person("approver"), decision="override",
                                    justification="Banter about a neighbouring team, not a person")
    assert approval.decision == "request_override" and post.status == "override_requested"
