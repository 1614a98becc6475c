"""platform.links: plain http, link shorteners and addresses imitating the council's own, on official posts."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.platform.link_safety import LinkSafetyDetector, LinkSafetyParams
from civicguard.engine.model import Content, Context
from civicguard.engine.packs.loader import pack_for


def found(kind: str, text: str, council: str = "st-helens", links: tuple[str, ...] = ()) -> list[str]:
    doc = Document(Content(text, links=links), Context(council=council, channel="official"),
                   facts=pack_for(council).facts)
    detector = LinkSafetyDetector(LinkSafetyParams.model_validate({"kind": kind}))
    return [d.attributes["link"] for d in detector.detect(doc)]


@pytest.mark.parametrize(("kind", "text", "link"), [
    ("http", "Bin days: http://www.sthelens.gov.uk/bins.", "http://www.sthelens.gov.uk/bins"),
    ("http", "Tickets HTTP://tickets.example.com/a", "HTTP://tickets.example.com/a"),
    ("shortener", "Survey: bit.ly/3xYz9Qk", "bit.ly/3xYz9Qk"),
    ("shortener", "Route: https://tinyurl.com/sleigh", "https://tinyurl.com/sleigh"),
    ("shortener", "As posted: t.co/aB3xY7Lq", "t.co/aB3xY7Lq"),
    ("shortener", "ow.ly/Hd7k50RtYqz and goo.gl/forms/Kx93Lp", "ow.ly/Hd7k50RtYqz"),
    ("lookalike", "Pay at sthelens-gov.uk/pay", "sthelens-gov.uk/pay"),
    ("lookalike", "Pay at https://st-helens.gov.uk/pay", "https://st-helens.gov.uk/pay"),
    ("lookalike", "See sthelens.gov.uk.example.com/login", "sthelens.gov.uk.example.com/login"),
    ("lookalike", "See https://sthe1ens.gov.uk", "https://sthe1ens.gov.uk"),
    ("lookalike", "See https://sth\u0435lens.gov.uk/renew", "https://sth\u0435lens.gov.uk/renew"),  # Cyrillic е
    ("lookalike", "See https://xn--sthlens-dya.gov.uk", "https://xn--sthlens-dya.gov.uk"),  # sthélens
    ("lookalike", "See https://sthelen.gov.uk/bins", "https://sthelen.gov.uk/bins"),  # one letter off
    ("lookalike", "See www.sthelenscouncil.com", "www.sthelenscouncil.com"),
    ("lookalike", "Pay https://www.sthelens.gov.uk@evil.example.com/pay",
     "https://www.sthelens.gov.uk@evil.example.com/pay"),
])
def test_reports(kind, text, link):
    assert found(kind, text)[:1] == [link]


@pytest.mark.parametrize(("kind", "text"), [
    ("http", "Bin days: https://www.sthelens.gov.uk/bins"),
    ("http", "Bin days: www.sthelens.gov.uk/bins"),
    ("shortener", "Scammers hide dodgy websites behind links like bit.ly or tinyurl."),  # named, not linked
    ("shortener", "Full details: https://www.sthelens.gov.uk/christmas"),
    ("lookalike", "Bins: https://www.sthelens.gov.uk/bins and planning.sthelens.gov.uk"),
    ("lookalike", "Read it in the St Helens Star: www.sthelensstar.co.uk/news"),
    ("lookalike", "Enrol at St Helens College: https://www.sthelens.ac.uk"),
    ("lookalike", "Register to vote: https://www.gov.uk/register-to-vote"),
    ("lookalike", "Email contactcentre@sthelens.gov.uk"),
])
def test_passes(kind, text):
    assert found(kind, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("https://sefton-gov.uk/rebate", ["https://sefton-gov.uk/rebate"]),
    ("https://seft0n.gov.uk", ["https://seft0n.gov.uk"]),
    ("https://www.sefton.gov.uk/parking", []),
    ("https://www.seaton.gov.uk", []),  # one letter off a 6-letter name is another place
])
def test_sefton_domains_come_from_its_pack(text, expected):
    assert found("lookalike", text, council="sefton") == expected


def test_attached_link_is_judged_at_zero():
    doc = Document(Content("Book now", links=("http://bit.ly/pool",)), Context(council="sefton", channel="official"))
    [hit] = LinkSafetyDetector(LinkSafetyParams(kind="http")).detect(doc)
    assert (hit.start, hit.end) == (0, 0) and "Use the https:// address" in hit.explanation


def test_explanations_say_what_to_do():
    text = "See sthelens-gov.uk/pay and bit.ly/abc"
    facts = pack_for("st-helens").facts
    doc = Document(Content(text), Context(council="st-helens", channel="official"), facts=facts)
    [fake] = LinkSafetyDetector(LinkSafetyParams(kind="lookalike")).detect(doc)
    [short] = LinkSafetyDetector(LinkSafetyParams(kind="shortener")).detect(doc)
    assert fake.explanation.endswith("This address imitates the council's website: check it.")
    assert short.explanation.endswith("Link to the full address, not a shortener.")
