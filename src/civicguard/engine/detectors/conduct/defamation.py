"""`conduct.defamation`: an allegation of wrongdoing stated against an identifiable person or business.

Catches a sentence holding both

* an allegation: bribes / backhanders / "on the take", fraud, corruption, stealing / theft, "crook",
  "liar" stated as fact, abuser, paedophile, drug dealer, "fiddling expenses", "cooking the books",
  money laundering, criminal; taking money plainly put ("nicked the money from the book sale", "pocketing the
  hall hire money", "kept every penny"); cheating customers ("ripping off pensioners"); faking or forging
  records ("fakes his gas safety certificates", "forged half the signatures"); favours and undeclared interests
  ("handed the contract to his golf buddy", "gives the flats to her mates", "never declared it", "jobs for the
  boys"); where the money goes ("lining his own pockets", "off the books"); selling to children what the law
  forbids with no ID; dumping waste; and
* an identifiable target: a title and name ("Councillor Dave Marsh", "Cllr Smith", "Mrs Jones"), a
  role with a name ("my manager Gary"), a named office holder ("the head of planning", "the leader of
  Sefton Council"), someone known by what they run or stand for ("the woman who runs Haydock Helping Hands",
  "the manager at Dunes leisure centre", "the independent candidate for Derby ward"), a business ("Acme Ltd",
  "Marsh Builders", "Pennington Building Services"), someone placed at work ("Dawn in the lettings team", "Crosby
  library manager", "our director"), a firm known by what it won ("the firm that won the framework"), a business
  placed on its street ("Inkwell on Westfield St"), a vehicle's registration (its keeper), or, only when none of
  those is found, a
  spaCy PERSON or ORG entity (the parse runs only after an allegation word has matched). A pronoun
  ("he", "she") in the sentence after a named target also counts.

Labels: ``person`` or ``business``; attributes ``target`` and ``allegation``. Span: from the first to the
last allegation word of the sentence.

Scored low (below the default threshold): neutral reports attributed to a court or the police ("was
convicted of fraud at Liverpool Crown Court", "charged with theft"), negated claims ("never took bribes"),
and allegations with no identifiable target ("they're all crooks"). Hedged ("I think", "allegedly") and
question forms are scored lower. General opinions without an allegation word ("the plan is a scandal")
are not matched.

Misses: insinuation without the listed words ("we all know where the money went"), targets named only in
an earlier post, nicknames spaCy does not tag, and councils or the government as targets (a public body
cannot sue for defamation, so they are ignored on purpose).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from civicguard.engine.councilmodel import SPAN, with_council_head
from civicguard.engine.detectors.base import Document, Params
from civicguard.engine.detectors.conduct._text import noisy_or, sentences
from civicguard.engine.detectors.council_heads import ReadsCouncilHeads
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.nlp import prepare_reading_parses, reading_parse

_I = re.IGNORECASE

_ALLEGATIONS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\b(?:took|tak(?:e|es|ing)|accept(?:s|ed|ing)?|pa(?:y|ys|id|ying)|offer(?:s|ed|ing)?|"
                r"giv(?:e|es|ing)|gave) (?:a |the |them |him |her )?(?:bribes?|backhanders?|bungs?|kickbacks?)\b|"
                r"\bbrib(?:ed|ery|ing)\b|\bbackhanders?\b|\bkickbacks?\b", _I), 0.85),
    (re.compile(r"\bon the take\b|\bin (?:the )?(?:developer'?s|their|his|her) pocket\b|\bbent\b(?= (?:as|copper|"
                r"councillor|cop))", _I), 0.8),
    (re.compile(r"\b(?:fiddl(?:e|es|ed|ing)|cook(?:s|ed|ing)?|rig(?:s|ged|ging)?) (?:the |his |her |their )?"
                r"(?:expenses|books|accounts|figures|tender|contract|vote|election)\b", _I), 0.85),
    # Not the name of a service that fights fraud ("report it to Action Fraud", "the council's fraud team").
    (re.compile(r"(?<!action )(?<!counter )(?<!counter-)\bfraud(?:ster|ulent(?:ly)?)?s?\b(?!\s+(?:team|unit|hotline"
                r"|line|squad|officers?|investigat\w+|awareness|prevention|week))|\bdefraud(?:s|ed|ing)?\b|\bembezzl(?:e|es|ed|ing|ement)\b|"
                r"\blaunder(?:s|ed|ing)? (?:money|cash)\b|\bmoney[- ]launder(?:ing|er)\b|\bscam(?:mer|mers|ming)\b|"
                r"\bcon ?(?:man|men|artist)\b|\bswindl(?:e|es|ed|ing|er)\b", _I), 0.8),
    (re.compile(r"\bcorrupt(?:ion)?\b", _I), 0.75),
    # "stolen" of someone's doing ("he's stolen the float"), not a kind of property ("stolen bikes are marked").
    (re.compile(r"\b(?:steal(?:s|ing)?|stole|stolen(?!\s+[a-z]+s\b)|thie(?:f|ves|ving)|theft"
                r"|pocket(?:ed|ing|s) (?:the |our )?(?:money|cash|funds))\b", _I), 0.75),
    (re.compile(r"\bcrook(?:s|ed)?\b", _I), 0.75),
    # Taking money that is not theirs, said plainly ("nicked the money from the book sale", "pocketing the hall
    # hire money", "kept every penny", "helps himself to the takings").
    (re.compile(r"\b(?:nick(?:s|ed|ing)?|pinch(?:es|ed|ing)?|pocket(?:s|ed|ing)?|swip(?:es|ed|ing)|"
                r"help(?:s|ed|ing)? (?:him|her|them)sel(?:f|ves) to) (?:the |our |all the |all our |every )?"
                r"(?:[\w'’-]+ ){0,3}(?:money|cash|funds|takings|donations|proceeds|rent|wages|float|collection)\b|"
                r"\bkept (?:every (?:penny|pound|last penny)|all the (?:money|cash|donations))\b", _I), 0.75),
    # Cheating customers, and faking or forging records ("ripping off pensioners", "fakes his gas safety
    # certificates", "forged half the signatures"). Not "selling fakes": trading standards' court results say it.
    (re.compile(r"\brip(?:s|ping|ped)? off (?:pensioners|customers|people|residents|everyone|every|families|the "
                r"elderly|old|vulnerable|tenants|punters|drunks|me|us)\b|\brip(?:s|ping|ped) (?:me|us|them|him|her|"
                r"people|everyone) off\b", _I), 0.7),
    (re.compile(r"\b(?:fak(?:e|es|ed|ing)|forg(?:e|es|ed|ing)|falsif(?:y|ies|ied|ying)|doctor(?:s|ed|ing)) "
                r"(?:[\w'’-]+ ){0,3}(?:signatures?|certificates?|documents?|records?|references?|invoices?|"
                r"receipts?|results?|MOTs?|accounts|timesheets?|papers|paperwork)\b", _I), 0.75),
    (re.compile(r"\b(?:paedo(?:phile)?s?|pedo(?:phile)?s?|nonces?|child abusers?|abusers?|rapists?|"
                r"sex offenders?|drug[- ]dealers?|deal(?:s|ing) drugs|criminals?|gangsters?)\b", _I), 0.8),
    (re.compile(r"\b(?:liars?|lying (?:scum|toe ?rag|git|cheat)|cheats?)\b|\blied (?:to|about|under)\b", _I), 0.6),
    # Favours for friends and undeclared interests: "handed the contract to his golf buddy", "gives the new flats
    # to her mates and family", "never declared it", "jobs for the boys", "brown envelopes".
    (re.compile(r"\b(?:gives?|gave|giving|hand(?:s|ed|ing)?|award(?:s|ed|ing)?|sorted|sorts|got) (?:out )?"
                r"(?:the |a |all the |every )?(?:[\w£'’-]+ ){0,3}(?:contracts?|jobs?|flats?|houses?|homes?"
                r"|bungalows?|properties|overtime|shifts?|promotions?|posts?|tenanc(?:y|ies)|licen[cs]es?|grants?"
                r"|permission|planning|tenders?|work|places?|keys) to "
                r"(?:his|her|their|its) (?:own )?"
                r"(?:[\w-]+ )?(?:mates?|friends?|family|son|daughter|brother|sister|wife|husband|partner|buddy|buddies"
                r"|pals?|cronies|relatives?|nephew|niece|cousin|mate's)\b"
                r"|\bjobs for the boys\b|\bbrown envelopes?\b|\bgreas(?:e|ed|ing) (?:his|her|their|the) palms?\b"
                r"|\b(?:never|didn'?t|did not|failed to|forgot to|conveniently (?:forgot|didn'?t)) (?:even )?declare"
                r"(?:d)?\b|\bbought and paid for\b|\bundeclared (?:interest|gifts?|hospitality)\b", _I), 0.75),
    # Where the money goes: "lining his own pockets", "off the books", "where does the money go".
    (re.compile(r"\blin(?:e|es|ed|ing) (?:his|her|their|its) (?:own )?pockets?\b|\b(?:off|cooked) the books\b"
                r"|\bwhere(?:'s| is| does| did| has)? (?:all )?(?:the|my|our) (?:money|cash|donations) (?:go|going|gone"
                r"|went)\b|\b(?:money|cash|donations|takings) (?:goes|went|going) (?:straight )?in(?:to)? (?:his|her"
                r"|their) (?:own )?pockets?\b", _I), 0.7),
    # Selling to children what the law forbids them: "sells vapes to kids", "tattooed a 15 year old with no ID".
    (re.compile(r"\b(?:sell(?:s|ing)?|sold|serv(?:es|ed|ing)|tattoo(?:s|ed|ing)?|pierc(?:es|ed|ing))\b[^.!?\n]{0,40}?"
                r"\b(?:to |for )?(?:kids|children|minors|under-?ag(?:e|ers?)|school ?kids|\d{1,2}[- ]?(?:yr|year)s?"
                r"[- ]?olds?)\b[^.!?\n]{0,30}?\bno (?:id|ids|questions asked|proof of age)\b", _I), 0.75),
    # Dumping waste, said of someone the reader can identify (a van's registration, a named firm).
    (re.compile(r"\bfly[- ]?tipp(?:ing|ed|ers?)\b|\b(?:dump|tip)(?:s|ed|ped|ping|ing) (?:a |the |their |his |her )?"
                r"(?:[\w-]+ ){0,3}(?:waste|rubbish|rubble|mattress(?:es)?|van ?loads?|asbestos|tyres|bin bags"
                r"|fridges?|sofas?|builders'? waste)\b", _I), 0.7),
]

_TITLE = r"(?:Councillor|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Sir|Dame|Lord|Lady|Mayor|Inspector|Sergeant|" \
    r"Sgt\.?|PC|Professor|Prof\.?|Reverend|Rev\.?|Father|Councilor)"
_NAME = r"[A-Z][a-z'’]+(?:[- ][A-Z][a-z'’]+)?"
_TARGETS: list[tuple[re.Pattern[str], str, float]] = [
    (re.compile(r"\b" + _TITLE + r" (?:[A-Z]\.? ?)?" + _NAME), "person", 1.0),
    (re.compile(r"\b(?i:my|our|the|his|her|their) (?i:line manager|manager|boss|supervisor|team leader|landlord|"
                r"neighbour|colleague|director|headteacher|head teacher|GP|doctor|social worker) " + _NAME),
     "person", 1.0),
    # Someone made identifiable by what they run or stand for ("the woman who runs Haydock Helping Hands", "the
    # manager at Dunes leisure centre", "the independent candidate for Derby ward").
    (re.compile(r"\b(?i:the) (?i:woman|man|bloke|fella|guy|lady|lad|owner|couple) (?i:who|that) "
                r"(?i:runs|ran|owns|owned|manages|managed|organised|organized) (?:the )?"
                r"[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3}"),
     "person", 0.9),
    (re.compile(r"\b(?i:the) (?i:manager|owner|boss|landlord|landlady|head|organiser) (?i:at|of) (?:the )?"
                r"[A-Z][\w&'’-]*(?: [\w&'’-]+){0,2}"), "person", 0.85),
    (re.compile(r"\b(?i:the) (?:\w+ )?(?i:candidate) (?i:for|in) (?:[A-Z][\w&'’-]*\s?)+(?i:ward)?"), "person", 0.85),
    (re.compile(r"\b(?i:the) (?i:head|director|chief executive|leader|deputy leader|chair|chairman|chairwoman|"
                r"manager|boss|owner|mayor|cabinet member|portfolio holder)(?: (?i:of|for) (?:the )?"
                r"(?:[A-Z][\w&'’]*|(?i:planning|housing|highways|finance|regeneration|education|"
                r"children's services|adult social care|waste|parks|licensing|the council))(?: [A-Z][\w&'’]*)*)?"),
     "person", 0.85),
    (re.compile(r"\b(?:[A-Z][\w&'’-]*\s){0,3}(?:Ltd|Limited|PLC|plc|LLP|Builders|Construction|Developments|Homes|"
                r"Motors|Contractors|Group|Estates|Properties|Plumbing|Roofing|Scaffolding|Haulage|Taxis|Cabs|"
                r"Building Services|Gardening|Landscaping|Removals|Garage|Autos|Barbers|Salon|Kitchens|Carpets|"
                r"Joinery|Electrical|Cleaning|Funeral Directors|(?:&|and) Sons?)\b\.?"), "business", 1.0),
]
_TARGETS += [
    # A named person placed at work: "Dawn in the lettings team", "Gail Rimmer in the council planning dept".
    (re.compile(r"\b" + _NAME + r"(?: " + _NAME + r")? (?i:in|from|at|on) (?i:the |our )?(?:[\w'’-]+ ){0,2}"
                r"(?i:team|dept|department|office|section|desk|depot|council)\b"), "person", 0.9),
    # Someone known by their post at a named place: "Crosby library manager", "our illustrious director".
    (re.compile(r"\b(?:[A-Z][\w'’-]+ ){1,3}(?i:library |leisure centre |school |depot |market |surgery |centre |"
                r"pool |gym |pub |club |garage |shop |cafe |café |chippy |takeaway |salon |bar |site )?"
                r"(?i:manager|owner|boss|warden|caretaker|landlord|landlady|head ?teacher)\b"),
     "person", 0.85),
    (re.compile(r"\b(?i:our|my) (?:[a-z]+ )?(?i:director|head of service|chief exec(?:utive)?|procurement lead|"
                r"service manager|section head|team manager|area manager)\b"), "person", 0.85),
    # A firm known by what it won or does: "the firm that won the school uniform framework".
    (re.compile(r"\b(?i:the) (?i:firm|company|contractor|builders?|agency|landlord|garage|shop|supplier) (?i:that|who|"
                r"which) (?i:won|got|does|did|runs|ran|has|had|owns|fitted|built|supplies|supplied)\b"), "business",
     0.85),
    # A business placed on its street: "Inkwell on Westfield St", "Sean's Barbers on Liverpool Road".
    (re.compile(r"\b[A-Z][\w&'’-]*(?: [A-Z&][\w&'’-]*){0,2} (?i:on|in) [A-Z][\w'’-]+ (?:St|Street|Rd|Road|Lane|Ave|"
                r"Avenue|Way|Parade|Precinct|Square)\b"), "business", 0.9),
    # A vehicle's registration identifies its keeper.
    (re.compile(r"\b[A-Z]{2}\d{2} ?[A-Z]{3}\b"), "person", 0.9),
]
_PRONOUN = re.compile(r"\b(?:he|she|they|him|her|them|his|hers|their|he's|she's|they're|the firm|the company)\b",
                      _I)
_PUBLIC_BODY = re.compile(r"\b(?:council|government|parliament|department|nhs|police|borough)\b", _I)

_COURT = re.compile(
    r"\b(?:(?:was|were|been|is|has been|have been|had been) (?:convicted|found guilty|sentenced|jailed|charged|"
    r"cleared|acquitted|arrested|accused|fined|imprisoned)|pleaded (?:guilty|not guilty)|(?:Crown|Magistrates'?|"
    r"County|High|Coroner's) Court|tribunal (?:found|ruled)|according to (?:the )?(?:court|police|judge|"
    r"prosecution|prosecutors|CPS))\b",
    _I,
)
_NEGATION = re.compile(r"\b(?:not|never|no|isn'?t|wasn'?t|didn'?t|doesn'?t|aren'?t|hasn'?t|nothing)\W+(?:\w+\W+)?$",
                       _I)
_HEDGE = re.compile(r"\b(?:allegedly|alleged|I think|I reckon|I believe|I suspect|in my opinion|IMO|seems|"
                    r"might|may have|possibly|rumou?r(?:ed)?|apparently)\b", _I)


class DefamationParams(Params):
    use_ner: bool = True


@register
class DefamationDetector(ReadsCouncilHeads):
    name = "conduct.defamation"
    Params = DefamationParams

    def prepare_batch(self, texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
        super().prepare_batch(texts, memos)
        prepare_reading_parses(texts, memos)

    def detect(self, doc: Document) -> list[Detection]:
        return with_council_head(doc, self._patterns(doc), "defamation", "allegation",
                                 "reads as an allegation of wrongdoing against an identifiable person or business",
                                 {"target": "an identifiable person or business", "allegation": SPAN})

    def _patterns(self, doc: Document) -> list[Detection]:
        text = doc.text
        out: list[Detection] = []
        spans = sentences(doc)
        previous_target: tuple[str, str, float] | None = None
        for s, e in spans:
            hits: list[tuple[re.Match[str], float]] = []
            for pattern, weight in _ALLEGATIONS:
                for m in pattern.finditer(text, s, e):
                    if _NEGATION.search(text, max(s, m.start() - 20), m.start()):
                        continue
                    hits.append((m, weight))
            target = self._target(doc, s, e, ner=bool(hits))
            if not hits:
                previous_target = target or previous_target
                continue
            via_pronoun = False
            if target is None and previous_target is not None and _PRONOUN.search(text, s, e):
                target, via_pronoun = previous_target, True
            if target is None:
                continue
            previous_target = target
            name, label, certainty = target
            hits.sort(key=lambda h: h[0].start())
            start, end = hits[0][0].start(), max(m.end() for m, _ in hits)
            conf = noisy_or(w for _, w in hits) * certainty * (0.9 if via_pronoun else 1.0)
            why = f"alleges wrongdoing ({', '.join(m.group(0) for m, _ in hits)}) against {name}"
            if _COURT.search(text, s, e):
                conf = min(conf, 0.25)
                why += ", but reports it with attribution to a court or the police"
            else:
                if _HEDGE.search(text, s, e):
                    conf -= 0.15
                if text[s:e].rstrip().endswith("?"):
                    conf -= 0.2
            out.append(Detection(start, end, round(max(conf, 0.05), 3), label, why,
                                 {"target": name, "allegation": hits[0][0].group(0)}))
        return out

    def _target(self, doc: Document, s: int, e: int, *, ner: bool) -> tuple[str, str, float] | None:
        text = doc.text
        for pattern, label, certainty in _TARGETS:
            m = pattern.search(text, s, e)
            if m and not _PUBLIC_BODY.search(m.group(0)):
                return m.group(0).strip().rstrip("."), label, certainty
        if not ner or not self.params.use_ner:  # type: ignore[attr-defined]
            return None
        # Cheap pre-filter: a capitalised word that does not start the sentence.
        if not re.search(r"\s[A-Z][a-z]", text[s:e]):
            return None
        view, sdoc = reading_parse(doc)
        for ent in sdoc.ents:
            start, end = view.to_original(ent.start_char, ent.end_char)
            if start < s or end > e or ent.label_ not in ("PERSON", "ORG"):
                continue
            if _PUBLIC_BODY.search(ent.text):
                continue
            return doc.text[start:end], "person" if ent.label_ == "PERSON" else "business", 0.9
        return None
