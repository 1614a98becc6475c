"""The investigations pages: the viewing log's form shows the warning and the refusal plainly, an application is
decided on its page by an Authorising Officer (never the applicant), the magistrate's decision is entered, the
central record and its CSV; another officer's investigation is a 404; every page that shows a record logs it."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.investigations.models import Authorisation, Investigation, ProfileView
from tests.apps.investigations.factories import PROFILE, apply, authorise, in_effect, investigation, view


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_register_an_investigation(cast, client):
    web = _signed_in(client, cast["investigator"])
    page = web.get(reverse("investigations:new"))
    assert page.status_code == 200 and "Trading Standards" in page.content.decode()
    bad = web.post(reverse("investigations:new"), {"reference": "", "offence": "Fake goods", "service": "Parking"})
    assert bad.status_code == 400 and "Enter the investigation&#x27;s reference" in bad.content.decode()
    done = web.post(reverse("investigations:new"), {"reference": "TS/2026/1", "offence": "Counterfeit perfume",
                                                    "service": "Trading Standards",
                                                    "officers": [str(cast["colleague"].pk)]})
    found = Investigation.objects.get(reference="TS/2026/1")
    assert done.status_code == 302 and done["Location"] == reverse("investigations:detail", args=[found.pk])
    assert set(found.officers.all()) == {cast["investigator"], cast["colleague"]}


def test_the_viewing_form_shows_the_warning_then_the_refusal(cast, client):
    found = investigation(cast["investigator"])
    web = _signed_in(client, cast["investigator"])
    url = reverse("investigations:view", args=[found.pk])
    body = {"profile_url": PROFILE, "purpose": "evidence", "recorded": "Screenshot of the price list"}
    texts = []
    for _ in range(4):
        answer = web.post(url, body)
        assert answer.status_code == 302
        texts.append(web.get(answer["Location"]).content.decode())
    assert 'data-testid="allowed"' in texts[0] and 'data-testid="warned"' not in texts[0]
    assert 'data-testid="warned"' in texts[2]
    assert "this may be directed surveillance under RIPA 2000 (St Helens 8.2): ask for an authorisation before " \
           "viewing again" in texts[2]
    assert 'data-testid="refused"' in texts[3] and "Viewing refused" in texts[3]
    assert "Apply for an authorisation" in texts[3]
    assert list(ProfileView.objects.order_by("id").values_list("outcome", flat=True)) == [
        "allowed", "allowed", "warned", "refused"]


def test_a_recruitment_search_is_refused_on_the_page(cast, client):
    found = investigation(cast["investigator"])
    web = _signed_in(client, cast["investigator"])
    answer = web.post(reverse("investigations:view", args=[found.pk]),
                      {"profile_url": "https://www.linkedin.com/in/jo-applicant", "purpose": "recruitment"})
    text = web.get(answer["Location"]).content.decode()
    assert "searches about applicants on social media" in text and "(Sefton 8.1)" in text
    assert ProfileView.objects.get().outcome == "refused"


def test_a_bad_address_is_a_clear_error_and_nothing_is_lost(cast, client):
    found = investigation(cast["investigator"])
    web = _signed_in(client, cast["investigator"])
    answer = web.post(reverse("investigations:view", args=[found.pk]),
                      {"profile_url": "jo bloggs", "purpose": "evidence", "recorded": "My notes"})
    text = answer.content.decode()
    assert answer.status_code == 400 and "A web address has no spaces" in text and "My notes" in text
    assert not ProfileView.objects.exists()


def test_apply_decide_and_approve_on_the_pages(cast, client):
    found = investigation(cast["investigator"])
    web = _signed_in(client, cast["investigator"])
    form = web.get(reverse("investigations:apply", args=[found.pk]) + "?profile=" + PROFILE)
    assert form.status_code == 200 and PROFILE in form.content.decode()
    body = {"kind": "directed-surveillance", "subject": "Jo Bloggs", "profiles": PROFILE, "necessity": "Needed",
            "proportionality": "Least intrusive", "collateral_intrusion": "None expected"}
    refused = web.post(reverse("investigations:apply", args=[found.pk]), body)
    assert refused.status_code == 400 and "six months" in refused.content.decode()
    made = web.post(reverse("investigations:apply", args=[found.pk]), {**body, "threshold": "six-months"})
    a = Authorisation.objects.get()
    assert made["Location"] == reverse("investigations:authorisation", args=[a.pk])
    page = web.get(made["Location"]).content.decode()
    assert "Waiting for the Authorising Officer" in page and "Record the decision" not in page
    assert web.post(reverse("investigations:decide", args=[a.pk]), {}).status_code == 403

    ao = _signed_in(client, cast["ao"])
    assert "Record the decision" in ao.get(reverse("investigations:authorisation", args=[a.pk])).content.decode()
    decided = ao.post(reverse("investigations:decide", args=[a.pk]),
                      {"decision": "authorise", "grade": "Director", "reasons": "Necessary; no other way"})
    assert decided.status_code == 302
    a.refresh_from_db()
    assert a.status == "authorised" and a.grade == "Director"

    web = _signed_in(client, cast["investigator"])
    today = date.today()
    court = web.post(reverse("investigations:court", args=[a.pk]), {
        "heard_on-day": today.day, "heard_on-month": today.month, "heard_on-year": today.year,
        "court": "St Helens Magistrates' Court", "decision": "approved"})
    assert court.status_code == 302
    text = web.get(court["Location"]).content.decode()
    assert "The magistrate&#x27;s approval is recorded: the authorisation is in effect until" in text
    a.refresh_from_db()
    assert a.status == "in-effect"


def test_an_authoriser_in_the_investigation_is_warned(cast, client):
    from civicguard.apps.staff.services import role_assign
    from tests.apps.factories import council

    role_assign(user=cast["colleague"], council=council(), role="authorising-officer")
    found = investigation(cast["investigator"], officers=[cast["colleague"]])
    a = apply(cast["investigator"], found)
    web = _signed_in(client, cast["colleague"])
    text = web.get(reverse("investigations:authorisation", args=[a.pk])).content.decode()
    assert 'data-testid="involved-now"' in text and "directly involved" in text


def test_another_investigator_gets_404_and_reads_are_logged(cast, client):
    found = investigation(cast["investigator"])
    a = apply(cast["investigator"], found)
    other = _signed_in(client, cast["colleague"])
    assert other.get(reverse("investigations:detail", args=[found.pk])).status_code == 404
    assert other.get(reverse("investigations:authorisation", args=[a.pk])).status_code == 404
    assert "TS/2026/014" not in other.get(reverse("investigations:list")).content.decode()
    ao = _signed_in(client, cast["ao"])
    assert ao.get(reverse("investigations:detail", args=[found.pk])).status_code == 200
    ao.get(reverse("investigations:authorisation", args=[a.pk]))
    assert list(ConfidentialRead.objects.filter(reader=cast["ao"]).order_by("id").values_list("kind", "object_id")) \
        == [("investigation", found.pk), ("authorisation", a.pk)]


def test_user_text_is_escaped(cast, client):
    found = investigation(cast["investigator"], offence="<script>alert(1)</script>")
    view(cast["investigator"], found, purpose="other", purpose_detail="<b>bold</b>")
    text = _signed_in(client, cast["investigator"]).get(
        reverse("investigations:detail", args=[found.pk])).content.decode()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text and "<b>bold</b>" not in text


def test_the_central_record_page_and_export(cast, client):
    found = investigation(cast["investigator"])
    a = in_effect(cast["investigator"], cast["ao"], found, subject="@SUM(A1)")
    authorise(cast["ao"], apply(cast["investigator"], found), decision="refuse")
    assert _signed_in(client, cast["investigator"]).get(reverse("investigations:central-record")).status_code == 403
    ao = _signed_in(client, cast["ao2"])
    page = ao.get(reverse("investigations:central-record")).content.decode()
    assert "Refused by the Authorising Officer" in page and "In effect" in page
    export = ao.get(reverse("investigations:central-record-export"))
    assert export["Content-Type"].startswith("text/csv")
    assert "'@SUM(A1)" in export.content.decode() and str(a.pk) in export.content.decode()
    assert ConfidentialRead.objects.filter(kind="central-record", reader=cast["ao2"]).count() == 2


def test_review_renew_cancel_on_the_page(cast, client):
    found = investigation(cast["investigator"])
    a = in_effect(cast["investigator"], cast["ao"], found)
    ao = _signed_in(client, cast["ao2"])
    assert ao.post(reverse("investigations:review", args=[a.pk]), {"notes": ""}).status_code == 400
    assert ao.post(reverse("investigations:review", args=[a.pk]), {"notes": "Still needed"}).status_code == 302
    assert ao.post(reverse("investigations:renew", args=[a.pk]), {"reasons": "Sales go on"}).status_code == 302
    assert ao.post(reverse("investigations:cancel", args=[a.pk]), {"reason": "Arrested"}).status_code == 302
    a.refresh_from_db()
    assert a.status == "cancelled"
    text = ao.get(reverse("investigations:authorisation", args=[a.pk])).content.decode()
    assert "Still needed" in text and "Renewal" in text and "Cancellation" in text
    # Closing the investigation then.
    web = _signed_in(client, cast["investigator"])
    web.post(reverse("investigations:close", args=[found.pk]))
    assert Investigation.objects.get(pk=found.pk).status == "closed"


def test_the_central_record_lists_what_was_purged(cast, client):
    from datetime import timedelta

    from django.utils import timezone

    from civicguard.apps.investigations import services

    found = investigation(cast["investigator"], reference="TS/2020/001")
    services.investigation_close(actor=cast["investigator"], investigation=found)
    Investigation.objects.filter(pk=found.pk).update(closed_at=timezone.now() - timedelta(days=3 * 366))
    assert services.ripa_records_purge() == 1
    page = _signed_in(client, cast["ao"]).get(reverse("investigations:central-record")).content.decode()
    assert "TS/2020/001" in page and "Investigation and 0 profile viewings" in page and "The daily job" in page
