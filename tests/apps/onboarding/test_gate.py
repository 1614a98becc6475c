"""The one rule of who may post (facts.posting_requires) and the council's network limit: require_onboarded, called
by drafting, submitting, deciding and moderating."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.onboarding.selectors import posting_gaps
from civicguard.apps.onboarding.services import agreement_publish, require_onboarded
from civicguard.apps.posts import services as posts
from civicguard.apps.posts.models import Post
from civicguard.errors import OnboardingRequired, OutsideWorkNetwork
from tests.apps.factories import AccountFactory, onboard, person

TEXT = "Our libraries open late on Thursdays."


def test_a_new_representative_may_not_draft_and_is_told_what_is_missing_and_how(st_helens):
    rep = person("representative", onboarded=False)
    person("img")  # publishes the agreement and adds the course through the factories
    with pytest.raises(OnboardingRequired) as refused:
        posts.post_create(actor=rep, account=AccountFactory(), text=TEXT)
    assert refused.value.code == "onboarding_required"
    assert "you have not signed the Social Media User Agreement" in refused.value.message
    assert "no record of you completing" in refused.value.message and "To fix this: read it and sign it" in (
        refused.value.message)
    assert refused.value.data["fix_url"] == "/onboarding/" and not Post.objects.exists()


def test_once_onboarded_they_draft(st_helens):
    rep = person("representative", onboarded=False)
    onboard(rep)
    assert posting_gaps(rep, st_helens) == []
    assert posts.post_create(actor=rep, account=AccountFactory(), text=TEXT).pk


def test_sefton_asks_for_the_agreement_only(sefton):
    rep = person("representative", "sefton", onboarded=False)
    person("img", "sefton")
    assert [g.requirement for g in posting_gaps(rep, sefton)] == ["agreement"]


def test_a_new_agreement_version_makes_every_signature_stale(st_helens):
    approver, img = person("approver"), person("img")
    assert posting_gaps(approver, st_helens) == []
    agreement_publish(actor=img, council=st_helens, text="Version two.", effective=timezone.localdate())
    gaps = posting_gaps(approver, st_helens)
    assert [g.requirement for g in gaps] == ["agreement"] and "has changed since you signed it" in gaps[0].missing


def test_a_new_policy_version_makes_every_signature_stale(st_helens, monkeypatch):
    moderator = person("moderator")
    monkeypatch.setattr("civicguard.apps.policyreview.selectors.current_version", lambda council: "2027")
    assert "the social media policy has changed" in posting_gaps(moderator, st_helens)[0].missing


def test_expired_training_is_a_gap(st_helens):
    rep = person("representative")
    rep.course_completions.update(completed=timezone.localdate() - timedelta(days=400))
    gaps = posting_gaps(rep, st_helens)
    assert [g.requirement for g in gaps] == ["training:social-media"] and "ran out on" in gaps[0].missing


def test_deciding_and_moderating_are_gated_too(st_helens):
    approver = person("approver", onboarded=False)
    with pytest.raises(OnboardingRequired, match="You cannot decide on posts yet"):
        require_onboarded(approver, st_helens, doing="decide")


@override_settings(CIVICGUARD_WORK_NETWORKS="10.0.0.0/8, 192.0.2.0/24")
def test_outside_the_councils_networks_drafting_is_refused_and_logged(st_helens):
    rep = person("representative", username="rae")
    account = AccountFactory()
    assert posts.post_create(actor=rep, account=account, text=TEXT, address="10.1.2.3").pk
    with pytest.raises(OutsideWorkNetwork, match="only draft posts from the council's own network"):
        posts.post_create(actor=rep, account=account, text=TEXT, address="203.0.113.9")
    entry = AuditEntry.objects.get(event="onboarding.network.refuse")
    assert entry.actor == "rae" and entry.after == {"doing": "draft", "address": "203.0.113.9",
                                                    "account": str(account)}
    assert (entry.object_type, entry.object_id) == ("social_accounts.socialaccount", str(account.pk))
    assert Post.objects.count() == 1


@override_settings(CIVICGUARD_WORK_NETWORKS="10.0.0.0/8")
def test_no_address_is_not_a_web_request_and_an_unreadable_one_is_refused(st_helens):
    rep = person("representative")
    require_onboarded(rep, st_helens, doing="draft", address=None)
    with pytest.raises(OutsideWorkNetwork):
        require_onboarded(rep, st_helens, doing="draft", address="not-an-address")


def test_a_moderator_not_yet_onboarded_cannot_decide_on_a_comment(st_helens):
    from civicguard.apps.moderation.models import ModerationDecision
    from civicguard.apps.moderation.services.decisions import decide, decide_many
    from tests.apps.moderation.factories import OFFENSIVE, account, comment

    person("img")
    found = comment(account(), OFFENSIVE)
    moderator = person("moderator", onboarded=False)
    with pytest.raises(OnboardingRequired, match="You cannot moderate comments yet"):
        decide(comment=found, actor=moderator, action="hide", reason_code="offensive")
    with pytest.raises(OnboardingRequired):
        decide_many(comments=[found], actor=moderator, action="hide", reason_code="offensive")
    assert not ModerationDecision.objects.exists()
    onboard(moderator)
    assert decide(comment=found, actor=moderator, action="hide", reason_code="offensive").pk
