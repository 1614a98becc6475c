"""Demo advice requests for each council: for every adviser its pack names, a question waiting for an answer and
one answered; and one withdrawn. Made through the services, so each is in the audit trail. Idempotent: a council
that has any request is left alone."""

from __future__ import annotations

from typing import Any

from civicguard.apps.access.checks import holds_role
from civicguard.apps.advice import services
from civicguard.apps.advice.models import AdviceRequest

# (open question, answered question, its answer), by adviser slug; any other adviser gets the general one.
QUESTIONS = {
    "internal-audit": (
        "We want to share a resident's thank-you e-mail on Facebook with their first name. Does that raise a data "
        "protection issue?",
        "Can we export the comments on our Facebook page into a spreadsheet to count complaints by ward?",
        "Yes, if you remove names and profile links first and keep the spreadsheet on the team drive only. Delete "
        "it when the count is done."),
    "legal": (
        "We are considering looking at a trader's public Facebook page as part of a Trading Standards "
        "investigation. What do we need before we start?",
        "Do we need written consent to post a photo of staff at the long-service awards?",
        "Yes. Each person must agree in writing on the consent form, for the site it will go on, and must be free "
        "to say no. Keep the forms with the event's records."),
}
GENERAL = ("Can we re-post a partner organisation's video that shows members of the public?",
           "Can we reply to a resident's complaint on Facebook?",
           "No: reply asking them to contact us directly, and pass the complaint to the Contact Centre.")


def load(ctx: Any) -> None:
    council, people = ctx.council, ctx.people
    if AdviceRequest.objects.filter(council=council).exists():
        return
    account = ctx.accounts[0] if ctx.accounts else None
    for adviser in services.advisers(council):
        waiting, asked, answer = QUESTIONS.get(adviser.slug, GENERAL)
        services.advice_request_create(actor=people["representative"], council=council, adviser=adviser.slug,
                                       question=waiting, about=account)
        answered = services.advice_request_create(actor=people["line-manager"], council=council,
                                                  adviser=adviser.slug, question=asked, reference="Team meeting")
        answerer = people.get(adviser.role)
        if answerer is not None and holds_role(answerer, adviser.role, council):
            services.advice_request_answer(actor=answerer, request=answered, answer=answer)
    first = services.advisers(council)[0] if services.advisers(council) else None
    if first is not None:
        withdrawn = services.advice_request_create(actor=people["employee"], council=council, adviser=first.slug,
                                                   question="Can I post about my team's charity walk on my own "
                                                            "Facebook page?")
        services.advice_request_withdraw(actor=people["employee"], request=withdrawn)
