"""The permission matrix's rows for advice requests (see tests/apps/matrix.py).

The St Helens representative of the matrix ("the author") asked Internal Audit (answered by the Computer Auditor
in St Helens' pack) a question about their account."""

from __future__ import annotations

from typing import Any

from civicguard.apps.advice.models import AdviceRequest
from civicguard.apps.advice.services import advice_request_create
from tests.apps.matrix import ALL, api, page, roles

ASKERS = ALL                                              # advice.ask
ADVISERS = roles("legal", "computer-auditor")             # advice.answer
IMG = roles("img")                                        # advice.view_all
LEGEND = {"advice.ask": ASKERS, "advice.answer": ADVISERS, "advice.view_all": IMG}
# Who reads the world's question: the asker, Internal Audit's role (the computer auditor) and the IMG.
READERS = roles("representative", "computer-auditor", "img")
NOT_READERS = ALL - READERS

BODIES = {
    "advice: a question": lambda w: {"adviser": "legal", "question": "May we film the library's story time?",
                                     "account": "", "reference": ""},
    "advice: a question (API)": lambda w: {"council": "st-helens", "adviser": "legal",
                                           "question": "May we film the library's story time?"},
    "advice: an answer": lambda w: {"answer": "Yes, with each parent's written consent."},
}

TARGETS = {"advice_open"}


def build(world: Any) -> dict[str, Any]:
    return {"advice_open": advice_request_create(
        actor=world.author, council=world.council, adviser="internal-audit", about=world.account,
        question="Quillfeather Library wants to post photos of its readers' reviews: is that personal data?")}


def state(council: Any) -> tuple[Any, ...]:
    return (list(AdviceRequest.objects.filter(council=council).order_by("pk").values_list("pk", "status")),)


ROWS = {
    ("advice:list", "GET", ""): page(ASKERS, shows=READERS,
                                     note="the asker, the adviser's role and the IMG see the question"),
    ("advice:new", "GET", ""): page(ASKERS),
    ("advice:new", "POST", ""): page(ASKERS, body="advice: a question", changes=True),
    ("advice:detail", "GET", ""): page(READERS, target="advice_open", gate=ASKERS, shows=READERS,
                                       hidden=NOT_READERS),
    ("advice:answer", "POST", ""): page(roles("computer-auditor"), target="advice_open", body="advice: an answer",
                                        changes=True, hidden=roles("legal"), gate=ADVISERS,
                                        note="the role of the adviser asked (Internal Audit: the computer "
                                             "auditor); legal cannot see a question to Internal Audit"),
    ("advice:withdraw", "POST", ""): page(roles("representative"), target="advice_open", gate=ASKERS,
                                          changes=True, hidden=NOT_READERS, note="the asker only"),
    ("api-advice-requests", "GET", ""): api(ASKERS, shows=READERS, stranger=200, elsewhere=(200, 200),
                                            note="every question the person may read, in all their councils"),
    ("api-advice-requests", "GET", "council=st-helens"): api(ASKERS, query="council=st-helens", shows=READERS),
    ("api-advice-requests", "POST", ""): api(ASKERS, body="advice: a question (API)", changes=True),
    ("api-advice-request", "GET", ""): api(READERS, target="advice_open", hidden=NOT_READERS, shows=READERS),
    ("api-advice-request-answer", "POST", ""): api(roles("computer-auditor"), target="advice_open",
                                                   body="advice: an answer", changes=True, hidden=NOT_READERS),
    ("api-advice-request-withdraw", "POST", ""): api(roles("representative"), target="advice_open", changes=True,
                                                     hidden=NOT_READERS),
}
