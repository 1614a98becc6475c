"""What business cases wait on a person for."""

from civicguard.apps.social_accounts import services
from civicguard.apps.social_accounts.waiting import waiting_for
from tests.apps.factories import person
from tests.apps.social_accounts.cases import complete_case


def _texts(user, council):
    return [w.text for w in waiting_for(user, council)]


def test_each_step_waits_on_the_person_who_takes_it(st_helens):
    author, approver = person("service-manager"), person("approver")
    case = complete_case(st_helens, author, title="St Helens Parks")
    assert _texts(approver, st_helens) == []
    services.business_case_submit(case=case, actor=author)
    assert _texts(approver, st_helens) == ["Decide the business case for St Helens Parks (Instagram) from "
                                           f"{author.username}"]
    services.business_case_decide(case=case, actor=approver, decision="return", reason="More detail")
    assert _texts(author, st_helens) == ["Change your business case for St Helens Parks: it was returned"]
    assert _texts(approver, st_helens) == []
    services.business_case_submit(case=case, actor=author)
    services.business_case_decide(case=case, actor=approver, decision="approve", reason="Fine")
    assert _texts(approver, st_helens) == ["Create the account for the approved business case St Helens Parks"]
    services.account_create_from_case(case=case, actor=approver, handle="@StHelensParks")
    assert _texts(approver, st_helens) == ["Complete Instagram @StHelensParks and make it live"]
    assert _texts(author, st_helens) == ["Complete Instagram @StHelensParks and make it live"]
    assert _texts(person("employee"), st_helens) == []
