"""Obfuscation-aware views of text, each with an offset map back to the original.

Detectors match word lists against a *normalised* view of the text and report spans in the *original* text.
Two views are offered:

* :func:`fold` -- compatibility folding (NFKD-based: fullwidth, ligatures, superscripts, mathematical letters),
  lower-case, diacritics stripped, zero-width / format characters and combining marks dropped, and Cyrillic /
  Greek look-alike letters mapped to Latin (``раура1`` with Cyrillic letters reads as ``paypa1``).
* :func:`unhide` -- the case-preserving view for pattern detectors (identifiers, names): invisible and format
  characters (zero-width spaces and joiners, word joiner, byte-order mark, soft hyphen) and combining marks
  dropped, compatibility forms folded (fullwidth ``０７７００`` reads ``07700``), digits of any script read as
  ASCII digits, dashes and odd spaces made plain, and Cyrillic / Greek look-alike letters mapped to Latin only
  inside a word that also holds a Latin letter or a digit (``WА10 1НР`` reads ``WA10 1HP``; a word written
  wholly in Cyrillic or Greek is left as it is). Case and Latin diacritics are kept (``Anđa Tomić``).
* :func:`deobfuscate` -- ``fold`` plus undoing deliberate disguise: leetspeak digits and symbols inside words
  (``w4nkers`` -> ``wankers``, ``sh!t`` -> ``shit``), runs of three or more identical letters collapsed
  (``fuuuuck`` -> ``fuck``), and runs of three or more single letters separated by spaces, dots or dashes
  joined (``c u n t`` / ``f.u.c.k`` -> ``cunt`` / ``fuck``). Mask characters (``*``, ``#``, ``_``) inside a
  word are kept as they are so matchers can treat them as wildcards (``f*ck``).

Every view is a :class:`Normalised`: ``offsets[i]`` is the index in the original text of normalised character
``i`` and ``ends[i]`` the (exclusive) end in the original of the characters it stands for, so
``to_original(start, end)`` turns a normalised span into the original span covering the disguised word.

Use :func:`deobfuscated` (word lists) or :func:`unhidden` (identifiers, names) in a detector: each memoises its
view on the per-check ``Document``, so every detector of a family reads the same normalised text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from civicguard.engine.detectors.base import Document

__all__ = ["Normalised", "fold", "deobfuscate", "deobfuscated", "deobfuscated_in", "folded", "unhide", "unhidden",
           "UNHIDDEN_MEMO", "MASK_CHARS"]

MASK_CHARS = "*#_"


@dataclass(frozen=True)
class Normalised:
    """A normalised view of some text. ``offsets[i]`` = index in the original of normalised char ``i``;
    ``ends[i]`` = exclusive end in the original of what char ``i`` stands for (defaults to offsets[i] + 1)."""

    text: str
    offsets: tuple[int, ...]
    ends: tuple[int, ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to the original span it came from."""
        n = len(self.text)
        if n == 0:
            return (0, 0)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if start == end:
            pos = self.offsets[start] if start < n else self._end_of(n - 1)
            return (pos, pos)
        return (self.offsets[start], self._end_of(end - 1))

    def _end_of(self, i: int) -> int:
        if self.ends:
            return self.ends[i]
        return self.offsets[i] + 1


# --------------------------------------------------------------------------------------------- folding

# Format / invisible characters dropped outright (besides every category Cf / Mn / Me character).
_DROP = frozenset("\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")

# Look-alike letters that NFKD does not map to Latin. Lower-case targets.
_HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "г": "r", "ѕ": "s", "т": "t",
    "у": "y", "ү": "y", "х": "x", "ԝ": "w", "ь": "b", "п": "n", "и": "u", "ц": "u",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y", "ω": "w", "μ": "u", "ς": "s", "σ": "o", "λ": "a", "δ": "d", "θ": "o",
    "ϲ": "c", "ϳ": "j",
    # Latin extras without a decomposition
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ƒ": "f", "ß": "ss", "æ": "ae", "œ": "oe",
    "ð": "d", "þ": "th", "ɑ": "a", "ɡ": "g", "ɪ": "i", "ʏ": "y", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d",
    "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o",
    "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z",
    # Punctuation look-alikes
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-",
    "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u2217": "*", "\u2731": "*",
}

_CHAR_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    """What one original character becomes in the folded view ('' when dropped)."""
    cached = _CHAR_CACHE.get(ch)
    if cached is not None:
        return cached
    if ch in _DROP:
        out = ""
    else:
        low = ch.lower()
        hom = _HOMOGLYPHS.get(ch) or _HOMOGLYPHS.get(low)
        if hom is not None:
            out = hom
        else:
            parts = []
            for c in unicodedata.normalize("NFKD", low):
                if c in _DROP or unicodedata.category(c) in ("Mn", "Me", "Cf"):
                    continue
                c = c.lower()
                parts.append(_HOMOGLYPHS.get(c, c))
            out = "".join(parts)
    if len(_CHAR_CACHE) < 20000:
        _CHAR_CACHE[ch] = out
    return out


_COUNTING: tuple[int, ...] = tuple(range(1025))  # 0, 1, 2, ...: sliced for the views below, grown on demand
_COUNTING_MAX = 65536  # longer texts build their own (a scan of posts never holds more than this)


def _one_to_one(n: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The offsets and ends of a view of `n` characters each standing for itself (an ASCII text's: most posts),
    sliced from one shared count instead of built number by number for every view."""
    global _COUNTING
    counting = _COUNTING
    if n >= len(counting):
        if n >= _COUNTING_MAX:
            return tuple(range(n)), tuple(range(1, n + 1))
        counting = _COUNTING = tuple(range(min(max(n + 1, 2 * len(counting)), _COUNTING_MAX)))
    return counting[:n], counting[1 : n + 1]


def fold(text: str) -> Normalised:
    """Compatibility-fold `text`: lower-case, no diacritics, no invisible characters, Latin look-alikes."""
    if text.isascii():
        return Normalised(text.lower(), *_one_to_one(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        mapped = _fold_char(ch) if not ch.isascii() else ch.lower()
        if not mapped:
            # Dropped: widen the previous character so a span over it covers the invisible character too.
            if ends:
                ends[-1] = i + 1
            continue
        for m in mapped:
            out.append(m)
            offsets.append(i)
            ends.append(i + 1)
    return Normalised("".join(out), tuple(offsets), tuple(ends))


# --------------------------------------------------------------------------------------------- de-obfuscation

_LEET: dict[str, str] = {
    "4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i",
    "|": "l", "€": "e", "£": "l",
}
_LEET_CHARS = "".join(re.escape(c) for c in _LEET)
# A "word" that mixes letters with leet characters (and possibly masks); must contain at least one letter.
_MIXED_WORD = re.compile(rf"(?<![\w{_LEET_CHARS}*#])[a-z{_LEET_CHARS}*#_]*[a-z][a-z{_LEET_CHARS}*#_]*")
_HAS_LEET = re.compile(rf"[{_LEET_CHARS}]")
_CODE_LIKE = re.compile(r"[a-z]{0,2}\d+|\d+[a-z]{0,2}")
# Three or more identical letters.
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Three or more single letters (or masks) separated by one kind of separator run: "c u n t", "f.u.c.k", "f-u-c-k".
_SPACED = re.compile(r"(?<![\w*])[a-z*#](?P<sep>\. |[ .\-])[a-z*#](?:(?P=sep)[a-z*#])+(?![\w*])")


class _Builder:
    __slots__ = ("chars", "offsets", "ends")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.ends: list[int] = []

    def add(self, ch: str, start: int, end: int) -> None:
        self.chars.append(ch)
        self.offsets.append(start)
        self.ends.append(end)

    def build(self) -> Normalised:
        return Normalised("".join(self.chars), tuple(self.offsets), tuple(self.ends))


def _ends(n: Normalised) -> tuple[int, ...]:
    return n.ends if n.ends else tuple(o + 1 for o in n.offsets)


def _deleet(view: Normalised) -> Normalised:
    text = view.text
    if not _HAS_LEET.search(text):
        return view
    chars = list(text)
    changed = False
    for m in _MIXED_WORD.finditer(text):
        word = m.group()
        if not _HAS_LEET.search(word):
            continue
        # Strip trailing "!" / "|" runs that are punctuation ("shit!!"), but keep them mid-word ("sh!t").
        stop = len(word)
        while stop > 0 and word[stop - 1] in "!|$":
            stop -= 1
        # Leading "$"/"£"/"€" before digits only is currency, never here (needs a letter); "@" at start of a
        # word followed by letters is a handle (@council) -- leave those alone.
        # "@ss" is obfuscation but "@sthelenscouncil" is a handle: a long word starting "@" is left alone.
        if word[0] == "@" and len(word) > 4:
            continue
        letters = sum(1 for c in word if c.isalpha())
        if letters < 1 or (letters < 2 and len(word) > 3 and word[0].isdigit()):
            continue
        # Tokens that are mostly digits with a letter suffix are times, ordinals and road names: "10am",
        # "2nd", "a580", "m62" -- leave them.
        if _CODE_LIKE.fullmatch(word):
            continue
        for j in range(stop):
            c = word[j]
            rep = _LEET.get(c)
            if rep is not None:
                chars[m.start() + j] = rep
                changed = True
    if not changed:
        return view
    return Normalised("".join(chars), view.offsets, _ends(view))


def _collapse_repeats(view: Normalised) -> Normalised:
    text = view.text
    if not _REPEATS.search(text):
        return view
    ends = _ends(view)
    b = _Builder()
    last = 0
    for m in _REPEATS.finditer(text):
        for i in range(last, m.start()):
            b.add(text[i], view.offsets[i], ends[i])
        b.add(text[m.start()], view.offsets[m.start()], ends[m.end() - 1])
        last = m.end()
    for i in range(last, len(text)):
        b.add(text[i], view.offsets[i], ends[i])
    return b.build()


def _join_spaced(view: Normalised) -> Normalised:
    text = view.text
    if not _SPACED.search(text):
        return view
    ends = _ends(view)
    b = _Builder()
    last = 0
    for m in _SPACED.finditer(text):
        seg = m.group()
        begin = m.start()
        # "what a c u n t": the article "a" (or the word "i") in front of 3+ spaced letters stays a word.
        if seg[0] in "ai" and sum(1 for c in seg if c.isalpha() or c in MASK_CHARS) >= 4:
            begin += 1 + len(m.group("sep"))
        # A run of 3+ single letters is rare in prose ("a b" is left alone), so join it.
        for i in range(last, begin):
            b.add(text[i], view.offsets[i], ends[i])
        for k in range(begin - m.start(), len(seg)):
            c = seg[k]
            i = m.start() + k
            if c.isalpha() or c in MASK_CHARS:
                b.add(c, view.offsets[i], ends[i])
        last = m.end()
    for i in range(last, len(text)):
        b.add(text[i], view.offsets[i], ends[i])
    return b.build()


def deobfuscate(text: str) -> Normalised:
    """`fold` plus undoing leetspeak, repeated letters and spaced-out letters (see the module docstring)."""
    return _undisguise(fold(text))


def _undisguise(view: Normalised) -> Normalised:
    """The folded `view` with leetspeak, repeated letters and spaced-out letters undone."""
    view = _deleet(view)
    view = _join_spaced(view)
    view = _collapse_repeats(view)
    return view


DEOBFUSCATED_MEMO = "deobfuscated"
FOLDED_MEMO = "folded"


def deobfuscated(doc: Document) -> Normalised:
    """The de-obfuscated view of `doc.text`, built once per check (from its folded view, `folded`) and shared
    between detectors."""
    return doc.memo(DEOBFUSCATED_MEMO, lambda: _undisguise(folded(doc)))


def folded(doc: Document) -> Normalised:
    """The folded view of `doc.text`, built once per check and shared between detectors."""
    return doc.memo(FOLDED_MEMO, lambda: fold(doc.text))


def deobfuscated_in(text: str, memo: dict[str, Any]) -> Normalised:
    """`deobfuscated` for a batch's text before its check starts, kept in the memo its `Document` will start with,
    so the check reuses it rather than building it again."""
    if DEOBFUSCATED_MEMO not in memo:
        if FOLDED_MEMO not in memo:
            memo[FOLDED_MEMO] = fold(text)
        memo[DEOBFUSCATED_MEMO] = _undisguise(memo[FOLDED_MEMO])
    view: Normalised = memo[DEOBFUSCATED_MEMO]
    return view


# --------------------------------------------------------------------------------------------- unhiding

# Upper-case Cyrillic and Greek letters that look like a Latin capital (lower-case ones come from _HOMOGLYPHS).
_UPPER_LOOKALIKES: dict[str, str] = {
    "А": "A", "В": "B", "С": "C", "Е": "E", "Ё": "E", "Н": "H", "І": "I", "Ї": "I", "Ј": "J", "К": "K",
    "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
_PLAIN_PUNCT = {k: v for k, v in _HOMOGLYPHS.items() if not k.isalpha()}
_WORD_RUN = re.compile(r"[^\W_]+")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


def _is_greek_or_cyrillic(ch: str) -> bool:
    return "\u0370" <= ch <= "\u052f"


def _lookalike(ch: str) -> str | None:
    """The Latin letter a Cyrillic or Greek letter passes for, keeping its case (None when it passes for none)."""
    if ch in _UPPER_LOOKALIKES:
        return _UPPER_LOOKALIKES[ch]
    low = _HOMOGLYPHS.get(ch)
    return low if low is not None and len(low) == 1 and low.isalpha() else None


def _unhide_char(ch: str) -> str:
    """What one character becomes before look-alike letters are considered ('' when dropped)."""
    if ch in _DROP or unicodedata.category(ch) in ("Cf", "Mn", "Me"):
        return ""
    if ch in _PLAIN_PUNCT:
        return _PLAIN_PUNCT[ch]
    if unicodedata.category(ch) == "Nd":
        return str(unicodedata.digit(ch))
    if unicodedata.category(ch) == "Zs":
        return " "
    out = unicodedata.normalize("NFKC", ch)
    return "".join(c for c in out if unicodedata.category(c) not in ("Cf", "Mn", "Me"))


def unhide(text: str) -> Normalised:
    """The case-preserving view of `text` with nothing hidden in it (see the module docstring)."""
    if text.isascii():
        return Normalised(text, *_one_to_one(len(text)))
    b = _Builder()
    for i, ch in enumerate(text):
        mapped = ch if ch.isascii() else _unhide_char(ch)
        if not mapped:
            # Dropped: widen the previous character so a span over it covers the invisible character too.
            if b.ends:
                b.ends[-1] = i + 1
            continue
        for m in mapped:
            b.add(m, i, i + 1)
    chars = b.chars
    joined = "".join(chars)
    # Look-alike letters are disguise only inside a word that also holds a Latin letter or a digit.
    for run in _WORD_RUN.finditer(joined):
        word = run.group()
        if word.isascii() or not _LATIN_OR_DIGIT.search(word):
            continue
        for k, ch in enumerate(word):
            if _is_greek_or_cyrillic(ch) and (latin := _lookalike(ch)) is not None:
                chars[run.start() + k] = latin
    return b.build()


UNHIDDEN_MEMO = "unhidden"  # the memo key of a text's unhidden view


def unhidden(doc: Document) -> Normalised:
    """The unhidden view of `doc.text`, built once per check and shared between the personal-data detectors."""
    return doc.memo(UNHIDDEN_MEMO, lambda: unhide(doc.text))
