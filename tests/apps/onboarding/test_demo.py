"""The demo: everyone onboarded but sth-new-rep; a Sefton signature out of date; running it twice changes nothing."""

from django.contrib.auth import get_user_model

from civicguard.apps.onboarding.models import AgreementSignature, Completion
from civicguard.apps.onboarding.selectors import posting_gaps
from civicguard.demo import load_demo


def test_the_demo_onboards_everyone_but_the_new_representative(st_helens, sefton, settings, tmp_path,
                                                               monkeypatch):
    monkeypatch.setenv("CIVICGUARD_DEMO_PASSWORD", "Demo-pass-123")
    settings.HOME = tmp_path
    load_demo()
    users = get_user_model().objects
    assert len(posting_gaps(users.get(username="sth-new-rep"), st_helens)) == 2
    assert posting_gaps(users.get(username="sth-representative"), st_helens) == []
    assert posting_gaps(users.get(username="sth-moderator"), st_helens) == []
    assert "has changed since you signed it" in posting_gaps(users.get(username="sef-employee"), sefton)[0].missing
    sources = set(Completion.objects.values_list("source", flat=True))
    assert sources == {"lms-import", "line-manager"}
    counts = (AgreementSignature.objects.count(), Completion.objects.count())
    load_demo()
    assert (AgreementSignature.objects.count(), Completion.objects.count()) == counts
