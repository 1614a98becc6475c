"""``platform.length``: an official post longer than the platform it is for accepts.

The pack's rule gives, per platform, the limit and how that platform counts (with the address of the page that
documents it); the check's context names the platform (``Context.platform``, from the account a post is drafted
for, or ``--platform`` / ``"platform"`` on a check). When the platform is unknown, or the rule gives no limit for
it, nothing is reported: the rule cannot know which limit applies.

How a post is counted (``counting``):

* ``x``: as X counts a post (its "counting characters" page and the twitter-text library): the text is taken in
  Unicode normal form C; letters of the Latin, Greek, Cyrillic, Hebrew, Arabic and Indic scripts, general
  punctuation and quotation marks count 1 (code points U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and
  U+2032-U+2037), every other character counts 2, and an emoji counts 2 however many code points make it (a
  skin tone or a family joined with zero-width joiners is one emoji);
* ``graphemes``: one per character as a reader sees it (a user-perceived character, a grapheme cluster), as
  Mastodon counts;
* ``characters``: one per Unicode code point.

Web addresses count ``link_length`` each when the rule sets it (X and Mastodon: 23): on X every address the text
shows, with or without ``https://`` (but not a two-part country address without a path, such as ``GOV.UK``, which
X does not turn into a link); on Mastodon (``bare_links: false``) only addresses that start with ``http://`` or
``https://``. ``short_mentions`` counts a Mastodon mention of someone on another server (``@jan@example.social``)
as ``@jan``, as Mastodon does. ``attached_links_in_text``: the platform has no separate link field, so a link
attached to the post but missing from its text is added to the text when published (one space and the link).

The finding highlights the text past the limit and says how much to cut: "This post is 312 characters on X, where
the limit is 280 (links count as 23 each): cut at least 32 characters."

Measured: no figures beyond the cases in tests/engine/detectors/platform/test_length.py, which include X's own
published examples (an emoji with a skin tone and a four-person family each count 2; "café" counts 4 whether the
accent is composed or combining). On the council evaluation set the rule never runs (its items name no platform).
X's example table lists "Ồ" (U+1ED2) as 1 where its twitter-text configuration weighs it 2: this follows the
configuration, which the library enforces. Misses: addresses in scripts other than Latin and top-level domains
that ``disclosure.links`` does not know (counted letter by letter instead of as 23); how a platform counts text
the rule does not describe (Facebook and Instagram publish no counting rule: code points are the usual reading);
YouTube's Data API measures a description in bytes, so a description near the limit with many emoji or accented
letters may be refused although it passes here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

import regex
from pydantic import Field, field_validator

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.platform._addresses import Address, addresses, in_text
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import PLATFORMS, Detection


class PlatformLimit(Params):
    """How long a post may be on one platform, and how that platform counts it."""

    name: str = Field(min_length=1, description="the platform as authors know it (X, Instagram)")
    limit: int = Field(gt=0, description="the most the platform accepts, as it counts")
    counting: Literal["x", "graphemes", "characters"] = "characters"
    link_length: int | None = Field(default=None, gt=0, description="every web address counts this many")
    bare_links: bool = Field(default=True, description="addresses written without http(s):// count as links")
    short_mentions: bool = Field(default=False, description="@name@server counts as @name (Mastodon)")
    attached_links_in_text: bool = Field(default=False, description="attached links are added to the text")
    source: str = Field(min_length=1, description="where the platform documents the limit")


class LengthParams(Params):
    platforms: dict[str, PlatformLimit] = Field(min_length=1)

    @field_validator("platforms")
    @classmethod
    def _known(cls, value: dict[str, PlatformLimit]) -> dict[str, PlatformLimit]:
        for slug in value:
            if slug not in PLATFORMS:
                raise ValueError(f"unknown platform {slug!r} (known: {', '.join(PLATFORMS)})")
        return value


# X's weight-1 ranges (twitter-text configuration v3); every other code point weighs 2.
_X_SINGLE = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_CLUSTER = regex.compile(r"\X")
# An emoji: a pictographic character, a flag (regional indicator pair) or a keycap (1️⃣).
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")
# A mention of someone on another server: Mastodon counts only "@name".
_REMOTE_MENTION = re.compile(r"(?<![\w@/])(@[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*)@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    weight: int
    kind: Literal["text", "link", "mention"] = "text"


@dataclass(frozen=True)
class Count:
    """A post's text in pieces, each with the weight it counts for on the platform."""

    pieces: list[_Piece]
    links: int  # addresses counted at the rule's link_length
    doubles: bool  # an ordinary character (an emoji on X) counts 2

    @property
    def total(self) -> int:
        return sum(p.weight for p in self.pieces)

    def past(self, limit: int) -> int | None:
        """Where the text first goes past `limit`, or None when it fits."""
        running = 0
        for p in self.pieces:
            running += p.weight
            if running > limit:
                return p.start
        return None


def _x_single(code: int) -> bool:
    return any(low <= code <= high for low, high in _X_SINGLE)


def _weight(cluster: str, counting: str) -> int:
    if counting == "graphemes":
        return 1
    if counting == "characters":
        return len(cluster)
    # An emoji counts 2 as a whole; a pictograph X counts as a letter (the copyright sign alone) stays 1.
    if _EMOJI.search(cluster) and not all(_x_single(ord(c)) for c in cluster):
        return 2
    return sum(1 if _x_single(ord(c)) else 2 for c in unicodedata.normalize("NFC", cluster))


def _clusters(text: str, start: int, end: int, counting: str) -> list[_Piece]:
    return [_Piece(m.start(), m.end(), _weight(m.group(), counting)) for m in _CLUSTER.finditer(text, start, end)]


def _x_makes_a_link(a: Address) -> bool:
    """X leaves a bare two-part country address with no path as text (``GOV.UK``, ``bit.ly``)."""
    if a.scheme or a.host.startswith("www."):
        return True
    labels = a.host.split(".")
    return not (len(labels) == 2 and len(labels[-1]) == 2 and a.path in ("", "/"))


def _entities(text: str, spec: PlatformLimit) -> list[_Piece]:
    """Addresses and mentions that count as a fixed length, in order, none overlapping."""
    found: list[_Piece] = []
    if spec.link_length is not None:
        for a in in_text(text):
            if not spec.bare_links and a.scheme not in ("http", "https"):
                continue
            if spec.counting == "x" and not _x_makes_a_link(a):
                continue
            found.append(_Piece(a.start, a.end, spec.link_length, "link"))
    if spec.short_mentions:
        for m in _REMOTE_MENTION.finditer(text):
            weight = sum(_weight(c, spec.counting) for c in _CLUSTER.findall(m[1]))
            found.append(_Piece(m.start(), m.end(), weight, "mention"))
    out: list[_Piece] = []
    for piece in sorted(found, key=lambda p: p.start):
        if not out or piece.start >= out[-1].end:
            out.append(piece)
    return out


def count(text: str, spec: PlatformLimit) -> Count:
    """`text` as the platform `spec` describes counts it."""
    pieces: list[_Piece] = []
    pos = 0
    for entity in _entities(text, spec):
        pieces += _clusters(text, pos, entity.start, spec.counting)
        pieces.append(entity)
        pos = entity.end
    pieces += _clusters(text, pos, len(text), spec.counting)
    return Count(pieces, links=sum(p.kind == "link" for p in pieces),
                 doubles=spec.counting == "x" and any(p.kind == "text" and p.weight == 2 for p in pieces))


@register
class PlatformLengthDetector(Detector):
    name = "platform.length"
    Params = LengthParams

    def detect(self, doc: Document) -> list[Detection]:
        assert isinstance(self.params, LengthParams)
        platform = doc.context.platform
        spec = self.params.platforms.get(platform) if platform else None
        if spec is None:
            return []
        text = doc.text
        counted = count(text, spec)
        total = counted.total
        # No link field on this platform: an attached link missing from the text is added to it (a space first).
        attached = [a for a in addresses(doc.content) if not a.in_text] if spec.attached_links_in_text else []
        total += sum(1 + (spec.link_length or len(a.raw)) for a in attached)
        if total <= spec.limit:
            return []
        past = counted.past(spec.limit)
        notes = []
        if spec.link_length is not None and (counted.links or attached):
            notes.append(f"links count as {spec.link_length} each")
        if counted.doubles:
            notes.append("emoji and some symbols count as 2")
        note = f" ({', '.join(notes)})" if notes else ""
        over = total - spec.limit
        where = (" The highlighted text is what goes past the limit." if past is not None else
                 " The text fits; the links attached to the post take it over the limit.")
        cut = f"{over:,} character{'s' if over != 1 else ''}"
        explanation = (f"This post is {total:,} characters on {spec.name}, where the limit is {spec.limit:,}{note}: "
                       f"cut at least {cut}.{where}")
        span = (past, len(text)) if past is not None else (0, 0)
        return [Detection(span[0], span[1], 1.0, label="too_long", explanation=explanation,
                          attributes={"platform": spec.name, "count": f"{total:,}", "limit": f"{spec.limit:,}",
                                      "over": f"{over:,}", "cut": cut, "counting": note, "source": spec.source})]
