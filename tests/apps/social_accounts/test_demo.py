"""The demo: business cases at every stage in both councils, the demo accounts live on the public register;
running it again adds nothing."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.social_accounts.models import AccountStatus, BusinessCase, CaseState, SocialAccount
from civicguard.apps.social_accounts.waiting import waiting_for
from civicguard.demo import load_demo


def test_the_demo_has_cases_at_every_stage_and_a_register(monkeypatch, client):
    monkeypatch.setenv("CIVICGUARD_DEMO_PASSWORD", "Demo-Password-For-Tests")
    load_demo()
    for slug in ("st-helens", "sefton"):
        states = set(BusinessCase.objects.filter(council__slug=slug).values_list("state", flat=True))
        # Sefton's pack asks for no endorsement: its cases never wait for one (St Helens 9.11 does)
        every = set(CaseState.values) - ({CaseState.ENDORSEMENT} if slug == "sefton" else set())
        assert states == every, slug
        refused = BusinessCase.objects.get(council__slug=slug, state=CaseState.REFUSED)
        assert refused.platform == "tiktok" and refused.decided_by is None
        statuses = set(SocialAccount.objects.filter(council__slug=slug).values_list("status", flat=True))
        assert statuses == {AccountStatus.LIVE, AccountStatus.SET_UP}
    page = client.get(reverse("register:page", args=["sefton"])).content.decode()
    assert "@SeftonCouncil" in page and "@SeftonEvents" in page and "www.sefton.gov.uk/complaints" in page
    assert "@seftonlibraries" not in page and "socialmedia@sefton.gov.uk" not in page
    counts = (BusinessCase.objects.count(), SocialAccount.objects.count(), AuditEntry.objects.count())
    load_demo()
    assert (BusinessCase.objects.count(), SocialAccount.objects.count()) == counts[:2]
    # St Helens' service manager finds the line manager's case to endorse among what waits on them
    endorse = BusinessCase.objects.get(council__slug="st-helens", state=CaseState.ENDORSEMENT)
    assert endorse.author.username == "sth-line-manager"
    manager = get_user_model().objects.get(username="sth-service-manager")
    assert [w.url for w in waiting_for(manager, endorse.council) if "Endorse" in w.text] == [
        reverse("social_accounts:case", args=[endorse.pk])]
