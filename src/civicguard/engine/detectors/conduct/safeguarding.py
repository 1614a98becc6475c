"""`conduct.safeguarding`: disclosures that someone may be at risk of harm.

Catches, first-person or about someone else:

* ``self_harm``: suicide or self-harm risk ("I want to end it all", "kill myself", "no reason to live",
  "better off dead", "self harming", "cutting myself", "took an overdose", "suicidal");
* ``child_abuse`` / ``adult_abuse``: an abuse or neglect indicator (bruises, left alone, hitting, touching,
  neglect, "scared to go home", starved, locked in) in the same sentence as a child (girl, son, kids...) or a
  vulnerable adult (elderly neighbour, mum with dementia, care home resident...);
* ``domestic_abuse``: domestic abuse or violence, or a partner who hits, threatens or controls;
* ``exploitation``: grooming, county lines, trafficking, modern slavery, cuckooing, sexual/criminal
  exploitation;
* ``missing_person``: a child or an adult at risk missing ("hasn't come home from school", "missing since this
  morning", "last seen near the precinct", "ran away from home again") with the person it is said of in the same
  or the previous sentence (a child word, an adult at risk, "our Jade (14)", "only 12"); not a pet, a lost thing,
  a student not back from university, or a council's "if someone goes missing, call 101";
* ``looked_after_identified``: in the council's own voice or a member of staff's (official posts, replies,
  personal posts), a child in care or a care leaver made identifiable: a care status that marks the child
  ("lives with foster carers", "from our children's home", "one of our children looked after", "care leaver")
  beside a name or an age in the same or a neighbouring sentence (Sefton 5.5.4.8 and 5.5.4.10, St Helens 6.20:
  a cared-for child's name and image never go on social media). Foster carers named in their own right
  ("congratulations to foster carers Pat and Brian"), recruitment and awareness posts, and "looked after by
  National Highways" name no child in care and are not flagged; an age over 25 is an adult's. A foster parent
  speaking as one ("proud foster mum moment") identifies the child by a child's age beside it ("our Tyler (11)"),
  not by a name, which may be the carer's own. Misses: a child identified only by a photo, or
  by details spread over more than three sentences.

Not fooled by figures of speech ("this traffic is killing me", "I could kill for a coffee", "dead tired",
"kill myself laughing") or by institutional mentions (suicide prevention training, awareness weeks,
the safeguarding board, "if you are experiencing domestic abuse call ..."), which are scored below the
default threshold.

Misses: disclosures with no keyword (a child "always hungry" with no further sign), heavy misspelling or
obfuscation, indicators whose subject is only named in an earlier sentence ("Her mum shouts. She has
bruises." is caught only when a child word is in the same or the previous sentence), and euphemism with no
other sign (a farewell alone, "said my goodbyes", is weighed below the threshold; beside "can't do any of it
anymore" it is a risk).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from civicguard.engine.councilmodel import KIND_WORDS, doc_scores, with_council_head
from civicguard.engine.detectors.base import Document, Params
from civicguard.engine.detectors.conduct._text import noisy_or, sentences, words
from civicguard.engine.detectors.council_heads import ReadsCouncilHeads
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.nlp import reading_parse

_I = re.IGNORECASE
LABELS = ("child_abuse", "adult_abuse", "self_harm", "domestic_abuse", "exploitation", "missing_person",
          "looked_after_identified")

_SELF = words("my", "him", "her", "them", "your", "our", "it")
_SELF_HARM: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\b(?:end(?:ing)?|ended) (?:it all|my (?:own )?life|(?:his|her|their) (?:own )?life"
                r")\b", _I), 0.85),
    (re.compile(r"\bkill(?:ing|ed)? (?:my|him|her|them|your|our)sel(?:f|ves)\b(?! laughing)", _I), 0.9),
    (re.compile(r"\btak(?:e|ing) (?:my|his|her|their) (?:own )?life\b", _I), 0.85),
    (re.compile(r"\bno (?:reason|point) (?:to|in) (?:liv(?:e|ing)|go(?:ing)? on|carry(?:ing)? on)\b|"
                r"\bnothing (?:left )?to live for\b", _I), 0.8),
    (re.compile(r"\bbetter off (?:dead|without me)\b", _I), 0.85),
    (re.compile(r"\b(?:want(?:s|ed)?|wanna|going|gonna|ready) (?:to )?die\b", _I), 0.75),
    (re.compile(r"\bdon'?t want to (?:be here|live|wake up|be alive)(?: any ?more)?\b", _I), 0.8),
    (re.compile(r"\bcan'?t (?:go on|carry on|cope|take (?:it|this)|do (?:it|this|any of (?:it|this)))"
                r"(?: any ?more| like this)\b|\bcan'?t go on\s*(?:[.!]|$)", _I), 0.6),
    # Farewells: weak alone ("said our goodbyes to nan"), a risk beside any other sign.
    (re.compile(r"\b(?:said|saying|say) (?:my|me) (?:last )?goodbyes?\b|\bthis is (?:my|me) goodbye\b|"
                r"\b(?:look after|take care of) (?:my|me) (?:dog|cat|kids?|children|mum|dad) for me\b", _I), 0.45),
    (re.compile(r"\bself[- ]?harm(?:ing|ed|s)?\b", _I), 0.8),
    (re.compile(r"\b(?:harm(?:ing|ed)?|hurt(?:ing)?|cut(?:ting)?|burn(?:ing|t)?) " + _SELF + r"sel(?:f|ves)\b",
                _I), 0.85),
    (re.compile(r"\b(?:(?:take|taking|took|taken|had|have) an overdose|overdos(?:e|ed|ing) on)\b", _I), 0.85),
    (re.compile(r"\boverdos(?:e|ed|ing)\b", _I), 0.6),
    (re.compile(r"\bsuicid(?:e|al)\b", _I), 0.8),
    # Said without the words: the ways people put it when they mean it.
    (re.compile(r"\bwon'?t be (?:around|here) (?:much longer|for (?:much )?longer|for long|by|after|next|tomorrow)\b",
                _I), 0.7),
    (re.compile(r"\b(?:going to|gonna|want(?:s|ed)? to|wanna|thinking (?:about|of)|ready to) end(?:ing)? "
                r"(?:it|things|everything)\b", _I), 0.75),
    (re.compile(r"\b(?:saved|saving|stockpil\w*|hoard\w*|collect(?:ed|ing)) (?:up )?(?:all )?"
                r"(?:my |me |enough |her |his )?(?:pills|tablets|paracetamol|meds|medication)\b", _I), 0.75),
    (re.compile(r"\b(?:jump(?:ing)?|throw(?:ing)? (?:my|him|her)self) (?:off|from|in front of) (?:the|a) "
                r"(?:bridge|train|building|roof|multi[- ]?storey|car park|cliff|motorway)\b", _I), 0.85),
    (re.compile(r"\b(?:life (?:is(?:n'?t| not)|'s not)|not) worth living\b|"
                r"\b(?:tired|sick) of (?:living|being alive)\b", _I), 0.75),
    (re.compile(r"\b(?:no ?one|nobody) (?:would|will|'d) (?:miss|notice|care)(?: if)? "
                r"(?:me|i (?:was|were) gone|i died)\b", _I), 0.75),
    (re.compile(r"\bwant(?:s|ed)? to disappear (?:forever|for good)\b|"
                r"\bhang(?:ing)? (?:my|him|her|them)sel(?:f|ves)\b", _I), 0.8),
]

_CHILD = re.compile(
    r"\b(?:(?:little|young|small) (?:girl|boy|one|lad|lass|kid|child)s?|child(?:ren)?|kids?|bab(?:y|ies)|"
    r"toddlers?|infants?|(?:grand|step)?(?:son|daughter)s?|(?:grand)?child|girl|boy|teen(?:ager)?s?|"
    r"pupils?|niece|nephew|youngsters?|young (?:person|people)|minor|(?:she|he)(?:'s| is) only \d{1,2}|"
    r"aged? \d{1,2}|\d{1,2}[- ]years?[- ]old)\b",
    _I,
)
_ADULT = re.compile(
    r"\b(?:elderly|old(?:er)? (?:man|woman|lady|gentleman|person|people|neighbour|couple)|pensioners?|"
    r"vulnerable (?:adult|man|woman|person|people|neighbour|resident)s?|(?:care|nursing) home|residents? of|"
    r"(?:with|has|have) (?:dementia|alzheimer'?s|learning disabilit(?:y|ies))|disabled (?:man|woman|person|"
    r"neighbour|brother|sister|son|daughter)|(?:my|his|her|their) (?:nan|nana|gran|grandma|grandad|granddad|"
    r"grandfather|grandmother)|(?:mum|dad|mother|father) (?:with|has) dementia|carers?)\b",
    _I,
)
_PARTNER = re.compile(
    r"\b(?:(?:my|her|his|their) (?:partner|husband|wife|boyfriend|girlfriend|fiance|fiancee|ex)|"
    r"domestic (?:abuse|violence))\b",
    _I,
)

_HIT = r"(?:hit|hits|hitting|beat|beats|beating|beaten|slap(?:s|ped|ping)?|punch(?:es|ed|ing)?|kick(?:s|ed|ing)?|" \
    r"smack(?:s|ed|ing)?|shak(?:e|es|ing|en)|shook|throttl(?:e|es|ed|ing)|chok(?:e|es|ed|ing)|strangl(?:e|es|ed|ing)" \
    r"|hurt(?:s|ing)?|batter(?:s|ed|ing)?|burn(?:s|ed|t))"
_OBJ = r"(?:her|him|them|me|us|the (?:kids?|child(?:ren)?|baby|little (?:girl|boy|one)s?)|(?:his|her|their) " \
    r"(?:kids?|child(?:ren)?|son|daughter|baby|mum|dad|nan|gran|wife|husband|partner))"
_ABUSE_SIGNS: list[tuple[re.Pattern[str], float, bool]] = [
    # (pattern, weight, stands alone without a named victim)
    (re.compile(r"\bbruis(?:e|es|ed|ing)\b|\bblack eyes?\b|\bburn marks\b|\bmarks on (?:her|his|their)\b", _I),
     0.6, False),
    (re.compile(r"\b(?:left|leaves|leaving) (?:alone|on (?:her|his|their) own|home alone|unattended|"
                r"by (?:her|him|them)sel(?:f|ves))\b|\bhome alone\b", _I), 0.6, False),
    (re.compile(r"\b" + _HIT + r" " + _OBJ + r"\b", _I), 0.7, True),
    (re.compile(r"\b(?:being|been|was|were|gets?|got|getting) " + _HIT + r"\b", _I), 0.6, False),
    (re.compile(r"\b(?:touch(?:es|ed|ing)?) (?:her|him|them|me|kids|children)\b(?! up)", _I), 0.55, False),
    (re.compile(r"\b(?:inappropriate(?:ly)? touch(?:ing|ed)?|touch(?:es|ed|ing)? (?:her|him|them|me) "
                r"inappropriately|sexual(?:ly)? (?:abus(?:e|ed|ing)|assault(?:ed)?)|molest(?:s|ed|ing|er)?|"
                r"rap(?:e|ed|ing))\b", _I), 0.9, True),
    (re.compile(r"\bneglect(?:s|ed|ing)?\b", _I), 0.6, False),
    (re.compile(r"\b(?:scared|afraid|frightened|terrified) (?:to go|of going) home\b|"
                r"\bdo(?:es)?n'?t want to go home\b", _I), 0.8, True),
    (re.compile(r"\b(?:locked (?:in|out|up)|starv(?:ed|ing)|not (?:been )?fed|no food (?:in the house|for)|"
                r"screaming at (?:her|him|them)|shouting at (?:her|him|them) (?:all|every))\b", _I), 0.55, False),
    (re.compile(r"\babus(?:e|es|ed|ing|ive)\b|\bill[- ]?treat(?:s|ed|ing|ment)?\b|\bmistreat(?:s|ed|ing)?\b",
                _I), 0.65, False),
]
# A child or an adult at risk missing: not home when they should be, reported or gone missing, last seen. It counts
# only with a person it can be said of (a child, an adult at risk, or an age in brackets) and no pet in view.
_MISSING = re.compile(
    r"\b(?:(?:has|have|had|is|are|was|were)(?:n'?t| not)|not) (?:come|came|been|got|gotten|made it) "
    r"(?:back|home|in)\b(?! (?:yet )?(?:from (?:uni|university|college|holiday|abroad|travelling|work)|"
    r"for (?:christmas|easter|the holidays|summer|the weekend)))|"
    r"\b(?:has|have|had|is|'s|been|was|were|gone|went|go|goes|reported|now) missing\b|\bmissing since\b|"
    r"\blast seen\b|\b(?:ran|run|runs|running) away from (?:home|(?:his|her|their) (?:home|placement|carers?))\b|"
    r"\b(?:no ?one|nobody) (?:has|'s|have) (?:seen|heard from) (?:him|her|them)\b",
    _I,
)
_YOUNG_ONE = re.compile(r"\(\s*\d{1,2}\s*\)|\bonly \d{1,2}\b|\b(?:lad|lass|our (?:kid|lad|girl|boy))\b", _I)
_PET = re.compile(r"\b(?:cats?|dogs?|pupp(?:y|ies)|kittens?|pets?|tortoise|parrot|budgie|rabbit|hamster|horse|"
                  r"pony|ferret|tabby|spaniel|terrier|collie|lab(?:rador)?|microchipped|collar)\b", _I)

_DOMESTIC: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\bdomestic (?:abuse|violence)\b", _I), 0.75),
    (re.compile(r"\bcoercive(?: and controlling)? (?:control|behaviour)\b", _I), 0.75),
    (re.compile(r"\b(?:partner|husband|wife|boyfriend|girlfriend|fiance|fiancee|ex)(?: \w+){0,2} (?:"
                + _HIT + r"|threaten(?:s|ed|ing)|control(?:s|led|ling)|won'?t let me)\b", _I), 0.8),
    (re.compile(r"\b(?:scared|afraid|frightened|terrified) of (?:my|her|his) (?:partner|husband|wife|boyfriend|"
                r"girlfriend|ex)\b", _I), 0.8),
]
_EXPLOIT: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\b(?:being |been |was |were )?groom(?:ed|ing)\b(?! (?:salon|parlour|services?|the dog))", _I), 0.7),
    (re.compile(r"\b(?:child|sexual|criminal|financial) exploitation\b|\b(?:being|been|is|are|was|were) "
                r"exploited\b", _I), 0.75),
    (re.compile(r"\bcounty lines\b|\btraffick(?:ed|ing)\b|\bmodern slavery\b|\bcuckoo(?:ing|ed)\b", _I), 0.75),
    (re.compile(r"\bforced to (?:work|sell|carry|deliver|have sex|sleep with)\b", _I), 0.8),
    (re.compile(r"\b(?:older|grown) (?:men|man|lads) (?:giving|buying|picking) (?:her|him|them) (?:up|gifts|"
                r"drinks?|alcohol|drugs|phones?|lifts)\b", _I), 0.8),
]
_DOG_GROOMING = re.compile(r"\b(?:dog|pet|puppy|horse|cat)s?'? groom", _I)

# Institutional, signposting or figurative contexts: the keyword is not a disclosure.
_INSTITUTIONAL = re.compile(
    r"\b(?:awareness|prevention|training|course|webinar|workshop|conference|campaign|strategy|policy|policies|"
    r"board|partnership|helpline|hotline|charity|charities|fundrais\w*|statistics|figures|research|"
    r"(?:action|awareness) (?:week|month|day)|world \w+ day|documentary|(?:support|specialist) services?|"
    r"if you(?:'re| are)? (?:worried|concerned|experiencing|affected|struggling|feeling)|"
    r"if you or someone|someone you know|signpost\w*|samaritans|refuge|"
    r"film|novel|book|episode|series|song)\b",
    _I,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'll|me|my)\b")
# The council's own voice (official posts and replies) telling people what to look for and where to go: read over
# the whole post, since an awareness post's signposting is rarely in the sentence that names the harm.
_COUNCIL_AWARENESS = re.compile(
    r"\b(?:(?:know|spot|learn|recognise|recognize) the signs|signs (?:of|to look (?:out )?for)|"
    r"(?:report|call|contact|speak to|talk to) (?:it|us|them|the police|our|101|999|0800|crimestoppers)|"
    r"find out more|more (?:information|info|advice)|(?:free|confidential)(?:,? \w+)? (?:advice|support|helpline)|"
    r"you are not alone|help is available|get (?:help|support))\b",
    re.IGNORECASE,
)


# A care status that marks a child or young person as looked after or care-experienced (not a foster carer named in
# their own right, not a recruitment call, not "looked after by" a road authority).
_CARE_STATUS = re.compile(
    r"\bchildren'?s homes?\b|\b(?:residential|care) homes? for (?:children|young people)\b|"
    r"\b(?:child|children|young (?:people|person)|kids?|(?:boy|girl|lad|teen)s?) (?:we )?looked after\b|"
    r"\blooked[- ]after (?:child|children|young|kids?|teen|boy|girl|lad)|"
    r"\b(?:child|children|young (?:people|person)|kids?) in (?:our |local authority |foster |residential )?care\b|"
    r"\b(?:lives?|living|placed|staying|stays|settled|is|are|still) (?:with|in) (?:his|her|their|a|an|our|new) "
    r"(?:new )?foster (?:carers?|famil(?:y|ies)|placements?|homes?|mum|dad|parents?)\b|"
    r"\bfrom (?:one of )?our foster (?:famil(?:y|ies)|carers?|homes?)\b|"
    r"\bfoster (?:placement|home)s?\b|\b(?:was|were|been|being) fostered\b|"
    r"\bfoster (?:son|daughter|child(?:ren)?|kids?|boy|girl|lad|lass|bab(?:y|ies)|teen)s?\b|"
    r"\bcare[- ]leavers?\b|\bcare[- ]experienced\b|\bleaving care (?:team|service)?\b|"
    r"\b(?:special guardianship|kinship care) (?:order|placement)s?\b|\bvirtual school\b",
    _I,
)
# A foster parent speaking as one: the child they foster is in care, but a name near it may be the carer's own, so
# only a child's age beside it identifies the child ("Proud foster mum moment! Our Tyler (11) scored twice").
_CARER_STATUS = re.compile(r"\b(?:proud|being a|as a|i'?m a|we'?re) foster (?:mum|mom|dad|parents?|carers?)\b", _I)
# What makes one child identifiable beside a care status: an age, written the ways posts give it.
_AGE = re.compile(
    r"\b(?:aged?|age) \d{1,2}\b|\b\d{1,2}[- ]?(?:year|yr)s?[- ]old\b|\(\s*\d{1,2}\s*[,)]|"
    r"\b(?:he|she|they)(?:'s|'re| is| are| was| were| turned| turns) \d{1,2}\b|\byear \d{1,2}\b|, \d{1,2},",
    _I,
)
# An age that describes a group, not one child: a range or a limit ("aged 18 to 25", "up to age 25", "16+").
_AGE_RANGE_AFTER = re.compile(
    r"\s*(?:(?:to|-|\u2013|and|or)\s*\d|\+|(?:and|or) (?:over|under|above|below|older|younger))", _I)
_AGE_LIMIT_BEFORE = re.compile(r"(?:up to|under|over|from|between|below|above|until|or older|or younger)\s*$", _I)
_CARE_CHANNELS = ("official", "reply", "personal")
CARE_LEAVER_MAX_AGE = 25  # a care leaver has support up to this age; an older person named is not a child in care
CHILD_MAX_AGE = 17
_ADULT_ROLE = re.compile(r"\bfoster carers?\s*$|\bcarers?\s*$|\bsocial workers?\s*$|\bmanager\s*$", _I)


class SafeguardingParams(Params):
    min_confidence: float = 0.0


@register
class SafeguardingDetector(ReadsCouncilHeads):
    name = "conduct.safeguarding"
    Params = SafeguardingParams

    def detect(self, doc: Document) -> list[Detection]:
        kind, _ = doc_scores(doc).safeguarding_kind
        return with_council_head(doc, self._patterns(doc), "safeguarding", kind,
                                 f"may be a disclosure of {KIND_WORDS.get(kind, 'a risk of harm')}",
                                 {"kind": KIND_WORDS.get(kind, "a risk of harm")})

    def _patterns(self, doc: Document) -> list[Detection]:
        text = doc.text
        out: list[Detection] = []
        spans = sentences(doc)
        if doc.context.channel in _CARE_CHANNELS:
            out.extend(_looked_after(doc, spans))
        council_voice = doc.context.channel in ("official", "reply") and (
            _INSTITUTIONAL.search(text) is not None or _COUNCIL_AWARENESS.search(text) is not None)
        for i, (s, e) in enumerate(spans):
            institutional = council_voice or _INSTITUTIONAL.search(text, s, e) is not None
            first_person = _FIRST_PERSON.search(text, s, e) is not None
            # Self-harm and suicide.
            hits = [(m, w) for p, w in _SELF_HARM for m in [p.search(text, s, e)] if m]
            if hits:
                out.append(self._emit(hits, "self_harm", institutional and not first_person,
                                      "mentions suicide or self-harm in a way that may be a risk disclosure"))
            # Domestic abuse.
            hits = [(m, w) for p, w in _DOMESTIC for m in [p.search(text, s, e)] if m]
            if hits:
                out.append(self._emit(hits, "domestic_abuse", institutional and not first_person,
                                      "describes domestic abuse or a controlling or violent partner"))
            # Exploitation.
            hits = [(m, w) for p, w in _EXPLOIT for m in [p.search(text, s, e)] if m]
            hits = [(m, w) for m, w in hits if not _DOG_GROOMING.search(text, max(s, m.start() - 12), m.end())]
            if hits:
                out.append(self._emit(hits, "exploitation", institutional,
                                      "describes grooming or exploitation of a person"))
            # A child or an adult at risk missing.
            missing = _MISSING.search(text, s, e)
            if missing is not None:
                found = self._missing(text, spans, i, missing, institutional and not first_person)
                if found is not None:
                    out.append(found)
            # Abuse or neglect of a child or vulnerable adult.
            signs = [(m, w, alone) for p, w, alone in _ABUSE_SIGNS for m in [p.search(text, s, e)] if m]
            if not signs:
                continue
            ps = spans[i - 1][0] if i > 0 else s  # the subject may be named in the previous sentence
            child = _CHILD.search(text, s, e) or _CHILD.search(text, ps, s)
            adult = _ADULT.search(text, s, e) or _ADULT.search(text, ps, s)
            subject = child or adult
            if subject is None:
                if not any(alone for _, _, alone in signs) or _PARTNER.search(text, ps, e):
                    continue  # a partner: left to the domestic-abuse patterns
                label = "child_abuse"
                weights = [w - 0.1 for _, w, _ in signs]
            else:
                label = "child_abuse" if child is not None else "adult_abuse"
                weights = [w + 0.1 for _, w, _ in signs]
            if len(signs) > 1:
                weights.append(0.3)
            start = min([m.start() for m, _, _ in signs] + ([subject.start()] if subject and subject.start() >= s
                                                              else []))
            end = max(m.end() for m, _, _ in signs)
            conf = noisy_or(weights)
            if institutional and not first_person:
                conf = min(conf, 0.3)
            who = "a child" if label == "child_abuse" else "a vulnerable adult"
            out.append(Detection(start, end, round(conf, 3), label,
                                 f"describes possible abuse or neglect of {who} "
                                 f"({', '.join(m.group(0) for m, _, _ in signs)})",
                                 {"kind": label.replace("_", " ")}))
        floor = self.params.min_confidence  # type: ignore[attr-defined]
        return [d for d in out if d.confidence >= floor]

    @staticmethod
    def _missing(text: str, spans: Sequence[tuple[int, int]], i: int, missing: re.Match[str],
                 damp: bool) -> Detection | None:
        """A person at risk missing: the words say someone is not back or has gone missing, and the sentence or
        the one before says who (a child, an adult at risk, an age in brackets) and names no pet."""
        s, e = spans[i]
        ps = spans[i - 1][0] if i > 0 else s
        if _PET.search(text, ps, e):
            return None
        subject = (_CHILD.search(text, s, e) or _ADULT.search(text, s, e) or _YOUNG_ONE.search(text, s, e)
                   or _CHILD.search(text, ps, s) or _ADULT.search(text, ps, s) or _YOUNG_ONE.search(text, ps, s))
        if subject is None:
            return None
        start, end = min(missing.start(), subject.start()), max(missing.end(), subject.end())
        conf = 0.3 if damp else 0.7
        why = "says a child or an adult at risk is missing"
        if damp:
            why += " (but reads as an institutional or signposting mention)"
        return Detection(start, end, conf, "missing_person", f"{why} ({missing.group(0)})",
                         {"kind": "a missing child or adult at risk"})

    @staticmethod
    def _emit(hits: list[tuple[re.Match[str], float]], label: str, damp: bool, why: str) -> Detection:
        start = min(m.start() for m, _ in hits)
        end = max(m.end() for m, _ in hits)
        conf = noisy_or(w for _, w in hits)
        if damp:
            conf = min(conf, 0.3)
            why += " (but reads as an institutional or signposting mention)"
        return Detection(start, end, round(conf, 3), label,
                         f"{why}: {', '.join(m.group(0) for m, _ in hits)}", {"kind": label.replace("_", " ")})


def _individual_age(text: str, lo: int, hi: int, oldest: int) -> re.Match[str] | None:
    """The first age in text[lo:hi] that is one person's, not a range or a limit that describes a group, and not
    over `oldest`."""
    for m in _AGE.finditer(text, lo, hi):
        if _AGE_RANGE_AFTER.match(text, m.end()) or _AGE_LIMIT_BEFORE.search(text, max(lo, m.start() - 14),
                                                                                m.start()):
            continue
        if int(re.findall(r"\d+", m.group(0))[0]) > oldest:
            continue  # an adult's age (a foster carer's, say)
        return m
    return None


def _people_between(doc: Document, lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans of the names the model finds starting between `lo` and `hi` (offsets in `doc.text`), leaving out
    an adult named by their role ("her social worker Jan")."""
    view, sdoc = reading_parse(doc)
    out = []
    for ent in sdoc.ents:
        if ent.label_ != "PERSON":
            continue
        start, end = view.to_original(ent.start_char, ent.end_char)
        if lo <= start < hi and not _ADULT_ROLE.search(doc.text, max(lo, start - 20), start):
            out.append((start, end))
    return out


def _looked_after(doc: Document, spans: Sequence[tuple[int, int]]) -> list[Detection]:
    """A child in care or a care leaver made identifiable: a care status with a name or an age nearby."""
    text = doc.text
    for i, (s, e) in enumerate(spans):
        status = _CARE_STATUS.search(text, s, e)
        carer = status is None
        status = status or _CARER_STATUS.search(text, s, e)
        if status is None:
            continue
        lo, hi = spans[max(0, i - 1)][0], spans[min(len(spans) - 1, i + 1)][1]
        age = _individual_age(text, lo, hi, CHILD_MAX_AGE if carer else CARE_LEAVER_MAX_AGE)
        names = [] if carer else _people_between(doc, lo, hi)
        if age is None and not names:
            continue
        marks = ([status.group(0)] + ([text[names[0][0]:names[0][1]]] if names else [])
                 + ([age.group(0).strip(" ,()")] if age else []))
        start = min([status.start()] + ([names[0][0]] if names else []) + ([age.start()] if age else []))
        end = max([status.end()] + ([names[0][1]] if names else []) + ([age.end()] if age else []))
        conf = 0.9 if names and age else 0.8
        return [Detection(start, end, conf, "looked_after_identified",
                          "identifies a child in care or a care leaver (" + ", ".join(marks) + "); a cared-for "
                          "child's name, age, placement or school must never go on social media",
                          {"kind": "a child in care or care leaver identified"})]
    return []
