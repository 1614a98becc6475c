"""Records for the disclosure tests, made through each app's services where they have one.

`Town`: the cases world of St Helens (a colleague reported, their line manager, another line manager, HR) with a
comment thread about a member of the public, Jane Smith, who makes a subject access request; an official post
that mentions her; and a concern report and case about the colleague."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from civicguard.apps.disclosure.services import Requester, disclosure_request_open
from civicguard.apps.posts.models import Post, PostStatus
from civicguard.apps.staff.services import role_assign
from tests.apps.cases.factories import World, case_from_report, world
from tests.apps.factories import AccountFactory, person
from tests.apps.moderation.factories import comments

SUBJECT = "Jane Smith"
HANDLE = "@janesmith"
OWN = "I'm Jane Smith and my bins were missed again on Elm Road, please sort it."
ABOUT = "Tell Jane Smith that Bob Jones at bob.jones@example.com on 07700 900123 moved her bins."


@dataclass
class Town:
    w: World
    account: Any
    comments: list[Any]
    post: Any
    case: Any


def town() -> Town:
    w = world("st-helens")
    acct = AccountFactory(council=w.council)
    found = comments(acct, [{"text": OWN, "author": SUBJECT, "author_id": "janesmith"},
                            {"text": ABOUT, "author": "Mary Brown", "author_id": "marybrown"},
                            {"text": "Nothing to do with anyone, the library opens at nine.",
                             "author": "Sam Green", "author_id": "samgreen"}], checked=False)
    post = Post.objects.create(council=w.council, account=acct, author=person("representative"),
                               text="Thank you to Jane Smith for reporting the missed bins on Elm Road.",
                               status=PostStatus.APPROVED)
    return Town(w=w, account=acct, comments=found, post=post, case=case_from_report(w))


def also(user: Any, role: str, council: Any) -> Any:
    """Give `user` another role in the council."""
    role_assign(user=user, council=council, role=role)
    return user


def sar(actor: Any, council: Any, **kw: Any) -> Any:
    return disclosure_request_open(actor=actor, council=council, kind=kw.pop("kind", "sar"),
                                   requester=Requester(SUBJECT, "jane@example.org"),
                                   subject_name=kw.pop("subject_name", SUBJECT),
                                   subject_handles=kw.pop("subject_handles", [HANDLE]), **kw)


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def day(y: int, m: int, d: int) -> date:
    return date(y, m, d)
