"""Factories for the web app's tests: councils from the shipped packs, people with roles, accounts, posts."""

from __future__ import annotations

import itertools
from typing import Any

import factory
from django.contrib.auth import get_user_model

from civicguard.apps.councils.models import Council
from civicguard.apps.councils.services import council_sync
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.apps.staff.services import role_assign

PASSWORD = "Correct-Horse-Battery-9"
_n = itertools.count(1)


def council(slug: str = "st-helens") -> Council:
    return Council.objects.filter(slug=slug).first() or council_sync(pack_id=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.uk")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def finish(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAccount

    council = factory.LazyFunction(council)
    platform = "facebook"
    handle = factory.Sequence(lambda n: f"@CouncilAccount{n}")
    platform_id = factory.Sequence(lambda n: f"10000{n}")


def person(role: str, council_slug: str = "st-helens", *, account: SocialAccount | None = None,
           username: str | None = None, onboarded: bool = True, **extra: Any) -> Any:
    """A user holding `role` in the council (a representative for `account`, or for all accounts). Onboarded unless
    `onboarded=False`: they have signed the User Agreement in force and completed the training the council's pack
    requires before anyone drafts, approves or moderates (facts.posting_requires)."""
    user = UserFactory(username=username or f"{role}-{council_slug}-{next(_n)}", **extra)
    role_assign(user=user, council=council(council_slug), role=role, account=account)
    if onboarded:
        onboard(user, council_slug)
    return user


AGREEMENT_TEXT = "I will follow the council's social media policy."


def onboard(user: Any, council_slug: str = "st-helens") -> None:
    """Give `user` what the council's pack requires before posting, made directly (no audit entry): a signature of
    the agreement in force (one is published a year ago if there is none) under the policy version in force, and a
    completion today of each required course (added, valid for a year, if missing)."""
    from datetime import timedelta

    from django.utils import timezone

    from civicguard.apps.onboarding.models import AgreementSignature, AgreementVersion, Completion, Course
    from civicguard.apps.onboarding.selectors import (
        AGREEMENT,
        current_agreement,
        policy_version,
        required_courses,
        requirements,
    )

    where = council(council_slug)
    today = timezone.localdate()
    if AGREEMENT in requirements(where):
        version = current_agreement(where) or AgreementVersion.objects.create(
            council=where, text=AGREEMENT_TEXT, effective=today - timedelta(days=365),
            policy_version=policy_version(where))
        AgreementSignature.objects.create(version=version, user=user, typed_name=user.get_username(),
                                          at=timezone.now(), policy_version=policy_version(where),
                                          personal_devices=True, personal_use_at_work=True)
    for slug in required_courses(where):
        found, _ = Course.objects.get_or_create(council=where, slug=slug,
                                                defaults={"name": slug.replace("-", " ").capitalize() + " training",
                                                          "validity_days": 365})
        Completion.objects.get_or_create(course=found, user=user, completed=today,
                                         defaults={"source": "line-manager"})


def staff_record(council_slug: str = "st-helens", *, user: Any = None, **fields: Any) -> Any:
    """A staff record made directly (no audit entry): by default an employee with an e-mail of their own."""
    from civicguard.apps.people.models import StaffRecord

    n = next(_n)
    fields.setdefault("name", f"Staff Member {n}")
    fields.setdefault("work_email", user.email if user is not None and user.email else f"staff{n}@example.gov.uk")
    return StaffRecord.objects.create(council=council(council_slug), user=user, **fields)
