"""What waits on a person: the agreement to sign, training running out, a line manager's team not onboarded."""

from datetime import timedelta

from django.utils import timezone

from civicguard.apps.onboarding.waiting import waiting_for
from tests.apps.factories import person, staff_record


def test_a_new_representative_is_asked_to_sign_and_train(st_helens):
    person("img")
    items = waiting_for(person("representative", onboarded=False), st_helens)
    assert [i.text for i in items][0] == "Sign the Social Media User Agreement" and all(i.urgent for i in items)
    assert len(items) == 2


def test_an_employee_who_never_posts_is_not_asked(st_helens):
    person("img")
    assert waiting_for(person("employee", onboarded=False), st_helens) == []


def test_training_running_out_within_30_days(st_helens):
    moderator = person("moderator")
    moderator.course_completions.update(completed=timezone.localdate() - timedelta(days=350))
    (item,) = waiting_for(moderator, st_helens)
    assert "training runs out on" in item.text and item.due == timezone.localdate() + timedelta(days=15)


def test_a_line_manager_sees_who_in_their_team_may_not_post(st_helens):
    manager = person("line-manager")
    rep = person("representative", onboarded=False)
    staff_record(user=rep, name="Nia New", line_manager=staff_record(user=manager))
    (item,) = waiting_for(manager, st_helens)
    assert item.text == "Nia New may not post or moderate yet: the User Agreement to sign and training to complete"
