"""The people of a case and records made through the services, for the cases tests.

`world(slug)`: a reporter (an employee), the colleague reported (an employee with a staff record and a sign-in),
their line manager (the line-manager role, managing them per HR's record), another line manager who does not manage
them, HR, and someone in another role (the Caldicott Guardian)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from civicguard.apps.cases.services import Upload, case_open, concern_report
from tests.apps.factories import council, person, staff_record

# A post that breaches Sefton 5.3a (offensive, discriminatory) and St Helens 6.4 / 7.5.
BREACH_TEXT = ("Our manager John Smith is a useless idiot and all the Polish staff in housing should be sacked, "
               "they are lazy.")
MILD_TEXT = "Lovely weather in Southport today, off to the beach after work."


def png(colour: tuple[int, int, int] = (200, 200, 210), size: tuple[int, int] = (80, 60)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


@dataclass
class World:
    slug: str
    council: Any
    reporter: Any
    subject_user: Any
    subject: Any            # the StaffRecord reported
    manager: Any            # the subject's line manager (user)
    other_manager: Any      # a line manager who does not manage the subject
    hr: Any
    caldicott: Any


def world(slug: str = "sefton") -> World:
    manager = person("line-manager", slug)
    manager_record = staff_record(slug, user=manager, name="Lee Line-Manager")
    subject_user = person("employee", slug)
    subject = staff_record(slug, user=subject_user, name="Emma Employee", line_manager=manager_record)
    reporter = person("employee", slug)
    staff_record(slug, user=reporter, name="Rae Reporter", line_manager=manager_record)
    other = person("line-manager", slug)
    staff_record(slug, user=other, name="Olly Other-Manager")
    return World(slug=slug, council=council(slug), reporter=reporter, subject_user=subject_user, subject=subject,
                 manager=manager, other_manager=other, hr=person("hr", slug),
                 caldicott=person("caldicott-guardian", slug))


def report(w: World, text: str = BREACH_TEXT, *, screenshot: bool = True, **kw: Any) -> Any:
    return concern_report(actor=w.reporter, council=w.council, subject=w.subject,
                          link="https://www.facebook.com/emma.employee/posts/1", text=text,
                          worry="She is insulting colleagues in public.",
                          screenshot=Upload("shot.png", png()) if screenshot else None, **kw)


def case_from_report(w: World, text: str = BREACH_TEXT) -> Any:
    return case_open(actor=w.manager, council=w.council, concern=report(w, text))
