"""The policy review services: versions and their review dates, the review's steps, who may run them."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.policyreview import services
from civicguard.apps.policyreview.models import PolicyVersion
from civicguard.apps.policyreview.selectors import current_version
from civicguard.errors import BadInput, InvalidState, NotAllowed
from tests.apps.factories import council, person
from tests.apps.policyreview.factories import review_consulting, reviewer, version_in_force
from tests.policy_versions import NEW, OLD, sefton_with_history  # noqa: F401

pytestmark = pytest.mark.django_db


def events() -> list[str]:
    return list(AuditEntry.objects.filter(event__startswith="policyreview.").order_by("pk")
                .values_list("event", flat=True))


def test_recording_the_version_in_force_sets_its_review_a_year_on():
    version = version_in_force("st-helens", published=date(2025, 3, 31))
    assert version.version == "as published (undated)"
    assert version.review_due == date(2026, 3, 31)
    assert version.clause_count > 50 and len(version.clauses_digest) == 64
    assert events() == ["policyreview.version.record"]
    with pytest.raises(InvalidState):
        version_in_force("st-helens")


def test_add_months_keeps_the_end_of_the_month():
    assert services.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert services.add_months(date(2024, 11, 15), 12) == date(2025, 11, 15)


def test_a_review_may_be_due_sooner_only_with_a_reason_and_never_later():
    c = council("st-helens")
    img = reviewer()
    with pytest.raises(BadInput) as exc:
        services.policy_version_record(actor=img, council=c, published=date(2025, 1, 10),
                                       review_due=date(2025, 6, 1))
    assert exc.value.data["field"] == "early_review_reason"
    with pytest.raises(BadInput, match="at least every 12 months"):
        services.policy_version_record(actor=img, council=c, published=date(2025, 1, 10),
                                       review_due=date(2026, 6, 1))
    version = services.policy_version_record(actor=img, council=c, published=date(2025, 1, 10))
    version = services.policy_version_review_due_set(actor=img, version=version, review_due=date(2025, 9, 1),
                                                     reason="The Data (Use and Access) Act changed the law")
    assert (version.review_due, version.early_review_reason) == (date(2025, 9, 1),
                                                                 "The Data (Use and Access) Act changed the law")
    with pytest.raises(BadInput, match="before 1 September 2025"):
        services.policy_version_review_due_set(actor=img, version=version, review_due=date(2025, 10, 1),
                                               reason="later")


def test_only_the_packs_bodies_run_reviews():
    c = council("st-helens")
    # St Helens 10.1: the IMG (and administrators); HR and Customer Services hold policy.review for Sefton's sake.
    for role in ("hr", "approver"):
        refusal = services.review_refusal(person(role), c)
        assert refusal is not None
        assert "only these roles run policy reviews: Information Management Group, Administrator" in \
            refusal.message
        with pytest.raises(NotAllowed):
            services.policy_version_record(actor=person(role), council=c, published=date(2025, 1, 1))
    assert services.review_refusal(person("admin"), c) is None
    with pytest.raises(NotAllowed):
        services.policy_version_record(actor=person("representative"), council=c, published=date(2025, 1, 1))
    # Sefton 9.1: Personnel (hr) and Corporate Communications (approver).
    sefton = council("sefton")
    assert services.review_refusal(person("hr", "sefton"), sefton) is None
    assert services.review_refusal(person("approver", "sefton"), sefton) is None
    assert services.review_refusal(person("img", "sefton"), sefton) is not None


def test_consultees_and_approving_body_come_from_the_pack():
    sth = review_consulting("st-helens", comments=False)
    assert sth.consultees == ["Information Management Group (IMG)"]
    assert sth.approving_body == "Chief Officers Group (via the Executive Decision Framework)"
    sef = review_consulting("sefton", comments=False)
    assert sef.consultees == ["Personnel Department", "Corporate Communications Team", "Trade Unions",
                              "other appropriate bodies"]
    assert sef.approving_body == "Cabinet Member - Corporate Services"


def test_a_review_needs_a_version_in_force_and_one_review_at_a_time():
    c = council("st-helens")
    img = reviewer()
    with pytest.raises(InvalidState, match="Record when the version in force was published"):
        services.policy_review_start(actor=img, council=c)
    review_consulting("st-helens", actor=img)
    with pytest.raises(InvalidState, match="is not finished"):
        services.policy_review_start(actor=img, council=c)


def test_comments_only_while_consulting_and_only_from_consultees():
    img = reviewer()
    c = council("st-helens")
    version_in_force(actor=img)
    review = services.policy_review_start(actor=img, council=c)
    with pytest.raises(InvalidState, match="record comments: the review is open"):
        services.review_comment_add(actor=img, review=review, consultee="Information Management Group (IMG)",
                                    comment="Fine")
    services.policy_review_consult(actor=img, review=review)
    with pytest.raises(BadInput, match="Choose one of the consultees"):
        services.review_comment_add(actor=img, review=review, consultee="The Mayor", comment="Fine")
    with pytest.raises(BadInput, match="Enter the consultee's comments"):
        services.review_comment_add(actor=img, review=review, consultee="Information Management Group (IMG)",
                                    comment="  ")


def test_approval_waits_for_the_reviewing_bodies_comments():
    hr = reviewer("sefton")
    review = review_consulting("sefton", actor=hr, comments=False)
    with pytest.raises(InvalidState, match="Record the comments of the Personnel Department and the Corporate "
                                           "Communications Team first"):
        services.policy_review_decide(actor=hr, review=review, outcome="no-change")
    services.review_comment_add(actor=hr, review=review, consultee="Personnel Department", comment="Agreed")
    services.review_comment_add(actor=hr, review=review, consultee="Corporate Communications Team",
                                comment="Agreed")
    # The Trade Unions are consulted, but their silence does not hold the approval up.
    review = services.policy_review_decide(actor=hr, review=review, outcome="no-change")
    assert review.state == "approved" and review.approved_by == "Cabinet Member - Corporate Services"


def test_no_change_moves_the_next_review_a_year_from_publication():
    img = reviewer()
    review = review_consulting("st-helens", actor=img)
    review = services.policy_review_decide(actor=img, review=review, outcome="no-change", notes="Still right")
    review = services.policy_review_publish(actor=img, review=review)
    version = PolicyVersion.objects.get(pk=review.of_version_id)
    today = timezone.localdate()
    assert review.state == "published" and review.published_version == version
    assert version.review_due == services.add_months(today, 12)
    assert current_version(council("st-helens")) == "as published (undated)"
    assert events()[-4:] == ["policyreview.comment.create", "policyreview.review.approve",
                             "policyreview.version.review_due", "policyreview.review.publish"]
    assert services.start_refusal(council("st-helens")) is None  # the next review may start


def test_a_new_version_is_published_once_its_wording_is_loaded_and_changes_current_version(
        sefton_with_history):  # noqa: F811
    hr = reviewer("sefton")
    c = council("sefton")
    # The council adopted CivicGuard under the July 2023 version, before the pack moved on to July 2026.
    PolicyVersion.objects.create(council=c, version=OLD, published=date(2023, 7, 1), review_due=date(2024, 7, 1))
    assert current_version(c) == OLD
    review = review_consulting("sefton", actor=hr)
    with pytest.raises(BadInput, match="has been published already"):
        services.policy_review_decide(actor=hr, review=review, outcome="new-version", new_version="july 2023")
    review = services.policy_review_decide(actor=hr, review=review, outcome="new-version", new_version=NEW,
                                           approved_by="Cabinet Member - Corporate Services, 3 July 2026")
    changes, why = services.review_changes(review)
    assert why == "" and changes is not None
    assert [x["number"] for x in changes["added"]] == ["11.9"]
    assert [x["number"] for x in changes["changed"]] == ["1.3"]
    review = services.policy_review_publish(actor=hr, review=review)
    new = review.published_version
    assert (new.version, new.published, new.clause_count) == (NEW, timezone.localdate(), 57)
    assert current_version(c) == NEW  # signatures of the User Agreement under July 2023 are now out of date


def test_a_new_version_whose_wording_is_not_loaded_cannot_be_published():
    img = reviewer()
    review = review_consulting("st-helens", actor=img)
    review = services.policy_review_decide(actor=img, review=review, outcome="new-version", new_version="2027")
    refusal = services.publish_refusal(review)
    assert refusal is not None and "still checks posts against version as published (undated)" in refusal
    with pytest.raises(InvalidState):
        services.policy_review_publish(actor=img, review=review)
    changes, why = services.review_changes(review)
    assert changes is None and "no wording is kept for version '2027'" in why
    assert current_version(council("st-helens")) == "as published (undated)"


def test_steps_out_of_order_are_refused():
    img = reviewer()
    review = review_consulting("st-helens", actor=img)
    with pytest.raises(InvalidState):
        services.policy_review_consult(actor=img, review=review)
    with pytest.raises(InvalidState):
        services.policy_review_publish(actor=img, review=review)
    review = services.policy_review_decide(actor=img, review=review, outcome="no-change")
    with pytest.raises(InvalidState):
        services.policy_review_decide(actor=img, review=review, outcome="no-change")


def test_the_packs_name_roles_that_exist():
    from civicguard.apps.access.roles import ROLES

    for slug in ("st-helens", "sefton"):
        roles = services.reviews_facts(council(slug)).policy_review_roles
        assert roles and set(roles) <= set(ROLES)
