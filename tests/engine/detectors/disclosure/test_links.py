from __future__ import annotations

import pytest

from civicguard.engine.detectors import registry
from civicguard.engine.detectors.disclosure.links import LinksDetector, LinksParams

DET = LinksDetector(LinksParams(allow_domains=["sthelens.gov.uk", "sefton.gov.uk"]))

D27 = "Check out these hot singles in Southport: bit.ly/xxx-hot-girls-now"


def spans(doc, det=DET, threshold: float = 0.5):
    return [(d.label, doc.text[d.start : d.end]) for d in det.detect(doc) if d.confidence >= threshold]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (D27, [("adult", "bit.ly/xxx-hot-girls-now")]),
        ("Claim your council tax refund at gov-uk-refund.com today", [("scam", "gov-uk-refund.com")]),
        ("Visit https://gov.uk.refund-claim.net/login.", [("scam", "https://gov.uk.refund-claim.net/login")]),
        ("Our page https://xn--pypal-4ve.com/login", [("scam", "https://xn--pypal-4ve.com/login")]),
        ("Free bitcoin giveaway! https://x.co/abc", [("scam", "https://x.co/abc")]),
        ("Pay here https://www.sthelens.gov.uk@evil.example.com/pay",
         [("scam", "https://www.sthelens.gov.uk@evil.example.com/pay")]),
        ("Update: http://192.168.4.20/update.exe", [("malware", "http://192.168.4.20/update.exe")]),
        ("Get the app: https://files.example.net/app.apk", [("malware", "https://files.example.net/app.apk")]),
        ("Click here now, limited time: bit.ly/3xYzAb", [("shortener", "bit.ly/3xYzAb")]),
        ("Subscribe (www.onlyfans.com/someone)", [("adult", "www.onlyfans.com/someone")]),
    ],
)
def test_flags(doc_factory, text, expected):
    assert spans(doc_factory(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bin days: www.sthelens.gov.uk/bins.",
        "Parking: https://www.sefton.gov.uk/parking",
        "See https://www.bbc.co.uk/news",
        "Sexual health clinic: www.brook.org.uk/sexual-health",
        "News from Essex and Middlesex at www.essexlive.news",
        "Open 7.30am to 10.00pm, e.g. weekends.",
        "Email me at jan@gmail.com",
        "Read more: bit.ly/3xYzAb",  # a plain shortener is below the usual threshold
        "Forms: https://www.gov.uk/government/publications/form.zip",
    ],
)
def test_passes(doc_factory, text):
    assert spans(doc_factory(text)) == []


def test_content_links(doc_factory):
    doc = doc_factory("Looks fun", links=("https://onlyfans.com/someone",))
    found = DET.detect(doc)
    assert [(d.label, d.start, d.end, d.attributes["link"]) for d in found] == [
        ("adult", 0, 0, "https://onlyfans.com/someone")
    ]
    # a link also present in the text is reported once, at its place in the text
    doc = doc_factory(D27, links=("bit.ly/xxx-hot-girls-now",))
    assert spans(doc) == [("adult", "bit.ly/xxx-hot-girls-now")]
    doc = doc_factory("Our news", links=("https://www.sefton.gov.uk/news",))
    assert DET.detect(doc) == []


def test_shortener_levels(doc_factory):
    plain = DET.detect(doc_factory("Read more: bit.ly/3xYzAb"))
    assert [(d.label, d.confidence) for d in plain] == [("shortener", 0.45)]
    quiet = LinksDetector(LinksParams(flag_shorteners=False))
    assert quiet.detect(doc_factory("Read more: bit.ly/3xYzAb")) == []
    assert spans(doc_factory(D27), quiet) == [("adult", "bit.ly/xxx-hot-girls-now")]


def test_registered():
    assert registry.detector_class("disclosure.links") is LinksDetector
