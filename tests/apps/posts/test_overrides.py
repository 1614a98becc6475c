"""Two people for a block: an override of a block is a request that a second person confirms or refuses."""

import io
import threading

import pytest
from django.db import connection
from PIL import Image

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.posts import services
from civicguard.apps.posts.models import Approval, OutboxEntry, Post
from civicguard.apps.posts.selectors import override_counts
from civicguard.apps.staff.services import role_assign
from civicguard.errors import BadInput, InvalidState, NotAllowed
from tests.apps.factories import AccountFactory, council, person

PII = "Call Mrs Joan Hughes on 07700 900123 about her housing application."
SWEARING = "Our bin crews are working flat out, and the shit weather is not helping."
WARN_ONLY = "Our gritting teams out on the A580 last night."  # with a plain http:// link: a warning
CLEAN = "The library on Victoria Square opens at 9am on Saturday."
WHY = "Mrs Hughes asked us to post this; consent form C-19 is on file."


def _photo() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (4, 4)).save(image, "PNG")
    return image.getvalue()


def _submitted(text=PII, slug="st-helens"):
    account = AccountFactory(council=council(slug))
    author = person("representative", slug, account=account)
    post = services.post_create(actor=author, account=account, text=text)
    if text == WARN_ONLY:  # a plain http:// link: the check warns (not encrypted) and blocks nothing
        services.post_update(post=post, actor=author, text=text, links=["http://www.sthelens.gov.uk/gritting"])
    services.post_submit(post=post, actor=author)
    assert post.current_check.verdict == {PII: "block", WARN_ONLY: "warn", CLEAN: "pass"}[text]
    return post, author


def _requested(text=PII):
    post, author = _submitted(text)
    first = person("approver")
    services.post_decide(post=post, actor=first, decision="override", justification=WHY)
    return post, author, first


def test_an_override_of_a_block_waits_for_a_second_person_with_nothing_in_the_outbox():
    post, _, first = _requested()
    assert post.status == "override_requested" and not post.overridden
    assert not OutboxEntry.objects.exists()
    request = post.approvals.get()
    assert request.decision == "request_override" and request.verdict == "block" and request.actor == first
    assert AuditEntry.objects.filter(event="posts.post.override_request", object_id=str(post.pk)).exists()


def test_the_requester_cannot_confirm_their_own_override():
    post, _, first = _requested()
    with pytest.raises(NotAllowed):
        services.post_decide(post=post, actor=first, decision="confirm_override")
    post.refresh_from_db()
    assert post.status == "override_requested" and not OutboxEntry.objects.exists()


def test_the_author_cannot_confirm_even_as_an_approver():
    post, author, _ = _requested()
    role_assign(user=author, council=post.council, role="approver")
    with pytest.raises(NotAllowed):
        services.post_decide(post=post, actor=author, decision="confirm_override")


def test_a_second_approver_confirms_and_the_outbox_names_both_people_and_both_justifications():
    post, _, first = _requested()
    second = person("approver")
    services.post_decide(post=post, actor=second, decision="confirm_override", justification="Agreed: consent seen")
    assert post.status == "approved" and post.overridden
    override = OutboxEntry.objects.get(post=post).payload["override"]
    assert OutboxEntry.objects.get(post=post).payload["overridden"] is True
    assert override["people"] == 2 and override["verdict"] == "block"
    assert (override["requester"]["username"], override["requester"]["justification"]) == (first.username, WHY)
    assert (override["confirmer"]["username"], override["confirmer"]["justification"]) == (
        second.username, "Agreed: consent seen")
    confirm = AuditEntry.objects.get(event="posts.post.override_confirm")
    assert confirm.actor == second.username and confirm.after["requested_by"] == first.username
    assert confirm.after["overridden"] is True


def test_other_decisions_wait_while_an_override_is_waiting():
    post, _, _ = _requested()
    for decision in ("approve", "override", "return"):
        with pytest.raises(InvalidState):
            services.post_decide(post=post, actor=person("approver"), decision=decision, comment="x",
                                 justification="x")


def test_confirm_or_refuse_needs_an_override_waiting():
    post, _ = _submitted(CLEAN)
    with pytest.raises(InvalidState):
        services.post_decide(post=post, actor=person("approver"), decision="confirm_override")


def test_refusing_needs_a_comment_and_returns_the_post_to_its_author():
    post, author, _ = _requested()
    second = person("approver")
    with pytest.raises(BadInput) as err:
        services.post_decide(post=post, actor=second, decision="refuse_override")
    assert err.value.data["field"] == "comment"
    services.post_decide(post=post, actor=second, decision="refuse_override", comment="Take the phone number out")
    assert post.status == "returned" and post.is_editable and not post.overridden
    assert not OutboxEntry.objects.exists()
    assert AuditEntry.objects.get(event="posts.post.override_refuse").after["comment"] == "Take the phone number out"


def test_confirming_a_block_needs_the_role_the_pack_names(monkeypatch):
    monkeypatch.setattr(services, "block_override_role", lambda council: "legal")
    post, _ = _submitted()
    first = person("approver")
    with pytest.raises(NotAllowed):
        services.post_decide(post=post, actor=first, decision="override", justification=WHY)
    role_assign(user=first, council=post.council, role="legal")
    services.post_decide(post=post, actor=first, decision="override", justification=WHY)
    second = person("approver")
    with pytest.raises(NotAllowed):
        services.post_decide(post=post, actor=second, decision="confirm_override")
    role_assign(user=second, council=post.council, role="legal")
    services.post_decide(post=post, actor=second, decision="confirm_override")
    assert post.status == "approved"


def test_an_override_of_a_warning_is_one_person_unless_the_pack_asks_for_two(monkeypatch):
    post, _ = _submitted(WARN_ONLY)
    services.post_decide(post=post, actor=person("approver"), decision="override", justification="Light-hearted")
    assert post.status == "approved" and post.overridden and post.override_record().people == 1
    monkeypatch.setattr(services, "warn_override_needs_second", lambda council: True)
    other, _ = _submitted(WARN_ONLY)
    services.post_decide(post=other, actor=person("approver"), decision="override", justification="Light-hearted")
    assert other.status == "override_requested"


def test_neither_pack_asks_for_a_second_person_on_a_warning():
    assert not services.warn_override_needs_second(council("st-helens"))
    assert not services.warn_override_needs_second(council("sefton"))


def _checked_as(monkeypatch, text):
    result = services.content_check(council=council("st-helens"), channel="official", text=text)
    monkeypatch.setattr(services, "_engine_result", lambda post: result)


def test_a_confirmation_when_the_check_now_passes_approves_without_marking_an_override(monkeypatch):
    post, _, first = _requested()
    _checked_as(monkeypatch, CLEAN)  # say the pack changed between the request and the confirmation
    services.post_decide(post=post, actor=person("approver"), decision="confirm_override")
    assert post.status == "approved" and not post.overridden
    record = post.override_record()
    assert record.requester.actor == first and record.confirmer is not None and record.verdict == "pass"


def test_a_new_block_since_the_request_is_named_and_the_confirmation_refused(monkeypatch):
    post, _, _ = _requested()
    _checked_as(monkeypatch, SWEARING)
    with pytest.raises(InvalidState) as err:
        services.post_decide(post=post, actor=person("approver"), decision="confirm_override")
    assert "offensive" in err.value.message and "Refuse the override" in err.value.message
    post.refresh_from_db()
    assert post.status == "override_requested" and not OutboxEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_confirming_at_once_make_one_approval_and_one_outbox_entry(monkeypatch):
    post, _, _ = _requested()
    result = services.content_check(council=post.council, channel="official", text=post.text)
    both_checked = threading.Barrier(2, timeout=30)

    def checked_together(post):  # both have passed the first look at the state before either takes the lock
        both_checked.wait()
        return result

    monkeypatch.setattr(services, "_engine_result", checked_together)
    confirmers, outcomes = [person("approver"), person("approver")], []

    def confirm(user):
        try:
            services.post_decide(post=Post.objects.get(pk=post.pk), actor=user, decision="confirm_override")
            outcomes.append("confirmed")
        except InvalidState:
            outcomes.append("already decided")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(u,)) for u in confirmers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["already decided", "confirmed"]
    assert OutboxEntry.objects.filter(post=post).count() == 1
    assert Approval.objects.filter(post=post, decision="confirm_override").count() == 1


def test_decisions_offered_follow_the_rules():
    post, author, first = _requested()
    second = person("approver")
    assert services.decisions_open_to(post=post, actor=first) == []
    assert services.decisions_open_to(post=post, actor=author) == []
    assert services.decisions_open_to(post=post, actor=second) == ["confirm_override", "refuse_override"]
    fresh, _ = _submitted(CLEAN)
    assert services.decisions_open_to(post=fresh, actor=second) == ["approve", "override", "return"]


def test_overrides_are_counted_per_council_and_month_by_one_or_two_people():
    warned, _ = _submitted(WARN_ONLY)
    services.post_decide(post=warned, actor=person("approver"), decision="override", justification="Light-hearted")
    post, _, _ = _requested()
    services.post_decide(post=post, actor=person("approver"), decision="confirm_override")
    refused, _, _ = _requested()
    services.post_decide(post=refused, actor=person("approver"), decision="refuse_override", comment="No")
    sefton, _ = _submitted(PII, "sefton")
    services.post_decide(post=sefton, actor=person("approver", "sefton"), decision="override", justification=WHY)
    counts = {c.council: c for c in override_counts()}
    sth = counts["st-helens"]
    assert (sth.one_person, sth.two_people, sth.requested, sth.refused, sth.total) == (1, 1, 2, 1, 2)
    assert (counts["sefton"].two_people, counts["sefton"].requested) == (0, 1)
    assert [c.council for c in override_counts(councils=["sefton"])] == ["sefton"]
