"""platform.length: a post counted as its platform counts it, reported past the limit with how much to cut."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.platform.length import LengthParams, PlatformLengthDetector, PlatformLimit, count
from civicguard.engine.model import Content, Context

X = PlatformLimit(name="X", limit=280, counting="x", link_length=23, attached_links_in_text=True, source="x")
MASTODON = PlatformLimit(name="Mastodon", limit=500, counting="graphemes", link_length=23, bare_links=False,
                         short_mentions=True, source="m")
INSTAGRAM = PlatformLimit(name="Instagram", limit=2200, source="i")
DET = PlatformLengthDetector(LengthParams(platforms={"x": X, "mastodon": MASTODON, "instagram": INSTAGRAM}))
URL = "https://www.sthelens.gov.uk/libraries/opening-times"  # 51 characters, 23 on X


def check(text: str, platform: str | None, links: tuple[str, ...] = ()):
    return DET.detect(Document(Content(text, links=links), Context(council="st-helens", channel="official",
                                                                   platform=platform)))


@pytest.mark.parametrize(("text", "on_x", "on_mastodon"), [
    ("a", 1, 1),
    ("caf\u00e9", 4, 4),  # composed
    ("cafe\u0301", 4, 4),  # combining accent: X counts the NFC form, Mastodon one character
    ("\U0001f64b\U0001f3fd", 2, 1),  # emoji with a skin tone
    ("\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", 2, 1),  # family joined with ZWJ
    ("\u65e5\u672c", 4, 2),  # CJK counts 2 on X
    (URL, 23, 23),
    ("gov.uk/register-to-vote-today", 23, 29),  # X links a bare address with a path; Mastodon does not
    ("Find out more on GOV.UK", 23, 23),  # a bare two-part country address is text on X
    ("Hi @jan@mastodon.example.org", 28, 7),
])
def test_counts_as_the_platform_counts(text, on_x, on_mastodon):
    assert count(text, X).total == on_x
    assert count(text, MASTODON).total == on_mastodon


def test_over_the_limit_says_how_much_to_cut_and_highlights_the_overflow():
    text = "x" * 289 + " " + URL  # 289 + 1 + 23 = 313
    [found] = check(text, "x")
    assert found.explanation.startswith("This post is 313 characters on X, where the limit is 280 (links count as "
                                        "23 each): cut at least 33 characters.")
    assert (found.start, found.end) == (280, len(text)) and found.attributes["cut"] == "33 characters"


@pytest.mark.parametrize(("text", "platform"), [
    ("x" * 280, "x"),  # exactly at the limit
    ("x" * 256 + " " + URL, "x"),  # 308 letters, but the link counts 23: 280
    ("x" * 5000, None),  # platform unknown: the rule cannot know the limit
    ("x" * 5000, "facebook"),  # no limit given for this platform
    ("x" * 2200, "instagram"),
])
def test_fits(text, platform):
    assert check(text, platform) == []


def test_attached_links_join_the_text_on_x():
    [found] = check("x" * 270, "x", links=(URL,))  # 270 + space + 23
    assert found.attributes["count"] == "294" and (found.start, found.end) == (0, 0)
    assert "links attached to the post" in found.explanation


def test_one_character_over_is_singular():
    [found] = check("y" * 2201, "instagram")
    assert found.explanation.startswith("This post is 2,201 characters on Instagram, where the limit is 2,200: "
                                        "cut at least 1 character.")


def test_an_unknown_platform_in_the_params_fails_when_the_pack_loads():
    with pytest.raises(ValueError, match="unknown platform 'myspace'"):
        LengthParams(platforms={"myspace": INSTAGRAM})
