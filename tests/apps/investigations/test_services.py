"""The RIPA record's services: repeat viewing warned then refused (and the refusal kept), recruitment searches
refused in both councils, the crime threshold, an Authorising Officer who is never the applicant, the magistrate
before anything is in effect, reviews, renewals, cancellation, expiry, the retention purge, and reads logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.investigations import services
from civicguard.apps.investigations.models import (
    Authorisation,
    AuthorisationEvent,
    Investigation,
    ProfileView,
    PurgeLog,
)
from civicguard.apps.investigations.profiles import normalise
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound
from tests.apps.factories import council, person
from tests.apps.investigations.factories import (
    PROFILE,
    apply,
    approve,
    authorise,
    in_effect,
    investigation,
    view,
)


@pytest.mark.parametrize("address", [
    "https://www.facebook.com/jo.bloggs.trader", "http://M.FACEBOOK.com/jo.bloggs.trader/",
    "facebook.com/jo.bloggs.trader?fbclid=IwAR0abc&utm_source=x", "https://mobile.facebook.com//jo.bloggs.trader#about",
    "https://fb.com/jo.bloggs.trader"])
def test_one_profile_is_written_one_way(address):
    assert normalise(address) == ("https://facebook.com/jo.bloggs.trader/", "Facebook")


def test_what_identifies_a_profile_in_the_query_is_kept():
    assert normalise("https://www.facebook.com/profile.php?id=1000123&mibextid=abc")[0] == \
        "https://facebook.com/profile.php/?id=1000123"
    assert normalise("twitter.com/JoTrader")[0] == "https://x.com/JoTrader/"


def test_the_third_viewing_warns_and_the_fourth_is_refused_and_kept(cast):
    found = investigation(cast["investigator"])
    outcomes = [view(cast["investigator"], found, address).outcome for address in (
        PROFILE, "facebook.com/jo.bloggs.trader/", "https://m.facebook.com/jo.bloggs.trader?fbclid=1")]
    assert outcomes == ["allowed", "allowed", "warned"]
    warned = ProfileView.objects.get(outcome="warned")
    assert "this may be directed surveillance under RIPA 2000 (St Helens 8.2): ask for an authorisation before " \
           "viewing again" in warned.warning
    refused = view(cast["investigator"], found, recorded="Screenshot of the latest post")
    assert refused.outcome == "refused" and refused.pk is not None
    assert "needs an authorisation" in refused.refusal_reason and refused.recorded == ""
    # Another profile is counted on its own.
    assert view(cast["investigator"], found, "https://www.instagram.com/jo.trader/").outcome == "allowed"


def test_viewings_in_another_investigation_of_the_council_count_and_old_ones_do_not(cast):
    first = investigation(cast["investigator"])
    second = investigation(cast["colleague"], reference="CF/2026/3", service="Counter Fraud")
    for _ in range(2):
        view(cast["investigator"], first)
    assert view(cast["colleague"], second).outcome == "warned"
    ProfileView.objects.update(viewed_at=timezone.now() - timedelta(days=29))
    assert view(cast["colleague"], second).outcome == "allowed"


@pytest.mark.parametrize("slug", ["st-helens", "sefton"])
@pytest.mark.parametrize(("purpose", "detail"), [("recruitment", ""), ("other", "Checking a job applicant before "
                                                                                  "the interview"),
                                                 ("evidence", "vetting the candidates for a post")])
def test_a_recruitment_search_is_refused_with_sefton_8_1_s_reason_and_recorded(slug, purpose, detail):
    officer = person("investigator", slug)
    found = investigation(officer, slug)
    refused = view(officer, found, purpose=purpose, purpose_detail=detail)
    assert refused.outcome == "refused"
    assert "Recruiting managers should not conduct searches about applicants" in refused.refusal_reason.replace(
        "Refused: recruiting", "Recruiting")
    assert "(Sefton 8.1)" in refused.refusal_reason
    assert ProfileView.objects.filter(outcome="refused").count() == 1


def test_only_the_investigation_s_officers_log_viewings_and_others_do_not_see_it(cast):
    found = investigation(cast["investigator"])
    with pytest.raises(NotFound):
        view(cast["colleague"], found)
    with pytest.raises(NotFound):
        services.investigation_read(actor=cast["legal"], investigation=found)
    with pytest.raises(NotAllowed):
        view(cast["ao"], found)  # reads it, but does not investigate
    with pytest.raises(BadInput):
        view(cast["investigator"], found, "not a web address")


def test_a_service_not_in_the_pack_and_a_reference_used_twice_are_refused(cast):
    with pytest.raises(BadInput, match="Choose the service"):
        investigation(cast["investigator"], service="Parking")
    investigation(cast["investigator"])
    with pytest.raises(BadInput, match="registered already"):
        investigation(cast["investigator"], reference="ts/2026/014")
    with pytest.raises(NotAllowed):
        investigation(cast["ao"], reference="X/1")


def test_directed_surveillance_needs_the_crime_threshold(cast):
    found = investigation(cast["investigator"])
    with pytest.raises(BadInput, match="six months' imprisonment"):
        apply(cast["investigator"], found, threshold="", threshold_offence="")
    with pytest.raises(BadInput, match="listed offences"):
        apply(cast["investigator"], found, threshold="listed", threshold_offence="Dropping litter")
    assert apply(cast["investigator"], found, threshold="six-months").threshold == "six-months"
    source = apply(cast["investigator"], found, kind="chis", profiles=())
    assert source.threshold == "" and source.status == "applied"


def test_the_authorising_officer_is_never_the_applicant(cast):
    found = investigation(cast["investigator"])
    a = apply(cast["investigator"], found)
    with pytest.raises(NotAllowed):
        authorise(cast["investigator"], a)
    # Someone who is both an investigator and an Authorising Officer cannot decide their own application.
    both = person("investigator", username="sth-both")
    from civicguard.apps.staff.services import role_assign

    role_assign(user=both, council=council(), role="authorising-officer")
    from civicguard.apps.access.checks import forget_roles

    forget_roles(both)
    mine = investigation(both, reference="TS/2026/099")
    own = apply(both, mine)
    with pytest.raises(NotAllowed, match="never decides their own"):
        authorise(both, own)
    with pytest.raises(BadInput, match="grade"):
        authorise(cast["ao"], a, grade="Team Leader")
    decided = authorise(cast["ao"], a)
    assert decided.status == "authorised" and decided.authorising_officer == cast["ao"]
    assert not decided.authoriser_involved
    with pytest.raises(InvalidState):
        authorise(cast["ao2"], a)


def test_an_authoriser_who_is_an_officer_of_the_investigation_is_recorded_as_involved(cast):
    from civicguard.apps.staff.services import role_assign

    role_assign(user=cast["colleague"], council=council(), role="authorising-officer")
    found = investigation(cast["investigator"], officers=[cast["colleague"]])
    decided = authorise(cast["colleague"], apply(cast["investigator"], found))
    assert decided.authoriser_involved
    declared = authorise(cast["ao"], apply(cast["investigator"], found), involved_declared=True)
    assert declared.authoriser_involved


def test_nothing_is_in_effect_before_a_magistrate_approves_and_then_viewing_is_allowed_again(cast):
    officer = cast["investigator"]
    found = investigation(officer)
    for _ in range(3):
        view(officer, found)
    a = apply(officer, found)
    with pytest.raises(InvalidState):
        approve(officer, a)  # not yet authorised
    authorise(cast["ao"], a)
    assert view(officer, found).outcome == "refused"  # authorised, but not approved by a magistrate
    approve(officer, a)
    a.refresh_from_db()
    today = timezone.localdate()
    assert a.status == "in-effect" and a.approved_on == today
    assert a.expires_on == services.add_months(today, 3) - timedelta(days=1)
    assert a.next_review_on == today + timedelta(days=28)
    allowed = view(officer, found, "https://m.facebook.com/jo.bloggs.trader/")
    assert allowed.outcome == "allowed" and allowed.authorisation == a
    # Not another profile: it is counted as usual.
    assert view(officer, found, "https://facebook.com/someone.else").outcome == "allowed"


def test_a_magistrate_s_refusal_ends_the_application(cast):
    found = investigation(cast["investigator"])
    a = apply(cast["investigator"], found)
    authorise(cast["ao"], a)
    approve(cast["investigator"], a, decision="refused")
    a.refresh_from_db()
    assert a.status == "not-approved" and a.ended_at is not None


def test_a_source_lasts_twelve_months(cast):
    found = investigation(cast["investigator"])
    a = in_effect(cast["investigator"], cast["ao"], found, kind="chis", profiles=())
    assert a.expires_on == services.add_months(timezone.localdate(), 12) - timedelta(days=1)


def test_reviews_renewals_and_cancellation(cast):
    found = investigation(cast["investigator"])
    a = in_effect(cast["investigator"], cast["ao"], found)
    services.authorisation_review(actor=cast["ao"], authorisation=a, notes="Still necessary")
    with pytest.raises(NotAllowed):
        services.authorisation_review(actor=cast["investigator"], authorisation=a, notes="x")
    old_end = Authorisation.objects.get(pk=a.pk).expires_on
    services.authorisation_renew(actor=cast["ao2"], authorisation=a, reasons="Sales continue")
    with pytest.raises(InvalidState, match="already waits"):
        services.authorisation_renew(actor=cast["ao"], authorisation=a, reasons="again")
    approval = approve(cast["investigator"], a)
    a.refresh_from_db()
    assert approval.for_renewal and not a.renewal_pending
    assert a.expires_on == services.add_months(old_end + timedelta(days=1), 3) - timedelta(days=1)
    with pytest.raises(BadInput):
        services.authorisation_cancel(actor=cast["ao"], authorisation=a, reason=" ")
    services.authorisation_cancel(actor=cast["ao"], authorisation=a, reason="The seller was arrested")
    a.refresh_from_db()
    assert a.status == "cancelled" and a.cancel_reason == "The seller was arrested"
    assert [e.kind for e in AuthorisationEvent.objects.filter(authorisation=a)] == ["review", "renewal",
                                                                                     "cancellation"]
    assert view(cast["investigator"], found).outcome == "allowed"  # counted again, like any profile


def test_the_daily_job_expires_what_has_ended(cast):
    found = investigation(cast["investigator"])
    a = in_effect(cast["investigator"], cast["ao"], found)
    assert services.authorisations_expire_due() == 0
    Authorisation.objects.filter(pk=a.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert services.authorisations_expire_due() == 1
    assert Authorisation.objects.get(pk=a.pk).status == "expired"
    assert services.authorisations_expire_due() == 0


def test_records_past_the_retention_period_are_purged_with_a_log_naming_only_the_reference(cast):
    found = investigation(cast["investigator"])
    view(cast["investigator"], found)
    a = in_effect(cast["investigator"], cast["ao"], found)
    services.authorisation_cancel(actor=cast["ao"], authorisation=a, reason="Done")
    services.investigation_close(actor=cast["investigator"], investigation=found)
    assert services.ripa_records_purge() == 0
    long_ago = timezone.now() - timedelta(days=3 * 365 + 2)
    Authorisation.objects.filter(pk=a.pk).update(ended_at=long_ago)
    Investigation.objects.filter(pk=found.pk).update(closed_at=long_ago)
    kept = investigation(cast["investigator"], reference="TS/2026/200")
    assert services.ripa_records_purge(job="test") == 2
    assert not Investigation.objects.filter(pk=found.pk).exists() and Investigation.objects.filter(pk=kept.pk)
    logs = list(PurgeLog.objects.order_by("id").values_list("reference", "what", "job"))
    assert logs == [("TS/2026/014", f"Directed surveillance authorisation {a.pk} (cancelled)", "test"),
                    ("TS/2026/014", "Investigation and 1 profile viewing", "test")]
    assert "Jo Bloggs" not in str(logs)


def test_an_investigation_is_not_closed_while_an_authorisation_runs(cast):
    found = investigation(cast["investigator"])
    in_effect(cast["investigator"], cast["ao"], found)
    with pytest.raises(InvalidState, match="Cancel"):
        services.investigation_close(actor=cast["investigator"], investigation=found)


def test_the_audit_says_only_that_a_record_changed(cast):
    found = investigation(cast["investigator"])
    view(cast["investigator"], found, purpose_detail="Seller's page", recorded="Screenshot of the price list")
    a = in_effect(cast["investigator"], cast["ao"], found)
    services.authorisation_cancel(actor=cast["ao"], authorisation=a, reason="The seller stopped")
    text = str(list(AuditEntry.objects.filter(event__startswith="investigations.").values_list("before", "after")))
    for secret in ("Jo Bloggs", "facebook", "TS/2026/014", "tobacco", "Screenshot", "stopped", "Seller"):
        assert secret.lower() not in text.lower()


def test_the_central_record_is_for_authorising_officers_and_every_read_is_logged(cast):
    found = investigation(cast["investigator"])
    a = in_effect(cast["investigator"], cast["ao"], found, subject="=HYPERLINK(\"http://x\")")
    services.authorisation_review(actor=cast["ao"], authorisation=a, notes="ok")
    with pytest.raises(NotAllowed):
        services.central_record(actor=cast["investigator"], council=council())
    with pytest.raises(NotAllowed):
        services.central_record(actor=cast["legal"], council=council())
    text = services.central_record_csv(actor=cast["ao2"], council=council(), via="cli")
    lines = text.splitlines()
    assert lines[0].startswith("Type,Investigation reference,Authorisation,Subject,Status")
    assert "'=HYPERLINK" in lines[1] and "Head of Service" in lines[1] and "Approved" in lines[1]
    assert ConfidentialRead.objects.filter(kind="central-record", reader=cast["ao2"], via="cli").count() == 1
