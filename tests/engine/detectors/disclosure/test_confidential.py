from __future__ import annotations

from datetime import date

import pytest

from civicguard.engine.detectors import registry
from civicguard.engine.detectors.disclosure.confidential import ConfidentialDetector, ConfidentialParams
from civicguard.engine.model import EmbargoedDocument

DET = ConfidentialDetector(ConfidentialParams())

D08 = ("Draft budget 2027/28 (not yet published): we expect to close three leisure centres and cut 40 posts. "
       "OFFICIAL-SENSITIVE.")
D26 = ("Can't say much yet but the council is about to announce redundancies in adult social care, heard it "
       "in the leadership meeting today.")


def spans(doc, det=DET, threshold: float = 0.5):
    return [(d.label, doc.text[d.start : d.end]) for d in det.detect(doc) if d.confidence >= threshold]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (D08, [("draft_plan", "Draft budget 2027/28 (not yet published"), ("marking", "OFFICIAL-SENSITIVE")]),
        (D26, [("unannounced", "Can't say much yet but"),
               ("leaked_meeting", "about to announce redundancies"),
               ("leaked_meeting", "heard it in the leadership meeting today")]),
        ("Report attached, OFFICIAL SENSITIVE", [("marking", "OFFICIAL SENSITIVE")]),
        ("Pricing is commercial in confidence", [("marking", "commercial in confidence")]),
        ("CONFIDENTIAL: staff list", [("marking", "CONFIDENTIAL")]),
        ("Not for publication until Friday", [("marking", "Not for publication")]),
        ("It is exempt information", [("marking", "exempt information")]),
        ("The Part II report says otherwise", [("marking", "Part II report")]),
        ("Keep this quiet, the depot is moving", [("unannounced", "Keep this quiet")]),
        ("Between you and me, the depot is moving", [("unannounced", "Between you and me")]),
        ("The new depot site is not yet public", [("unannounced", "not yet public")]),
        ("As I heard in the briefing today, it's all change", [("leaked_meeting", "in the briefing today")]),
        ("Business plan is still draft and unpublished, but we're merging teams",
         [("draft_plan", "Business plan is still draft and unpublished")]),
        ("Can\u2019t say much yet but watch this space", [("unannounced", "Can\u2019t say much yet but")]),
    ],
)
def test_flags(doc_factory, text, expected):
    assert spans(doc_factory(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The draft Local Plan consultation is open until 5 May; have your say online",
        "Our budget for 2026/27 was agreed at full council last night",
        "Follow our official account for updates",
        "Call our free confidential helpline on 0800 123 456",
        "ROAD CLOSED AND RESTRICTED PARKING ON THE HIGH STREET ALL WEEKEND",
        "Read the draft budget and have your say: consultation open until 1 February.",
        "We can't go into details of individual cases.",
        "Results of the survey will be published next week.",
        "The results have not yet been published; we will share them as soon as they are.",
        "Keep your dog on a lead in the park, and keep it quiet after 11pm please!",
        "Cabinet will meet on Wednesday to discuss the budget proposals; papers are published on our website.",
        "Our new confidential domestic abuse helpline is open 24/7.",
        "",
    ],
)
def test_passes(doc_factory, text):
    assert spans(doc_factory(text)) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Cabinet agreed in private session to close the Rainford tip. Watch them deny it.", "leaked_meeting"),
        ("The unions haven't even been told yet but payroll is being outsourced.", "unannounced"),
        ("My cousin works in the town hall and says the market hall is being sold.", "unannounced"),
        ("Word in the office is that the Bootle depot is going.", "unannounced"),
        ("We scored the bids today, the Leeds firm was £90k cheaper.", "marking"),
        ("Just seen the redundancy list for Highways, 12 names on it.", "leaked_meeting"),
    ],
)
def test_what_the_writer_knows_from_inside(doc_factory, text, kind):
    assert kind in [label for label, _ in spans(doc_factory(text))]


@pytest.mark.parametrize(
    "text",
    [
        "She said I'm not allowed to tell her mum where she's staying.",  # a child's secret, for safeguarding
        "Cabinet meets in public on Wednesday; the papers are on our website.",
    ],
)
def test_what_is_not_inside_knowledge(doc_factory, text):
    assert spans(doc_factory(text)) == []


LEISURE = EmbargoedDocument(
    "Leisure review 2027",
    "The council will close Central Leisure Centre and Parr Baths from April 2027, saving £1.2m a year and "
    "affecting 43 staff. The review found usage has fallen by 27% since 2019.",
    until=date(2099, 1, 1),
)
GUTTED = ("Gutted: they will close Central Leisure Centre and Parr Baths from April 2027, saving money "
          "apparently")
LEAK = "will close Central Leisure Centre and Parr Baths from April 2027, saving"
EXPIRED = EmbargoedDocument("Old review", LEISURE.text, until=date(2000, 1, 1))


@pytest.mark.parametrize(
    ("text", "embargoed", "expected"),
    [
        (GUTTED, (LEISURE,), [("embargo", LEAK)]),
        ("Heard the savings are £1.2m and 43 staff affected", (LEISURE,), [("embargo", "£1.2m and 43")]),
        (GUTTED, (EXPIRED,), []),
        ("Central Leisure Centre is open today 7am to 10pm", (LEISURE,), []),
        ("43 people came to the 2027 fun run", (LEISURE,), []),
        ("Shocking news, apparently they will close Central Leisure Centre and Parr Baths, can you believe "
         "it, what a shame for everyone in town honestly", (LEISURE,),
         [("embargo", "will close Central Leisure Centre and Parr Baths")]),
    ],
)
def test_embargo(doc_factory, text, embargoed, expected):
    doc = doc_factory(text, embargoed=embargoed)
    found = spans(doc)
    assert found == expected
    for d in DET.detect(doc):
        if d.label == "embargo":
            assert d.attributes["document"] == "Leisure review 2027"


def test_kinds_and_threshold(doc_factory):
    only_markings = ConfidentialDetector(ConfidentialParams(kinds=["marking"]))
    assert spans(doc_factory(D08), only_markings) == [("marking", "OFFICIAL-SENSITIVE")]
    text = "close Central Leisure Centre and Parr says my mate"  # 2 of 5 five-word runs match
    doc = doc_factory(text, embargoed=(LEISURE,))
    assert spans(doc) == [("embargo", "close Central Leisure Centre and Parr")]
    strict = ConfidentialDetector(ConfidentialParams(embargo_threshold=0.9, kinds=["embargo"]))
    assert spans(doc, strict) == []


def test_registered():
    assert registry.detector_class("disclosure.confidential") is ConfidentialDetector


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("DRAFT - DO NOT PUBLISH UNTIL 12.00 THURSDAY. The activity centre will close on 31 March.", "marking"),
        ("The preferred bidder has pulled out. Please treat this as confidential until we announce next steps.",
         "marking"),
        ("Agenda Part 2 (exempt, para 3): sale of land at Sandy Lane for £1.35m.", "marking"),
        ("The exempt report that went to cabinet last week says the institute is going for a pound.", "marking"),
        ("Tender prices for the school meals contract: £2.41 a meal against £2.29 in house.", "marking"),
        ("Unofficially the library is moving to a volunteer-run model next year, please don't post that anywhere.",
         "unannounced"),
        ("Cremation fees are going up 22% in April. Not public yet so book early.", "unannounced"),
        ("The redundancy list for Revenues went round the managers meeting this morning.", "leaked_meeting"),
        ("At yesterday's SLT away day the chief exec said the depot is closing.", "leaked_meeting"),
    ],
)
def test_flags_the_ways_staff_let_slip_what_is_not_public(doc_factory, text, kind):
    assert kind in [label for label, _ in spans(doc_factory(text))]


@pytest.mark.parametrize(
    "text",
    [
        "Cabinet agreed the sale. The decision notice and the public report are on our website; the commercial "
        "terms are in an exempt report.",
        "Please do not post personal details such as your address in the comments.",
        "Tender for the Lord Street works is open now: details and how to bid are on our website.",
    ],
)
def test_public_notices_about_private_papers_and_comment_rules_are_not_confidential(doc_factory, text):
    assert spans(doc_factory(text)) == []
