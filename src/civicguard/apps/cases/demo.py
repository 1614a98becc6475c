"""Demo concern reports and cases at every stage, for each council, made through the services (so each is in the
audit trail, with its evidence captured and its chain of custody started). The demo staff: Lee Line-Manager manages
Emma Employee and Rae Representative; Hari HR is HR.

* a concern report waiting: Rae reports a post of Emma's criticising the council; Lee has not read it yet;
* a case referred to HR: Emma reported a post of Rae's naming a resident and her health; Lee opened and referred it
  (the notice the pack calls for, about personal information, is proposed, not yet sent);
* a case classified: Rae reported Emma's post insulting colleagues (in Sefton a breach of 5.3a: potential gross
  misconduct, confirmed by HR); the notice about the council's reputation was sent; Emma is asked to remove the post
  (waiting);
* a case decided: Emma reported Rae's post about the parking scheme; HR classified it as misconduct, investigated
  and decided on informal action; Rae confirmed removing the post, with a screenshot.

Idempotent: a council that has any concern report is left alone."""

from __future__ import annotations

import io
from typing import Any

from civicguard.apps.cases import services
from civicguard.apps.cases.models import ConcernReport
from civicguard.apps.people.models import StaffRecord

WHERE = {"st-helens": "St Helens", "sefton": "Southport"}


def _picture(text: str, colour: tuple[int, int, int] = (245, 247, 250)) -> bytes:
    """A small generated screenshot of a post: its words on a card."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 200), colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle((10, 10, 470, 190), outline=(120, 120, 130), width=2)
    words, line, y = text.split(), "", 24
    for word in words:
        if len(line) + len(word) > 60:
            draw.text((24, y), line, fill=(20, 20, 20))
            line, y = "", y + 18
        line = f"{line} {word}".strip()
    draw.text((24, y), line, fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def load(ctx: Any) -> None:
    council, people, slug = ctx.council, ctx.people, ctx.slug
    if ConcernReport.objects.filter(council=council).exists():
        return
    emma = StaffRecord.objects.filter(council=council, name="Emma Employee").select_related("user").first()
    rae = StaffRecord.objects.filter(council=council, name="Rae Representative").select_related("user").first()
    if emma is None or rae is None or emma.user is None or rae.user is None:
        return
    lee, hari = people["line-manager"], people["hr"]
    town = WHERE.get(slug, "town")

    def report(reporter: Any, subject: Any, text: str, worry: str, n: int) -> ConcernReport:
        return services.concern_report(
            actor=reporter, council=council, subject=subject, link=f"https://www.facebook.com/demo.{ctx.prefix}/"
            f"posts/{1000 + n}", text=text, worry=worry,
            screenshot=services.Upload(f"post-{n}.png", _picture(text)), user_agent="CivicGuard demo")

    # 1. Waiting on Lee (and HR): not read yet.
    report(rae.user, emma, "The new parking scheme the council brought in is a total shambles and whoever signed "
           "it off should be ashamed.", "Emma works for the council and is attacking its decisions in public.", 1)

    # 2. Referred to HR.
    second = report(emma.user, rae, f"Can't believe Mrs Patel from 14 Church Road, {town}, was in A&E again last "
                    "night, her diabetes is really bad.", "Rae is sharing a resident's health information.", 2)
    referred = services.case_open(actor=lee, council=council, concern=second,
                                  summary="A resident's address and health shared on a personal account")
    services.case_refer(actor=lee, case=referred)

    # 3. Classified by HR (Sefton: 5.3a, potential gross misconduct), a notice sent, a removal waiting on Emma.
    third = report(rae.user, emma, "Our manager John Smith is a useless idiot and all the Polish staff in housing "
                   "should be sacked, they are lazy.", "Insulting colleagues and a nationality, in public.", 3)
    classified = services.case_open(actor=lee, council=council, concern=third,
                                    summary="Offensive and discriminatory remarks about colleagues")
    services.case_refer(actor=lee, case=classified)
    services.case_note_add(actor=lee, case=classified, text="Spoke to Rae, who reported it; the post is still up.")
    services.case_classify(actor=hari, case=classified, classification=classified.proposed,
                           reasons="The remarks are discriminatory and name a colleague.")
    services.case_owner_set(actor=hari, case=classified, owner=hari)
    for rule in services.notices_due(classified)[:1]:
        services.notice_send(actor=hari, case=classified, rule_slug=rule.slug)
    services.removal_request(actor=hari, case=classified, postings=[third.link],
                             note="Please remove the post while the case is investigated.")

    # 4. Decided: informal action; Rae confirmed the removal.
    fourth = report(emma.user, rae, "The parking scheme is a joke, the council never listens to anyone in "
                    f"{town}.", "Rae is criticising the council on her personal account.", 4)
    decided = services.case_open(actor=lee, council=council, concern=fourth)
    services.case_refer(actor=lee, case=decided)
    services.case_classify(actor=hari, case=decided, classification="misconduct",
                           reasons="Criticism of a council decision, no more.")
    services.case_investigate(actor=hari, case=decided)
    removal = services.removal_request(actor=lee, case=decided, postings=[fourth.link])
    services.removal_confirm(actor=rae.user, removal=removal, note="Deleted it.",
                             screenshot=services.Upload("removed.png", _picture("This post is no longer available",
                                                                                (250, 250, 250))))
    services.case_decide(actor=hari, case=decided, outcome="informal", reasons="A first time; Rae removed the post "
                         "at once and was reminded of the policy by Lee.")
