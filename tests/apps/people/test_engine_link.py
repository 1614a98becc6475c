"""The check reads "politically restricted" from the author's staff record (St Helens 5.7), not from the author."""

import pytest

from civicguard.apps.posts import services as post_services
from civicguard.apps.posts.services import personal_check, post_check, post_create
from tests.apps.factories import AccountFactory, person, staff_record

CAMPAIGNING = "Vote Labour on Thursday! Kick the Tories out."


@pytest.fixture
def contexts(monkeypatch):
    seen = []
    real = post_services.check

    def spy(content, context):
        seen.append(context)
        return real(content, context)

    monkeypatch.setattr(post_services, "check", spy)
    return seen


@pytest.mark.parametrize(("record", "expected"), [(True, True), (False, False), (None, False)])
def test_an_official_post_is_checked_with_the_author_s_record(st_helens, contexts, record, expected):
    account = AccountFactory(council=st_helens)
    author = person("representative", account=account)
    if record is not None:
        staff_record(user=author, politically_restricted=record)
    post_check(post=post_create(actor=author, account=account, text="Our libraries open late on Thursdays."),
               actor=author)
    assert contexts[-1].politically_restricted is expected


def test_a_personal_check_by_a_restricted_person_is_blocked_without_the_tick_box(st_helens):
    employee = person("employee")
    staff_record(user=employee, politically_restricted=True)
    result, _ = personal_check(actor=employee, council=st_helens, text=CAMPAIGNING)
    assert "sth.political.restricted-post" in {f.rule for f in result.findings}
    unrestricted, _ = personal_check(actor=person("employee"), council=st_helens, text=CAMPAIGNING)
    assert "sth.political.restricted-post" not in {f.rule for f in unrestricted.findings}
