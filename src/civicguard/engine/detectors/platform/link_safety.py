"""``platform.links``: links on an official post that a reader cannot trust at a glance.

One detector, three kinds (the rule's ``kind`` parameter), because each kind has its own severity and remedy:

* ``http``: a plain ``http://`` address. The page travels unencrypted, can be read or changed on the way, and
  browsers mark it "Not secure". Remedy: "Use the https:// address."
* ``shortener``: an address on a link shortener (bit.ly, tinyurl.com, t.co, ow.ly, goo.gl... the list
  ``disclosure.links`` keeps), with a path: the reader cannot see where it goes, and the destination can be
  changed after the post is approved. "bit.ly" named without a path is a mention, not a link, and is not
  reported. Remedy: "Link to the full address, not a shortener."
* ``lookalike``: an address that imitates the council's own domain (the pack's ``facts.council_domains``, with
  its e-mail domains and published websites) but is not it or one of its sub-domains:

  - the council's domain written into another address, with its dots and hyphens moved
    (``st-helens.gov.uk``, ``sthelens-gov.uk``, ``sthelens.gov.uk.example.com``, ``www-sthelens-gov-uk.com``);
  - the same with look-alike characters: digits for letters (``sthe1ens.gov.uk``), Cyrillic or Greek letters
    (``sthеlens.gov.uk`` with a Cyrillic е), accented letters, ``rn`` for ``m``, ``vv`` for ``w``, a capital I
    for a small l, and the punycode (``xn--``) form of any of these;
  - one letter off the whole domain (``sthelen.gov.uk``), for a council name of 7 letters or more (one letter
    off a short name is another place: Sefton, Seaton);
  - the council's name with a council word as a site's whole name (``sthelenscouncil.com``,
    ``sefton-gov.co.uk``);
  - the council's domain shown before an ``@`` (``https://sthelens.gov.uk@evil.example``), where the browser
    goes to the host after the ``@``.

  Remedy: "This address imitates the council's website: check it."

Links attached to the post but missing from its text are judged too (reported at 0, 0).

Measured on the council evaluation set (data/council, train, validation and test: 3,963 items of every
channel, with each pack's facts): every item reported is one the set labels ``inappropriate_link``: look-alike
5 of 5 (all comments: ``sefton.gov.uk.verify-account.ru``, ``sthelens-gov-uk.com``...), http 8 of 8, shortener
23 of 23. Through the packs' rules (official posts only), on the set's 697 official posts and the 30 examples of
council-posts/dev.jsonl (56 with an address), the only reports are 8 shorteners on posts labelled
``inappropriate_link``, which the existing ``links.inappropriate`` rule already blocks: no post gains a category.

Misses: look-alikes of a domain the pack does not list; a look-alike two letters or more off a name
(``stheiems.gov.uk``), or one letter off a name under 7 letters (``sefron.gov.uk``); the council's name joined to
other words (``sthelens-libraries-login.com``, which ``disclosure.links`` reports as a scam); where an address
really leads (no network look-ups, by design).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.platform._addresses import (
    SHORTENERS,
    Address,
    addresses,
    one_edit,
    site_labels,
    under,
)
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.packs.schema import Facts


class LinkSafetyParams(Params):
    kind: Literal["http", "shortener", "lookalike"]


# Letters and digits that pass for others in a web address; both sides are mapped before comparing.
_CONFUSABLE = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "l", "ј": "j", "ѕ": "s",
    "һ": "h", "ӏ": "l", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ο": "o", "α": "a", "ν": "v", "ι": "l", "κ": "k",
    "τ": "t", "ρ": "p", "ε": "e", "υ": "u", "ı": "l", "ł": "l", "ɡ": "g", "0": "o", "1": "l", "3": "e",
    "5": "s", "i": "l", "|": "l",
})
# Words that make a site's name read as the council's own (``sthelenscouncil``, ``seftongov``).
_COUNCIL_WORDS = ("council", "gov", "govuk", "borough", "mbc")
_SEPARATORS = re.compile(r"[.\-_]")
# One letter off a short name is another place (Sefton, Seaton): allowed from this many letters.
_TYPO_NAME_LETTERS = 7


def _unpunycode(host: str) -> str:
    return ".".join(_label(label) for label in host.split("."))


def _label(label: str) -> str:
    """One label of a host name, decoded from punycode (``xn--...``) when it is one."""
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return label


def skeleton(host: str) -> str:
    """`host` as it looks: punycode decoded, accents dropped, look-alike characters mapped to the letters they
    imitate (``xn--sthlens-dya.gov.uk`` and ``sthe1ens.gov.uk`` both give ``sthelens.gov.uk``, read with l for i)."""
    text = unicodedata.normalize("NFKD", _unpunycode(host.lower()))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().translate(_CONFUSABLE)
    return text.replace("rn", "m").replace("vv", "w")


def _flat(text: str) -> str:
    return _SEPARATORS.sub("", text)


def _tails(host: str) -> Iterable[str]:
    """`host` from its start and from after each dot, hyphen or underscore, without separators."""
    yield _flat(host)
    for m in _SEPARATORS.finditer(host):
        yield _flat(host[m.end():])


def imitates(a: Address, domains: Iterable[str]) -> tuple[float, str] | None:
    """How sure we are that `a` imitates one of the council's `domains`, and why, or None."""
    domains = tuple(domains)
    if not domains or under(a.host, domains):
        return None
    seen = skeleton(a.host.removeprefix("www."))
    shown = _unpunycode(a.host)
    host = f"{a.host} ({shown})" if shown != a.host else a.host
    for domain in domains:
        real = skeleton(domain)
        whole, name = _flat(real), _flat(real.split(".")[0])
        if any(tail.startswith(whole) for tail in _tails(seen)):
            return 0.95, f"{host} is made to look like {domain}, the council's address, but is a different site"
        if len(name) >= _TYPO_NAME_LETTERS and any(
                one_edit(tail[:size], whole) for tail in _tails(seen) for size in (len(whole) - 1, len(whole) + 1,
                                                                                  len(whole)) if size <= len(tail)):
            return 0.85, f"{host} is one letter off {domain}, the council's address"
        site = _flat(".".join(site_labels(seen)))
        for word in _COUNCIL_WORDS:
            for fake in (name + skeleton(word), skeleton(word) + name):
                if site == fake or (len(name) >= _TYPO_NAME_LETTERS and one_edit(site, fake)):
                    return 0.85, f"{host} uses the council's name like its own website ({domain}) but is not it"
        if a.userinfo and _flat(real) in _flat(skeleton(a.userinfo)):
            return 0.95, f"the link shows {domain}, the council's address, but goes to {a.host}"
    return None


def council_domains(facts: Facts | None) -> tuple[str, ...]:
    """The council's own domains: `council_domains`, its e-mail domains and its published websites."""
    if facts is None:
        return ()
    found = [*facts.council_domains, *facts.email_domains]
    found += [w.lower().split("/")[0].removeprefix("www.") for w in facts.published_contacts.websites]
    return tuple(dict.fromkeys(d for d in found if d))


@register
class LinkSafetyDetector(Detector):
    name = "platform.links"
    Params = LinkSafetyParams

    def detect(self, doc: Document) -> list[Detection]:
        assert isinstance(self.params, LinkSafetyParams)
        kind = self.params.kind
        domains = council_domains(doc.facts) if kind == "lookalike" else ()
        out = []
        for a in addresses(doc.content):
            judged = self._judge(kind, a, domains)
            if judged is not None:
                confidence, why = judged
                out.append(Detection(a.start, a.end, confidence, label=kind, explanation=why,
                                     attributes={"link": a.raw, "host": a.host}))
        return out

    @staticmethod
    def _judge(kind: str, a: Address, domains: tuple[str, ...]) -> tuple[float, str] | None:
        if kind == "http":
            if a.scheme != "http":
                return None
            return 1.0, (f"{a.raw} starts with http://, so the page is not encrypted: it can be read or changed "
                         "on its way to the reader, and browsers mark it 'Not secure'. Use the https:// address.")
        if kind == "shortener":
            if a.host.removeprefix("www.") not in SHORTENERS or a.path in ("", "/"):
                return None
            return 1.0, (f"{a.host} is a link shortener: readers cannot see where the link goes, and where it "
                         "goes can be changed after the post is approved. Link to the full address, not a "
                         "shortener.")
        found = imitates(a, domains)
        if found is None:
            return None
        confidence, why = found
        return confidence, f"{why}. This address imitates the council's website: check it."
