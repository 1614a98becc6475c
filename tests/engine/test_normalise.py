"""The normaliser: obfuscation-aware views with offsets back to the original text."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.model import Content, Context
from civicguard.engine.normalise import (
    Normalised,
    deobfuscate,
    deobfuscated,
    deobfuscated_in,
    fold,
    folded,
    unhidden,
    unhide,
)


def _check_round_trip(original: str, view: Normalised) -> None:
    assert len(view.offsets) == len(view.text)
    assert list(view.offsets) == sorted(view.offsets)
    for i in range(len(view.text)):
        start, end = view.to_original(i, i + 1)
        assert 0 <= start < end <= len(original)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello World", "hello world"),
        ("café naïve", "cafe naive"),
        ("ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
        ("fu\u200bck", "fuck"),
        ("soft\u00adhyphen", "softhyphen"),
        ("\ufeffbom", "bom"),
        ("ѕһіt", "shit"),  # Cyrillic look-alikes
        ("ΑΒΕ", "abe"),  # Greek capitals
        ("e\u0301", "e"),  # combining acute
        ("ﬁne", "fine"),  # ligature
    ],
)
def test_fold(text: str, expected: str) -> None:
    view = fold(text)
    assert view.text == expected
    _check_round_trip(text, view)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("w4nkers", "wankers"),
        ("sh!t", "shit"),
        ("$hit", "shit"),
        ("b1tch", "bitch"),
        ("fuuuuuck", "fuck"),
        ("c u n t", "cunt"),
        ("f.u.c.k off", "fuck off"),
        ("f-u-c-k", "fuck"),
        ("f*ck", "f*ck"),  # masks kept for wildcard matching
        ("f**k", "f**k"),
        ("a b test", "a b test"),  # two single letters are left alone
        ("meet at 10am on the A580", "meet at 10am on the a580"),
        ("call 0151 123 4567", "call 0151 123 4567"),
        ("@sthelenscouncil", "@sthelenscouncil"),
        ("Great news!!", "great news!!"),
        ("Sussex and Essex", "sussex and essex"),
    ],
)
def test_deobfuscate(text: str, expected: str) -> None:
    view = deobfuscate(text)
    assert view.text == expected
    _check_round_trip(text, view)


@pytest.mark.parametrize(
    ("text", "word", "original"),
    [
        ("You f*cking w4nkers", "wankers", "w4nkers"),
        ("oh fuuuuck off", "fuck", "fuuuuck"),
        ("what a c u n t!", "cunt", "c u n t"),
        ("total f.u.c.k.up", "fuck", "f.u.c.k"),
        ("fu\u200bck this", "fuck", "fu\u200bck"),
        ("ѕһіt happens", "shit", "ѕһіt"),
        ("Ｆｕｃｋ", "fuck", "Ｆｕｃｋ"),
        ("née shit", "shit", "shit"),
    ],
)
def test_span_maps_back_to_the_disguised_word(text: str, word: str, original: str) -> None:
    view = deobfuscate(text)
    i = view.text.index(word)
    start, end = view.to_original(i, i + len(word))
    assert text[start:end] == original


def test_empty_and_edge_spans() -> None:
    assert deobfuscate("").to_original(0, 0) == (0, 0)
    view = deobfuscate("abc")
    assert view.to_original(3, 3) == (3, 3)
    assert view.to_original(0, 3) == (0, 3)


def test_memoised_per_document() -> None:
    doc = Document(Content(text="sh!t"), Context(council="st-helens", channel="official"))
    first = deobfuscated(doc)
    assert deobfuscated(doc) is first
    assert first.text == "shit"



@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call 07700 900123", "Call 07700 900123"),  # ASCII: unchanged, case kept
        ("0\u200b7700\u200c 900\u00ad123\u2060", "07700 900123"),
        ("\ufeffWA10 1HP", "WA10 1HP"),
        ("WА10 1НР", "WA10 1HP"),  # Cyrillic А, Н, Р inside a word with digits
        ("Ѕаrаh Jones", "Sarah Jones"),  # Cyrillic look-alikes mixed with Latin letters
        ("Иван Петров", "Иван Петров"),  # a word wholly in Cyrillic is left alone
        ("Anđa Tomić", "Anđa Tomić"),  # Latin diacritics and case kept
        ("０７７００ ９００１２３", "07700 900123"),  # fullwidth digits
        ("٠٧٧٠٠", "07700"),  # Arabic-Indic digits
        ("0151\u2013934\u00a02000", "0151-934 2000"),
        ("Jose\u0301", "Jose"),  # combining mark dropped
    ],
)
def test_unhide(text: str, expected: str) -> None:
    view = unhide(text)
    assert view.text == expected
    _check_round_trip(text, view)


@pytest.mark.parametrize(
    ("text", "found", "original"),
    [
        ("ring 07700\u200b 900\u00ad123 now", "07700 900123", "07700\u200b 900\u00ad123"),
        ("ring ０７７００ now", "07700", "０７７００"),
        ("\u200bAB123456C", "AB123456C", "AB123456C"),
    ],
)
def test_unhidden_span_covers_the_original_characters(text: str, found: str, original: str) -> None:
    view = unhide(text)
    i = view.text.index(found)
    start, end = view.to_original(i, i + len(found))
    assert text[start:end] == original


def test_unhidden_memoised_per_document() -> None:
    doc = Document(Content(text="07700\u200b900123"), Context(council="st-helens", channel="official"))
    assert unhidden(doc) is unhidden(doc)
    assert unhidden(doc).text == "07700900123"


@pytest.mark.parametrize("length", [0, 1, 7, 1024, 1025, 5000])
def test_an_ascii_text_of_any_length_maps_each_character_to_itself(length: int) -> None:
    text = ("Bins Day " * 600)[:length]
    for view in (fold(text), unhide(text)):
        assert view.offsets == tuple(range(length)) and view.ends == tuple(range(1, length + 1))
        assert view.to_original(0, length) == (0, length)


def test_the_deobfuscated_view_of_a_document_is_its_folded_view_undisguised() -> None:
    text = "Ｓ\u200bh!t, you w4nkers: f u c k offff"
    doc = Document(Content(text=text), Context(council="st-helens", channel="official"))
    assert deobfuscated(doc) == deobfuscate(text)
    assert folded(doc) == fold(text)


def test_a_batch_builds_the_deobfuscated_view_once_for_the_check_to_reuse():
    text = "y0u are a m0r0n, \u0430ll of you"
    memo: dict[str, object] = {}
    view = deobfuscated_in(text, memo)
    assert view.text == deobfuscate(text).text
    assert deobfuscated_in(text, memo) is view  # the second call reads the memo
    doc = Document(Content(text), Context(council="st-helens", channel="comment"), memo=memo)
    assert deobfuscated(doc) is view
