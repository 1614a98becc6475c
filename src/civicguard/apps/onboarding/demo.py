"""Demo data for User Agreements and training, for each council, before the example posts (which need onboarded
people): the agreement published by the Information Management Group, signed by the demo people in CivicGuard or
recorded from the paper records; the social media course with completions from the learning system's export, one
recorded by a line manager and one running out within the month.

St Helens also gets a new representative, `sth-new-rep` (Nia New-Representative, managed by the demo line
manager), who has neither signed nor been trained: signing in as them shows the journey from "not allowed yet" to a
first post. In Sefton, the employee signed an earlier version of the agreement and must sign again.

Idempotent: a council that has an agreement version is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from civicguard.apps.onboarding.importing import training_import
from civicguard.apps.onboarding.models import AgreementSignature, AgreementVersion, Course, SignatureSource
from civicguard.apps.onboarding.selectors import required_courses
from civicguard.apps.onboarding.services import (
    agreement_publish,
    agreement_sign,
    completion_record,
    course_create,
    midday,
    onboarding_record_before,
)
from civicguard.apps.people.models import StaffRecord
from civicguard.apps.people.services import staff_record_create
from civicguard.apps.staff.services import user_create
from civicguard.demo import DemoContext

NEW_REP = "sth-new-rep"
NEW_REP_NAME = "Nia New-Representative"
AGREEMENT = {
    "st-helens": "\n\n".join([
        "Social Media User Agreement (St Helens Council)",
        "I have read the council's Social Media Policy and I will follow it whenever I use the council's social "
        "media accounts.",
        "I will not publish anything that is defamatory, discriminatory, in breach of copyright or of data protection "
        "law, or that could bring the council into disrepute (6.4, 5.2, 5.3).",
        "I will not use my personal devices to access the council's social media profiles (6.19).",
        "I will not edit open access online encyclopedias, or use social media, in a personal capacity at work (7.7).",
        "I will keep the login details of the council's accounts to myself and use the council's e-mail address "
        "only to sign in (6.8).",
        "I will complete the social media training the council asks of me (9.14).",
    ]),
    "sefton": "\n\n".join([
        "Social Media User Agreement (Sefton Council)",
        "I have read the council's Social Media Policy and I will follow it when I use social media for my work.",
        "Access to social media at work is for work purposes only: I will not use it for personal purposes at any "
        "time at work, including during breaks (5.4).",
        "I will not post anything offensive, discriminatory or defamatory, anything that breaches data protection, "
        "or anything that could bring the council into disrepute (5.3).",
        "I will get written consent before posting images, video or audio of anyone (5.5).",
        "I will not use my personal devices to access the council's social media accounts.",
    ]),
}
EARLIER = "Social Media User Agreement (Sefton Council), 2023.\n\nI will follow the council's Social Media Policy."
COURSE = ("social-media", "Social media: using the council's accounts", 365)


def load(ctx: DemoContext) -> None:
    if ctx.slug == "st-helens":
        ctx.usernames.append((NEW_REP, "Council representative, not yet allowed to post: has not signed the User "
                                       "Agreement or been trained"))
    if AgreementVersion.objects.filter(council=ctx.council).exists():
        return
    today = timezone.localdate()
    img = ctx.people["img"]
    if ctx.slug == "sefton":
        earlier = agreement_publish(actor=img, council=ctx.council, text=EARLIER, effective=today - timedelta(400))
    agreement_publish(actor=img, council=ctx.council, text=AGREEMENT[ctx.slug], effective=today - timedelta(60))
    course_create(actor=img, council=ctx.council, slug=COURSE[0], name=COURSE[1], validity_days=COURSE[2])
    if ctx.slug == "st-helens":
        _new_representative(ctx)
    everyone = _everyone(ctx)
    stale = ctx.people["employee"] if ctx.slug == "sefton" else None
    for user in everyone:
        if user == stale:
            continue
        record = StaffRecord.objects.filter(council=ctx.council, user=user).first()
        if record is not None:
            agreement_sign(actor=user, council=ctx.council, typed_name=record.name, personal_devices=True,
                           personal_use_at_work=True)
        else:  # no staff record yet: their paper signature, moved in
            onboarding_record_before(actor=None, council=ctx.council, person=user,
                                     agreement_signed=today - timedelta(300))
    if stale is not None:
        _signed_earlier(stale, earlier, today - timedelta(380))
    _training(ctx, everyone, today)


def _everyone(ctx: DemoContext) -> list[Any]:
    users = list(ctx.people.values())
    rep = get_user_model().objects.filter(username=f"{ctx.prefix}-rep-{ctx.accounts[1].platform}").first()
    if rep is not None and rep not in users:
        users.append(rep)
    return users


def _new_representative(ctx: DemoContext) -> None:
    """A representative of the posts' account who joined this week: a staff record, nothing signed or completed."""
    if get_user_model().objects.filter(username=NEW_REP).exists():
        return
    email = f"{NEW_REP}@example.gov.uk"
    user_create(username=NEW_REP, council=ctx.council, role="representative", password=ctx.password, email=email,
                full_name=NEW_REP_NAME, account=ctx.accounts[0], validate=False)
    manager = StaffRecord.objects.filter(council=ctx.council, user=ctx.people["line-manager"]).first()
    if StaffRecord.objects.filter(council=ctx.council, work_email__iexact=email).exists():
        return
    staff_record_create(actor=ctx.people["hr"], council=ctx.council, name=NEW_REP_NAME, work_email=email,
                        line_manager=manager, hr_reference="STH-0099",
                        service_area=manager.service_area if manager else None)


def _signed_earlier(user: Any, version: AgreementVersion, day: date) -> None:
    """A signature of the earlier version (made then, recorded now from the paper copy): out of date today."""
    AgreementSignature.objects.create(version=version, user=user, typed_name=user.get_username(), at=midday(day),
                                      policy_version=version.policy_version, personal_devices=True,
                                      personal_use_at_work=True, source=SignatureSource.BEFORE)


def _training(ctx: DemoContext, everyone: list[Any], today: date) -> None:
    """The learning system's export for most; the representative's recorded by their line manager; the
    moderator's running out in a fortnight."""
    slug = COURSE[0]
    required = slug in required_courses(ctx.council)
    rep, moderator = ctx.people["representative"], ctx.people["moderator"]
    rows = []
    for user in everyone:
        if user == rep or not user.email:
            continue
        days = COURSE[2] - 15 if user == moderator else 100
        rows.append({"email": user.email, "course": slug, "completed": (today - timedelta(days)).isoformat()})
    if not required:
        rows = rows[:3]  # Sefton asks for no course: a few people took it anyway
    training_import(council=ctx.council, rows=rows, actor=ctx.people["img"])
    course = Course.objects.get(council=ctx.council, slug=slug)
    manager = ctx.people["line-manager"]
    if StaffRecord.objects.filter(council=ctx.council, user=rep, line_manager__user=manager).exists():
        completion_record(actor=manager, course=course, person=rep, completed=today - timedelta(30))
    else:
        onboarding_record_before(actor=None, council=ctx.council, person=rep, training_completed=today - timedelta(30),
                                 courses=[slug])
