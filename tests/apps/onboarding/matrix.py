"""The permission matrix's rows for User Agreements and training (see tests/apps/matrix.py).

The St Helens agreement in force carries the marker (its text), and so does a course, "Quillfeather reading-room
basics", which the St Helens representative of the matrix ("the author") has completed. Every person of the
matrix is onboarded by the factories (signed the agreement in force, trained), so the other rows can draft."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.onboarding.models import AgreementSignature, AgreementVersion, Completion, Course
from civicguard.apps.onboarding.selectors import current_agreement
from civicguard.apps.onboarding.services import completion_record, course_create
from tests.apps.factories import person
from tests.apps.matrix import ALL, api, page, roles

SIGNERS = ALL                                                        # onboarding.sign
PUBLISHERS = roles("img", "admin")                                   # onboarding.publish
TEAM_VIEWERS = roles("line-manager", "service-manager", "img", "admin")  # onboarding.team
COURSE_VIEWERS = ALL                                                 # training.view
RECORDERS = roles("line-manager", "service-manager", "img", "admin")  # training.record
TRAINING_MANAGERS = roles("img", "admin")                            # training.manage
LEGEND = {"onboarding.sign": SIGNERS, "onboarding.publish": PUBLISHERS, "onboarding.team": TEAM_VIEWERS,
          "training.view": COURSE_VIEWERS, "training.record": RECORDERS, "training.manage": TRAINING_MANAGERS}
# Who sees the author's completion of the marked course: the author, and the IMG and administrators (everyone's).
COMPLETION_READERS = roles("representative", "img", "admin")


def _today() -> dict[str, str]:
    day = timezone.localdate()
    return {"completed-day": str(day.day), "completed-month": str(day.month), "completed-year": str(day.year)}


def _next_month() -> dict[str, str]:
    day = timezone.localdate() + timedelta(days=30)
    return {"effective-day": str(day.day), "effective-month": str(day.month), "effective-year": str(day.year)}


BODIES = {
    "onboarding: publish": lambda w: {"text": "I will follow the policy.", **_next_month()},
    "onboarding: sign": lambda w: {"typed_name": "Pat Signer", "personal_devices": "yes",
                                   "personal_use_at_work": "yes"},
    "onboarding: sign (API)": lambda w: {"council": "st-helens", "typed_name": "Pat Signer", "personal_devices": True,
                                         "personal_use_at_work": True},
    "onboarding: publish (API)": lambda w: {"council": "st-helens", "text": "I will follow the policy.",
                                            "effective": timezone.localdate().isoformat()},
    "onboarding: a course": lambda w: {"slug": "data-protection", "name": "Data protection at work",
                                       "validity_days": "730"},
    "onboarding: change the course": lambda w: {"name": "Reading-room basics, second edition", "validity_days": "30"},
    "onboarding: a course (API)": lambda w: {"council": "st-helens", "slug": "data-protection",
                                             "name": "Data protection at work"},
    "onboarding: the colleague's completion": lambda w: {"person": str(w.colleague.pk),
                                                         "course": str(w.extra["onboarding_course"].pk), **_today()},
    "onboarding: the colleague's completion (API)": lambda w: {
        "course": w.extra["onboarding_course"].pk, "username": w.colleague.username,
        "completed": timezone.localdate().isoformat()},
}

TARGETS = {"onboarding_course"}


def build(world: Any) -> dict[str, Any]:
    version = current_agreement(world.council)
    assert version is not None  # published by the factories when the author was onboarded
    AgreementVersion.objects.filter(pk=version.pk).update(
        text="Quillfeather rule one: I will follow the council's social media policy.")
    img = person("img", username="sth-quillfeather-img")
    course = course_create(actor=img, council=world.council, slug="quillfeather-basics",
                           name="Quillfeather reading-room basics")
    completion_record(actor=img, course=course, person=world.author, completed=timezone.localdate())
    return {"onboarding_course": course}


def state(council: Any) -> tuple[Any, ...]:
    return (AgreementVersion.objects.filter(council=council).count(),
            AgreementSignature.objects.filter(version__council=council).count(),
            list(Course.objects.filter(council=council).order_by("pk").values_list("pk", "slug", "name",
                                                                                   "validity_days")),
            Completion.objects.filter(course__council=council).count())


ROWS = {
    ("onboarding:status", "GET", ""): page(SIGNERS, note="each person's own agreement and training"),
    ("onboarding:sign", "GET", ""): page(SIGNERS, shows=SIGNERS, note="the agreement in force, to read and sign"),
    ("onboarding:sign", "POST", ""): page(SIGNERS, body="onboarding: sign", changes=True,
                                          note="the person themselves; signing again adds a signature"),
    ("onboarding:publish", "GET", ""): page(PUBLISHERS),
    ("onboarding:publish", "POST", ""): page(PUBLISHERS, body="onboarding: publish", changes=True,
                                             note="in force in a month: from then everyone signs it again"),
    # The line manager's own reports include the cases rows' subject (tests/apps/cases/matrix.py), a St Helens
    # record; the service manager manages nobody.
    ("onboarding:team", "GET", ""): page(TEAM_VIEWERS, shows=TRAINING_MANAGERS | roles("line-manager"),
                                         note="a line manager's own reports; everyone for the IMG and admin"),
    ("onboarding:courses", "GET", ""): page(COURSE_VIEWERS, shows=COURSE_VIEWERS),
    ("onboarding:course_new", "GET", ""): page(TRAINING_MANAGERS),
    ("onboarding:course_new", "POST", ""): page(TRAINING_MANAGERS, body="onboarding: a course", changes=True,
                                                note="from Sefton the course is Sefton's"),
    ("onboarding:course_edit", "GET", ""): page(TRAINING_MANAGERS, target="onboarding_course",
                                                shows=TRAINING_MANAGERS),
    ("onboarding:course_edit", "POST", ""): page(TRAINING_MANAGERS, target="onboarding_course",
                                                 body="onboarding: change the course", changes=True),
    ("onboarding:record", "GET", ""): page(RECORDERS),
    ("onboarding:record", "POST", ""): page(
        TRAINING_MANAGERS, body="onboarding: the colleague's completion", changes=True, gate=RECORDERS,
        elsewhere=(400, 403),
        note="a line manager only for their own reports (the colleague is nobody's); from Sefton the St Helens "
             "colleague is not among the choices (400)"),
    ("api-agreement-versions", "GET", ""): api(SIGNERS, shows=SIGNERS, stranger=200, elsewhere=(200, 200),
                                               note="the versions of every council of the person"),
    ("api-agreement-versions", "GET", "council=st-helens"): api(SIGNERS, query="council=st-helens", shows=SIGNERS),
    ("api-agreement-versions", "POST", ""): api(PUBLISHERS, body="onboarding: publish (API)", changes=True),
    ("api-agreement-signatures", "GET", ""): api(SIGNERS, stranger=200, elsewhere=(200, 200),
                                                 note="the person's own signatures"),
    ("api-agreement-signatures", "POST", ""): api(SIGNERS, body="onboarding: sign (API)", changes=True),
    ("api-courses", "GET", ""): api(COURSE_VIEWERS, shows=COURSE_VIEWERS, stranger=200, elsewhere=(200, 200)),
    ("api-courses", "GET", "council=st-helens"): api(COURSE_VIEWERS, query="council=st-helens",
                                                     shows=COURSE_VIEWERS),
    ("api-courses", "POST", ""): api(TRAINING_MANAGERS, body="onboarding: a course (API)", changes=True),
    ("api-completions", "GET", ""): api(SIGNERS, shows=COMPLETION_READERS, stranger=200, elsewhere=(200, 200),
                                        note="one's own, one's team's, everyone's for the IMG and admin"),
    ("api-completions", "POST", ""): api(TRAINING_MANAGERS, body="onboarding: the colleague's completion (API)",
                                         changes=True,
                                         note="a line manager only for their own reports (the colleague is nobody's)"),
    ("api-onboarding-status", "GET", ""): api(SIGNERS, stranger=200, elsewhere=(200, 200),
                                              note="the person's own status in each of their councils"),
}
