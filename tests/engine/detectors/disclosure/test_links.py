from __future__ import annotations

import pytest

from civicguard.engine.detectors import registry
from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.disclosure.links import LinksDetector, LinksParams
from civicguard.engine.packs.loader import pack_for

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£50 free bet when you join with my code https://www.punterspalace.co/join",
         [("gambling", "https://www.punterspalace.co/join")]),
        ("Huge jackpot tonight lads megajackpotz.win/lobby", [("gambling", "megajackpotz.win/lobby")]),
        ("odds boosts for Saturday, use my link https://kickoff-odds.com/r/gaz",
         [("gambling", "https://kickoff-odds.com/r/gaz")]),
        ("Watch the derby, no sky needed, works on any firestick https://footy4free.top/derby",
         [("piracy", "https://footy4free.top/derby")]),
        ("Grab the package £5 a month (ukiptv-box.shop)", [("piracy", "ukiptv-box.shop")]),
        ("Sports for tonight https://f1-streams.live/race", [("piracy", "https://f1-streams.live/race")]),
        ("Pics of the depot party https://rb.gy/leakeddepot", [("piracy", "https://rb.gy/leakeddepot")]),
        ("Girls on cam right now, 18+ https://t.me/+NiceGirlsMersey", [("adult", "https://t.me/+NiceGirlsMersey")]),
        ("Bootle tonight www.bootle-angels-escort.net", [("adult", "www.bootle-angels-escort.net")]),
        ("new pics 👉 hot-cams-live.co/r/1", [("adult", "hot-cams-live.co/r/1")]),
    ],
)
def test_flags_gambling_piracy_adult(doc_factory, text, expected):
    assert spans(doc_factory(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pay now or it doubles: https://knowsley-parking-pcn.net/pay", [("scam", "https://knowsley-parking-pcn.net/pay")]),
        ("Rebate due at wirral-council-rebates.com/claim", [("scam", "wirral-council-rebates.com/claim")]),
        ("Renew here http://sthelens-permits-online.co.uk/renew", [("scam", "http://sthelens-permits-online.co.uk/renew")]),
        ("Log in: st-heelens-portal.info/login", [("scam", "st-heelens-portal.info/login")]),
        ("Check: https://liverpool.gov.uk.secure-check.top/v", [("scam", "https://liverpool.gov.uk.secure-check.top/v")]),
        ("Make £200 a day from home https://chat.whatsapp.com/Ht5kPaY9", [("scam", "https://chat.whatsapp.com/Ht5kPaY9")]),
        ("Turned £20 into £3,000 with this https://autotrader-pro.online/go",
         [("scam", "https://autotrader-pro.online/go")]),
        ("Send 0.1 BTC and get 0.2 back https://musk-btc-event.com", [("scam", "https://musk-btc-event.com")]),
        ("Share before it gets taken down https://patriot-truth-uk.site/b", [("hate", "https://patriot-truth-uk.site/b")]),
        ("Read this www.stop-the-invasion.org/map", [("hate", "www.stop-the-invasion.org/map")]),
        ("be quick, thank me later https://megadeals.vip/x", [("spam", "https://megadeals.vip/x")]),
        ("Apply for the grant using this form: bit.ly/grantSH", [("shortener", "bit.ly/grantSH")]),
    ],
)
def test_flags_lookalikes_and_scams(doc_factory, text, expected):
    assert spans(doc_factory(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Casino plans approved https://www.liverpoolecho.co.uk/news/casino-plans-approved-2291",
        "Gambling Harms Awareness Week: adverts promise free bets and free spins. Help: https://www.gamcare.org.uk",
        "Scammers say your parking fine is overdue. Don't click. Advice: https://www.which.co.uk/scams",
        "Illegal streams and dodgy firesticks carry malware, says FACT https://www.fact-uk.org.uk",
        "Charity bingo night, book on https://www.eventbrite.co.uk/e/charity-bingo-night-88123",
        "Book your tip slot at https://www.sthelens-tip-slots.co.uk",
        "Great taxi firm https://www.sthelenstaxis.co.uk and the St Helens Star: www.sthelensstar.co.uk",
        "Sextortion: if someone threatens to share nudes, get help at https://www.thinkuknow.co.uk",
        "Milford and Essex: www.milfordhavenwaterways.co.uk www.essexyouthservice.org",
        "Live cam of the pier https://www.southportpiercam.co.uk and the clean-streams project lancswt.org.uk",
        "Our Instagram giveaway winners: https://www.instagram.com/sthelenslibraries",
        "The British Council www.britishcouncil.org and LocalGov.co.uk on budgets",
        "Scammers hide links behind bit.ly, don't click them",
        "Council meeting live https://www.youtube.com/live/councilmeeting23",
    ],
)
def test_passes_look_alikes(doc_factory, text):
    assert spans(doc_factory(text)) == []


def test_pack_facts_trust_the_councils_site(doc_factory):
    # sefton.gov.uk comes from the pack's facts, not the rule's parameters
    plain = doc_factory("Bins: https://www.sefton.gov.uk/bins and sefton-bins-permit.com/pay", council="sefton")
    doc = Document(plain.content, plain.context, facts=pack_for("sefton").facts)
    assert spans(doc, LinksDetector(LinksParams())) == [("scam", "sefton-bins-permit.com/pay")]
