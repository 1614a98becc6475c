"""Finding mentions of individual people (no detector here; both personal-data detectors use it).

Sources, strongest first:
- a courtesy title and a surname ("Ms Laila Rahman", "Mr K. Owusu", "Dr Shah");
- a relative named to or by the writer ("your son Jayden", "my wife Karen");
- a full name given as a name ("my name is Lena Wirth", "Name: Anđa Tomić", "was called Kevin Veitonen");
- a surname given as one ("her maiden name is Clark", "surname: Nyberg"): identity-check data;
- a full name right after a word that introduces a person ("directed by", "with", "add", "Dear", "assistant
  to"), when the capitalised run is exactly two or three name words;
- a first name, a middle initial and a surname ("Ravil G Yefimov"), whatever the NER model calls it;
- the name on the line(s) heading a postal address ("Sophie Lang / 3482 Via Franscini 71");
- spaCy's PERSON entities, kept only when they look like a personal name (capitalised words, no stop word,
  no organisation, place, country or street word, no "NHS"/"Council"; a trailing "Apt"/"Suite" is dropped);
- a first name or surname of a full name above, repeated on its own in the same text ("... Kaczmarek said");
- a role with a first name ("our colleague Aisha", "team member Aisha"), used only for special-category facts.

A mention is `full` when it identifies someone on its own (a full name, a title and surname, a named
relative, a surname given as one, a part of a full name given in the same text); a bare first name
("Sophie", "Gary") is not full: it is not reported as personal data by itself.
A mention is `public` when the person is named in a public role: with a title of public office ("Councillor
Dave Marsh", "Cllr Burns", "PC Sarah Jones", "Sergeant Tom Hughes", "Chief Executive Kate Smith", "Rev Ann
Lee"), or with a professional title and their workplace ("Dr Patel at the Crosby clinic"). Public mentions are
not reported as a private individual's name (a special-category fact about them still is).
Not people at all, and dropped: a name followed by what it names ("William Harvey swimming baths", "Sarah
Jones Foundation", "Hope Street Feast"): a place, building, organisation or award named after someone; and a
capitalised run introduced by "by", "with"... that the named-entity model calls an organisation or a facility
(ORG, FAC; not GPE, which the small model gives to many foreign personal names).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import regex as re
from spacy.lang.en.stop_words import STOP_WORDS

from civicguard.engine.detectors.personal_data.addresses import STREET_TYPE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class PersonMention:
    start: int
    end: int
    score: float
    how: str  # "title", "relative", "named", "cue" (after "by", "with"...), "ner", "role"
    full: bool
    explanation: str
    public: bool = False  # named in a public role (an office holder, a professional at their workplace)
    addressee: bool = False  # the person a reply or comment opens by addressing ("Hi Mr Griffiths, ...")


# Unicode-aware (the `regex` module): "Anđa Tomić", "Zoë", "O'Neill", "McDonald", "Smith-Jones".
_FIRST = r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?"
_SURNAME = r"(?:O['’]|Mc|Mac)?\p{Lu}\p{Ll}+(?:-(?:O['’]|Mc|Mac)?\p{Lu}\p{Ll}+)?"
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame"})
_SURNAME_RE = re.compile(_SURNAME)
_INITIAL_RE = re.compile(r"\p{Lu}\.?")
_TITLE = re.compile(
    r"(?<![\w])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame)\.?\s+"
    rf"(?:(?:{_FIRST}|\p{{Lu}}\.?)\s+){{0,2}}(?!(?i:apt|apartment|suite|unit|flat|box)\b)(?P<surname>{_SURNAME})"
    r"(?![\p{L}-])"
)
_RELATIVE = re.compile(
    r"(?i:\b(?:my|your|his|her|their|our)\s+"
    r"(?:(?:little|baby|eldest|youngest|oldest|older|younger|step|grand)[ -]?)?"
    r"(?:son|daughter|child|kid|boy|girl|grandson|granddaughter|nephew|niece|brother|sister|husband|wife"
    r"|partner|mum|mother|dad|father|nan|nana|grandad|grandma|grandpa))\s*,?\s+"
    rf"(?P<name>{_FIRST})(?![\p{{L}}-])"
)
# Someone giving their own (or another's) full name: "my name is Lena Wirth", "Name: Anđa Tomić".
_NAME_CUE = re.compile(
    r"(?i:\b(?:my\s+name\s+is|my\s+name's|name\s*:|i\s+am\s+called|signed\s*:?|(?:was|is|were|are)\s+called"
    r"|named)\s*)"
    # a capitalised run that goes on is a title or an award ("named Adult Social Worker of the Year")
    rf"(?P<name>{_FIRST}\s+(?:\p{{Lu}}\.?\s+)?{_SURNAME})(?![\p{{L}}-]|[ \t]+\p{{Lu}}\p{{Ll}})"
)
# A surname asked for or given as one (identity-check data): "her maiden name is Clark", "surname: Nyberg".
_SURNAME_CUE = re.compile(
    r"(?i:\b(?:maiden\s+name|surname|last\s+name|family\s+name)\s*(?:is|was|:|-)?\s*)"
    r"(?P<name>\p{L}[\p{L}'’-]+)(?![\p{L}-])"
)
# A full name right after a word that introduces a person: "directed by Johannes Varvio", "follow up with
# Sigrid Nyström", "add Irenke Sörös as a beneficiary", "Dear Ana Dias". The capitalised run must be two or
# three name words (an initial may sit between) and must end there.
_PERSON_CUE = re.compile(
    r"(?i:\b(?:by|with|under|add|adding|added|dear|assistant\s+to|speak\s+to|talk\s+to|spoke\s+to|thanks\s+to"
    r"|contact|ask\s+for|care\s+of|c/o|attn:?|attention:?|signed\s+by|written\s+by|played\s+by|sung\s+by)"
    r"[\s:]+)"
    rf"(?P<name>{_FIRST}\s+(?:\p{{Lu}}\.?\s+)?{_SURNAME})(?![\p{{L}}'’-]|\s+[\p{{Lu}}\d]|\.\p{{L}})"
)
_ROLE = re.compile(
    r"(?i:\b(?:our|my|your|his|her|their|the|a|new)\s+(?:[a-z-]+\s+){0,3}?(?:colleague|co-worker|coworker"
    r"|team[ -]mate|team\s+member|member\s+of\s+staff|staff\s+member|manager|boss|supervisor|team\s+leader"
    r"|neighbour|neighbor"
    r"|friend|tenant|resident|client|patient|pupil|student|apprentice|employee|officer|worker|carer|customer))"
    rf"\s*,?\s+(?P<name>{_FIRST})(?![\p{{L}}-])"
)

PUBLIC_OFFICE = frozenset({"councillor", "cllr", "mayor", "mp", "mep", "alderman", "leader", "mayoress"})

# Words that make a capitalised phrase an organisation, place or thing rather than a person.
NOT_NAME_WORDS = frozenset(
    {
        "nhs", "council", "councils", "borough", "county", "city", "town", "metropolitan", "government",
        "ministry", "department", "office", "services", "service", "team", "unit", "board", "committee",
        "trust", "foundation", "charity", "society", "association", "union", "partnership", "group", "club",
        "fc", "ltd", "limited", "plc", "inc", "police", "fire", "ambulance", "hospital", "surgery", "clinic",
        "practice", "school", "academy", "college", "university", "nursery", "library", "libraries", "museum",
        "gallery", "theatre", "centre", "center", "hall", "halls", "church", "chapel", "mosque", "temple",
        "synagogue", "cathedral", "station", "market", "beach", "park", "parks", "pier", "gardens", "garden",
        "square", "street", "road", "lane", "avenue", "grove", "close", "drive", "way", "crescent", "court",
        "place", "terrace", "walk", "mews", "row", "rise", "parade", "vale", "boulevard", "bridge", "house",
        "estate", "village", "ward", "echo", "news", "times", "post", "herald", "gazette", "radio", "tv",
        "bbc", "itv", "labour", "conservative", "conservatives", "tory", "tories", "liberal", "democrats",
        "green", "greens", "reform", "party", "parliament", "lib", "dem", "dems", "independent", "independents",
        "january", "february", "march", "april", "june",
        "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "christmas", "easter", "bank", "holiday", "covid", "uk",
        # festivals and their greetings ("Eid Mubarak", "Shubh Deepavali", "Chag Pesach Sameach"), like Christmas
        "eid", "mubarak", "ramadan", "diwali", "deepavali", "divali", "shubh", "vaisakhi", "navratri", "holi",
        "pesach", "passover", "chag", "sameach", "hanukkah", "chanukah", "rosh", "hashanah", "yom", "kippur",
        "purim", "gong", "hei", "choy", "memorial", "day",
        "england", "britain", "english", "british", "scotland", "wales", "ireland", "europe", "st", "helens",
        "sefton", "bootle", "southport", "crosby", "liverpool", "merseyside", "haydock", "formby", "maghull",
        # organisations
        "corporation", "corp", "company", "co", "llc", "llp", "gmbh", "ag", "sa", "technologies", "technology",
        "solutions", "systems", "agency", "markets", "holdings", "industries", "consulting", "partners",
        "capital", "media", "labs", "networks", "software", "analytics", "insurance", "financial", "transit",
        "logistics", "enterprises", "ventures", "international", "global", "associates", "studio", "studios",
        "communications", "comms", "foodbank", "foodbanks", "pantry", "cafe", "café", "hub",
        # places
        "san", "santa", "santo", "saint", "sankt", "north", "south", "east", "west", "upper", "lower",
        "germany", "france", "spain", "portugal", "italy", "switzerland", "austria", "belgium", "netherlands",
        "denmark", "norway", "sweden", "finland", "iceland", "estonia", "latvia", "lithuania", "poland",
        "czechia", "slovakia", "hungary", "slovenia", "croatia", "serbia", "bosnia", "greece", "cyprus",
        "turkey", "russia", "ukraine", "romania", "bulgaria", "brazil", "argentina", "uruguay", "chile",
        "mexico", "canada", "america", "australia", "zealand", "india", "china", "japan", "tunisia", "egypt",
        "greenland", "greenlander", "luxembourg", "monaco", "malta",
        # words of kinship or endearment written like a title ("Baby Ava", "Nanna Jean", "Grandad Joe")
        "baby", "nan", "nana", "nanna", "nanny", "gran", "grandad", "granddad", "grandma", "grandpa", "auntie",
        "aunty", "uncle",
        # times of day ("Tonight at Youth Council" is no one at work)
        "tonight", "today", "tomorrow", "yesterday", "morning", "afternoon", "evening", "weekend",
    }
    # street types, except those that are also common surnames ("Fletcher Hill", "Lois Lane")
    | (STREET_TYPE_WORDS - {"hill", "green", "lane", "chase", "croft", "ridge", "gate", "view", "way", "row",
                            "rise", "cove", "street", "close", "court", "walker", "meadows", "parks", "path"})
)


def plausible_name_word(word: str) -> bool:
    """A capitalised word that could be part of a personal name."""
    if not _SURNAME_RE.fullmatch(word):
        return False
    low = word.lower()
    return low not in STOP_WORDS and low not in NOT_NAME_WORDS and low not in TITLES


def _is_initial(word: str) -> bool:
    return _INITIAL_RE.fullmatch(word) is not None


def _from_title(text: str) -> list[PersonMention]:
    out = []
    for m in _TITLE.finditer(text):
        if plausible_name_word(m.group("surname")):
            why = "a courtesy title with a surname"
            out.append(PersonMention(m.start(), m.end(), 0.85, "title", True, why))
    return out


def _from_relative(text: str) -> list[PersonMention]:
    out = []
    for m in _RELATIVE.finditer(text):
        if plausible_name_word(m.group("name")):
            s, e = m.span("name")
            why = "a named relative (a child, partner or parent)"
            out.append(PersonMention(s, e, 0.7, "relative", True, why))
    return out


def _from_named(text: str) -> list[PersonMention]:
    out = []
    for m in _NAME_CUE.finditer(text):
        if all(plausible_name_word(w) for w in m.group("name").split()):
            s, e = m.span("name")
            out.append(PersonMention(s, e, 0.75, "named", True, "a full name given as someone's name"))
    return out


# A first name, a middle initial and a surname is a person's name whatever the NER model says
# ("Ravil G Yefimov", "Tamara T. Stanković"): organisations are seldom named that way.
_WITH_INITIAL = re.compile(
    rf"(?<![\p{{L}}'’.-]|\p{{Lu}}[\p{{L}}'’-]*\s)(?P<name>{_FIRST}\s+\p{{Lu}}\.?\s+{_SURNAME})(?![\p{{L}}'’-]|\s+\p{{Lu}})"
)


def _from_initial(text: str) -> list[PersonMention]:
    out = []
    for m in _WITH_INITIAL.finditer(text):
        first, _, last = m.group("name").split()
        if plausible_name_word(first) and plausible_name_word(last):
            s, e = m.span("name")
            out.append(PersonMention(s, e, 0.6, "named", True, "a first name, initial and surname"))
    return out


def _from_surname_cue(text: str) -> list[PersonMention]:
    out = []
    for m in _SURNAME_CUE.finditer(text):
        word = m.group("name")
        if plausible_name_word(word[:1].upper() + word[1:]):
            s, e = m.span("name")
            out.append(PersonMention(s, e, 0.7, "named", True, "a surname given as someone's name"))
    return out


def _from_person_cue(text: str) -> list[PersonMention]:
    out = []
    for m in _PERSON_CUE.finditer(text):
        words = [w for w in m.group("name").split() if not _is_initial(w)]
        if all(plausible_name_word(w) for w in words):
            s, e = m.span("name")
            out.append(PersonMention(s, e, 0.6, "cue", True, "a full name after 'by', 'with', 'dear'..."))
    return out


# A name on its own line at the head of a postal address ("Sophie Lang / 3482 Via Franscini 71").
_NAME_LINE = re.compile(
    r"(?m)^[ \t>?*-]*(?:[\p{L} ]{1,20}:[ \t]*)?"
    rf"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+)?{_FIRST}[ \t]+(?:\p{{Lu}}\.?[ \t]+)?{_SURNAME})[ \t]*$"
)
_ADDRESS_LINE = re.compile(r"(?m)^[ \t>?*-]*(?:\d{1,5}\b|(?i:p\.?\s?o\.?\s?box|psc|unit|flat|apt|suite)\b)")


def _from_address_block(text: str) -> list[PersonMention]:
    """The addressee: the first name-shaped line among the three lines before an address line."""
    if "\n" not in text:
        return []
    out = []
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    used: set[int] = set()
    for i, line in enumerate(lines):
        if not _ADDRESS_LINE.match(line) or (i and _ADDRESS_LINE.match(lines[i - 1])):
            continue  # only the first line of an address block has an addressee above it
        for j in range(max(0, i - 4), i):
            if j in used:
                continue
            m = _NAME_LINE.match(lines[j])
            if m and all(plausible_name_word(w) for w in m.group("name").split()
                         if not _is_initial(w) and w.rstrip(".").lower() not in TITLES):
                used.add(j)
                s = offsets[j] + m.start("name")
                out.append(PersonMention(s, s + len(m.group("name")), 0.65, "named", True,
                                         "a name at the head of a postal address"))
                break
    return out


def _repeats(text: str, found: list[PersonMention]) -> list[PersonMention]:
    """A first name or surname repeated on its own after the full name appears in the same text."""
    parts: set[str] = set()
    for p in found:
        if p.full and not p.public and not p.addressee:
            for w in _WORD_RE.findall(text[p.start : p.end]):
                if len(w) > 2 and not _is_initial(w) and w.lower() not in TITLES and plausible_name_word(w):
                    parts.add(w)
    if not parts:
        return []
    out = []
    for m in _WORD_RE.finditer(text):
        if m.group(0) in parts and all(m.end() <= p.start or m.start() >= p.end for p in found if p.full):
            out.append(PersonMention(m.start(), m.end(), 0.6, "repeat", True,
                                     "part of a full name given elsewhere in the text"))
    return out


_WORD_RE = re.compile(r"(?<![\p{L}'’-])\p{L}[\p{L}'’-]*(?<!['’-])(?![\p{L}])")


# A first name placed at work or in the family ("Sharon in payroll", "Lee from Planning", "our Kirsty"), and a
# person described by their role and place ("the new manager at Thatto Heath library", "the lollipop lady
# outside Rectory school", "my supervisor"): identifiable to everyone who knows the place (UK GDPR art. 4(1)).
_NAME_AT_WORK = re.compile(
    rf"(?<![\p{{L}}'’-]|\p{{Lu}}[\p{{L}}'’-]*\s)(?P<name>{_FIRST})\s+(?:from|in|at|on)\s+(?:the\s+)?"
    r"(?:\p{Lu}[\p{L}'’]+|payroll|accounts|finance|planning|reception|housing|highways|waste|depot|bins"
    r"|(?:no\.?|number)\s*\d+)\b"
    # "our Hayley makes everything about ...": in the North West, one of the writer's family or team
    rf"|(?i:\bour)\s+(?P<ours>{_FIRST})(?=\s+\p{{Ll}}|['’]s\b)"
)
_DESCRIBED = re.compile(
    r"(?i:\b(?:the|that|this|our|my|his|her|their)\s+(?:(?:new|old|former)\s+)?(?:manager|supervisor|boss|receptionist"
    r"|barman|barmaid|head|head\s*teacher|form\s+tutor|teacher|lollipop\s+(?:lady|man)|councillor|team\s+leader"
    r"|director(?:\s+of\s+\w+)?|librarian|caretaker|rep|lad|lass|woman|man|fella|bloke|family)"
    r"(?:\s+(?:at|in|on|from|outside|for|of)\s+(?:the\s+)?(?:[\p{L}'’]+\s+){0,3}?[\p{L}'’]+)?)"
)
# Described with a word or two more, and placed: "the ginger lad who does the bins on our road", "new lad in our
# office" (one person: "the lads in our office" are a group).
_DESCRIBED_PLACED = re.compile(
    r"(?i:\b(?:(?:the|that|this|our)\s+(?:[a-z]+\s+){1,2}?|new\s+(?:[a-z]+\s+)?)(?:lad|lass|woman|man|fella|bloke"
    r"|girl|guy|lady|starter|manager|supervisor|receptionist|librarian|caretaker|warden|teacher|officer)\s+(?:who(?:['’]s|['’]ve)?\s+(?:\w+\s+)?(?:works|does|runs|drives|serves"
    r"|opened|lives|cleans|sits)\b|(?:in|at|on|from)\s+(?:the\s+|our\s+)?\w+))"
)
_SELF_OR_GROUP_DESCRIBED = re.compile(r"(?i:\b(?:my|our)\s+(?:family|lad|man|woman)\b)")


def _from_role(text: str) -> list[PersonMention]:
    out = []
    for m in _ROLE.finditer(text):
        if plausible_name_word(m.group("name")):
            out.append(PersonMention(m.start(), m.end(), 0.75, "role", False, "a named colleague or client"))
    for m in _NAME_AT_WORK.finditer(text):
        name = m.group("name") or m.group("ours")
        if plausible_name_word(name) and name.lower() not in PUBLIC_OFFICE:
            out.append(PersonMention(m.start(), m.end(), 0.75, "role", False, "a first name placed at work"))
    for rx in (_DESCRIBED, _DESCRIBED_PLACED):
        for m in rx.finditer(text):
            if not _SELF_OR_GROUP_DESCRIBED.match(m.group(0)):
                out.append(PersonMention(m.start(), m.end(), 0.7, "role", False,
                                         "a person described by role and place"))
    return out


_LEAD_DROP = frozenset(
    {"the", "a", "an", "dear", "hi", "hello", "hiya", "hey", "thanks", "thank", "cheers", "congratulations", "meet",
     "morning", "afternoon", "evening", "evenin"}
)


_TRAIL_DROP = frozenset({"'s", "’s", "apt", "apartment", "suite", "ste", "unit", "flat", "box"})


def _from_ner(sdoc: Doc) -> list[PersonMention]:
    out = []
    for ent in sdoc.ents:
        if ent.label_ != "PERSON":
            continue
        toks = list(ent)
        prev = sdoc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
        if prev in PUBLIC_OFFICE or any(t.lower_.rstrip(".") in PUBLIC_OFFICE for t in toks):
            continue  # an elected member in their public role
        if prev == "the" or toks[0].lower_ == "the":
            continue  # "the Atkinson", "the Sandbrook Lodge": a venue or thing, not a person
        while toks and (toks[0].lower_ in _LEAD_DROP or toks[0].lower_.rstrip(".") in TITLES):
            toks.pop(0)
        while toks and (toks[-1].is_punct or toks[-1].lower_ in _TRAIL_DROP):
            toks.pop()
        if not toks:
            continue
        words = [t.text for t in toks]
        names = [w for w in words if not _is_initial(w)]
        if not names or _is_initial(words[-1]) or not all(plausible_name_word(w) for w in names):
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        if len(words) >= 2:
            out.append(PersonMention(start, end, 0.6, "ner", True, "a personal name (named-entity model)"))
        elif toks[0].is_title:
            out.append(PersonMention(start, end, 0.6, "ner", False, "a first name (named-entity model)"))
    return out


# ------------------------------------------------------------------------------ public role, not a person
# Titles of public office: elected members, police officers, clergy, senior officers of a public body. Someone
# named with one is acting in a public role.
_OFFICE = (
    r"councillors?|cllrs?|mayor(?:ess)?|deputy\s+mayor|lord\s+mayor|mp|mep|msp|alderman|leader(?:\s+of\s+the"
    r"\s+council)?|cabinet\s+member|portfolio\s+holder|police\s+and\s+crime\s+commissioner|commissioner"
    r"|pcs?|pcso|dc|ds|di|dci|dsi|dsu|sgt|sergeant|insp|inspector|ch\.?\s*insp|chief\s+inspector|supt"
    r"|superintendent|chief\s+superintendent|constable|chief\s+constable|det(?:ective)?(?:\s+(?:sergeant"
    r"|inspector|constable))?|officer|firefighter|station\s+manager|watch\s+manager|group\s+manager"
    r"|chief\s+executive|ceo|director(?:\s+of\s+[a-z]+(?:\s+[a-z]+)?)?|head\s*teacher|principal"
    r"|rev(?:d)?|reverend|canon|bishop|father|rabbi|imam|judge|justice|magistrate|coroner|minister"
)
_OFFICE_BEFORE = re.compile(rf"(?i:(?<![\p{{L}}])(?:{_OFFICE})\.?)[\s,]+(?:(?i:mr|mrs|ms|miss|mx|dr)\.?\s+)?$")
_OFFICE_INSIDE = re.compile(rf"(?i:(?:{_OFFICE})\.?)\s+")
# A professional at their workplace: "Dr Patel at the Crosby clinic", "Nurse Ann Lee from Bootle surgery".
_PROFESSIONAL = re.compile(r"(?i:dr|doctor|prof|professor|nurse|matron|midwife|sister|pharmacist|paramedic)\.?\s+")
_PLACE_WORDS = (
    r"clinic|surgery|hospital|practice|health\s+cent(?:re|er)|medical\s+cent(?:re|er)|pharmacy|ward|team"
    r"|services?|council|school|academy|college|university|library|station|department|cent(?:re|er)|trust"
    r"|foundation|charity|police|hospice|care\s+home|nursing\s+home|unit|nhs"
)
_WORKPLACE_AFTER = re.compile(
    rf"(?i:[\s,]+(?:at|from|of|with|in)\s+(?:the\s+|our\s+)?(?:[\p{{L}}'’&-]+\s+){{0,4}}?(?:{_PLACE_WORDS})\b)"
)
# What a name names when the words right after it say so: "William Harvey swimming baths", "Sarah Jones
# Foundation", "Ann Lee memorial garden". Up to two describing words may come between.
_NAMED_AFTER = frozenset(
    {
        "baths", "pool", "pools", "lido", "leisure", "stadium", "arena", "ground", "grounds", "field", "fields",
        "playing", "memorial", "monument", "statue", "building", "buildings", "wing", "suite", "rooms",
        "institute", "trophy", "cup", "award", "awards", "prize", "medal", "lecture", "scholarship", "fund",
        "appeal", "collection", "rugby", "cricket", "football", "golf", "tennis", "bowls", "swimming",
        "sports", "community", "learning", "primary", "secondary", "infants", "juniors",
    }
    | NOT_NAME_WORDS
)
_NEXT_WORDS = re.compile(r"[ \t]+([\p{L}'’-]+)(?:[ \t]+([\p{L}'’-]+))?(?:[ \t]+([\p{L}'’-]+))?")
# The small model calls many foreign personal names places (GPE), so only these two labels overrule a cue.
_NOT_PEOPLE_LABELS = frozenset({"ORG", "FAC"})


def _names_a_thing(text: str, end: int) -> bool:
    """The words right after a name say it names a place, building, organisation or award."""
    m = _NEXT_WORDS.match(text, end)
    if m is None:
        return False
    for word in (w for w in m.groups() if w):
        low = word.lower()
        if low in _NAMED_AFTER:
            return True
        if low in STOP_WORDS:
            return False  # "Sarah Jones and the team": the name ends before "and"
    return False


def _public_role(text: str, p: PersonMention) -> bool:
    before = text[max(0, p.start - 45) : p.start]
    if _OFFICE_BEFORE.search(before) or _OFFICE_INSIDE.match(text, p.start):
        return True
    titled = _PROFESSIONAL.match(text, p.start) or re.search(r"(?i:\b(?:dr|doctor|prof|professor|nurse|matron"
                                                             r"|midwife|pharmacist|paramedic)\.?\s+)$", before)
    return bool(titled) and _WORKPLACE_AFTER.match(text, p.end) is not None


def _org_spans(sdoc: Doc | None) -> list[tuple[int, int]]:
    """Organisations and facilities, unless the model calls a word of one a person elsewhere in the text
    ("Directed by Johannes Varvio; later Varvio said no": the second "Varvio" is a PERSON)."""
    if sdoc is None:
        return []
    person_words = {t.text for e in sdoc.ents if e.label_ == "PERSON" for t in e}
    return [(e.start_char, e.end_char) for e in sdoc.ents
            if e.label_ in _NOT_PEOPLE_LABELS and not any(t.text in person_words for t in e)]


# ------------------------------------------------------------------ public in other ways, places, addressees
# A candidate or party campaigner: the same sentence speaks of an election or names a party ("Lisa Farrow, the
# Labour candidate", "Vote Kath Bellingham, Independent", "Joan Pilkington (Conservative) 1,342 ... elected").
# People standing for public office are named on the statement of persons nominated: a public role.
_ELECTION = re.compile(
    r"(?i:\b(?:candidates?|standing\s+(?:for|as|in)|stands?\s+for|running\s+for|(?:re-?)?elected|elections?"
    r"|hustings|canvass\w*|ballot|polling|vote\s+for|campaign(?:s|ing)?|crowdfunder)\b|\#vote\w*)"
    r"|\b(?:Labour|Conservatives?|Tor(?:y|ies)|Lib\s?Dems?|Liberal\s+Democrats?|Green\s+Party|the\s+Greens"
    r"|Reform\s+UK|Independent|Plaid\s+Cymru|SNP|UKIP)\b"
)
# Someone a court result or police appeal is about, as its subject: "Darren Kellet, of Haydock, was sentenced",
# "Wei Chen, 38, has been fined", "Anthony Burke, 44, pleaded guilty", "Liam Hodge, 29, is wanted". Court
# results are public record (the council publishes its prosecutions); "Bryan Maclean's killers were sentenced"
# is not about Bryan Maclean as a defendant, so the name must be the subject (appositions only in between).
_COURT_SUBJECT = re.compile(
    r"(?i:(?:\s*,\s*(?:\(?\d{1,3}\)?|(?:of|from)\s+[^,.;()]{1,40}|[^,.;()]{1,30}))*\s*,?\s*(?:\(\d{1,3}\)\s*,?\s*)?"
    r"(?:who\s+)?(?:(?:was|has\s+been|had\s+been|have\s+been|were|is|has)\s+)?"
    r"(?:sentenced|jailed|fined|convicted|prosecuted|charged|imprisoned|disqualified|banned|ordered\s+to"
    r"|pleaded\s+guilty|admitted|found\s+guilty|received\s+an?\b|given\s+an?\b|wanted\b|appeared\s+(?:at|before)))"
)
_COURT_WORDS = re.compile(
    r"(?i:\b(?:court|tribunal|sentence[ds]?|magistrates|prison|police|guilty|prosecution|prosecuted|fined"
    r"|convicted|conviction|ordered\s+to\s+pay)\b)"
)
# What a court heard about someone: "Sefton Magistrates heard Janet Ralph, 61, of Linacre Lane, failed to ...".
_COURT_HEARD_BEFORE = re.compile(
    r"(?i:\b(?:court|magistrates|judge|jury|tribunal|bench)\s+(?:heard|was\s+told|were\s+told)\s+(?:that\s+|how\s+)?)$"
)
# Or its object: "a banning order against Southport landlord Neil Ashworth", "proceedings against trader X".
_AGAINST_BEFORE = re.compile(
    r"(?i:\b(?:orders?|prosecutions?|proceedings|action|case|convictions?|injunctions?|notices?|bans?)\s+against"
    r"\s+(?:the\s+|a\s+)?(?:[\p{L}'’-]+\s+){0,3}?)$"
)
# A police appeal for someone missing or wanted, which the council shares so the person is found: the sentence
# names the police and the appeal ("Merseyside Police are concerned for the welfare of 13-year-old Connor").
_POLICE_APPEAL = re.compile(
    r"(?i:\bpolice\b.{0,120}\b(?:missing|concerned\s+for|welfare|appeal(?:ing)?|have\s+you\s+seen|wanted)\b"
    r"|\b(?:missing|concerned\s+for|welfare|appeal(?:ing)?|have\s+you\s+seen|wanted)\b.{0,120}\bpolice\b)"
)
# An employee named in their work role: after a job title ("Service Manager Rachel Coyne", "school crossing
# patrol Doreen Cumming", "your allocated worker is Aaron Booth"), or "from our ... team". Staff at work are
# named in their public role (council_email covers their work addresses); a special-category fact about them
# is still found.
_JOB_BEFORE = re.compile(
    r"(?i:\b(?:co-?ordinator|manager|officer|worker|adviser|advisor|assistant|patrol|warden|receptionist"
    r"|administrator|librarian|caretaker|supervisor|team\s+leader|technician|surveyor|planner|inspector"
    r"|head\s*teacher|principal|chief\s+executive|director"
    # people leading a public event in that role ("local historian Ruth Levene", "with author Jo Platt")
    r"|historian|author|artist|poet|photographer|illustrator|storyteller|naturalist|instructor|tutor|coach"
    r"|lollipop\s+(?:man|lady))(?:\s+[a-z]+){0,6}?(?:\s+(?:is|was|called|named))?\s*[,:]?\s+)$"
)
_OUR_WORKPLACE_AFTER = re.compile(
    rf"(?i:[\s,]+(?:from|in|at|of|with)\s+our\s+(?:[\p{{L}}'’&-]+\s+){{0,4}}?(?:{_PLACE_WORDS})\b)"
)
# The job title in apposition after the name: "Mrs Anne-Marie Doyle, headteacher of ...", "Helen Rimmer, team
# manager in our ... team", "Jo Platt (site supervisor)".
_JOB_TITLE = (
    r"head\s*teacher|teacher|manager|officer|co-?ordinator|worker|adviser|advisor|librarian|warden|nurse|doctor"
    r"|consultant|director|leader|chair(?:man|woman|person)?|president|secretary|treasurer|clerk|ranger"
    r"|caretaker|supervisor|assistant|receptionist|administrator|technician|surveyor|planner|inspector"
    r"|social\s+worker|practitioner|therapist|midwife|paramedic|firefighter|pcso|councillor|mayor|governor"
    r"|(?:senior|managing|practice)\s+partner"
)
_JOB_AFTER = re.compile(
    rf"(?i:\s*(?:,|\(|-|–)\s*(?:the\s+|our\s+|a\s+|an\s+)?(?:[\p{{L}}'’&-]+\s+){{0,3}}?(?:{_JOB_TITLE})s?\b)"
)
# A service or team the council says is led or run by them: "Our Home Library Service, led by Karen Fitzpatrick".
_LED_BY_BEFORE = re.compile(r"(?i:\b(?:led|run|managed|headed|co-?ordinated|organised|organized)\s+by\s+$)")
# Staff thanked for long service or on retiring: "... who retires today after 41 years on our reception".
_LONG_SERVICE = re.compile(
    r"(?i:\bretir(?:es|ed|ing|ement)\b|\b\d+\s+years?\s+(?:on|in|at|with|of\s+service)\s+(?:our|the\s+council)"
    r"|\blong\s+service\b)"
)
# A capitalised run after "in", "around", "near"... is a place ("anyone in Thatto Heath", "round Bodmin Moor").
_PLACE_BEFORE = re.compile(r"(?i:\b(?:in|around|across|near|round|throughout|outside)\s+)$")
# The opening words of a reply or comment that address its reader ("Hi Mr Griffiths,", "Thanks Mr Cockshott",
# "Mr Pendleton, this is..."): the name of the person the writer answers, already shown on their own post.
_GREETING = re.compile(
    r"(?i:\s*(?:(?:hi|hello|hiya|hey|dear|morning|afternoon|evening|good\s+(?:morning|afternoon|evening)"
    r"|thanks|thank\s+you|cheers)\s*,?\s+)?)"
)
_AFTER_GREETING = re.compile(r"\s*(?:[,!.:;–—-]|\s+(?:thanks|thank\s+you|sorry)\b|$)")


def _sentence_of(text: str, p: PersonMention) -> str:
    start = max(text.rfind(c, 0, p.start) for c in ".!?\n") + 1
    ends = [i for c in ".!?\n" if (i := text.find(c, p.end)) >= 0]
    return text[start : min(ends) if ends else len(text)]


def _candidate(text: str, p: PersonMention) -> bool:
    return _ELECTION.search(_sentence_of(text, p)) is not None


def _court_subject(text: str, p: PersonMention) -> bool:
    """The subject or object of a court result, or the person a police appeal is for: public record."""
    sentence = _sentence_of(text, p)
    if _POLICE_APPEAL.search(sentence):
        return True
    if not _COURT_WORDS.search(sentence):
        return False
    if _AGAINST_BEFORE.search(text[max(0, p.start - 80) : p.start]):
        return True
    if _COURT_HEARD_BEFORE.search(text[max(0, p.start - 50) : p.start]):
        return True
    if text[p.end : p.end + 2] in ("'s", "’s"):
        return False
    return _COURT_SUBJECT.match(text, p.end) is not None


def _at_work(text: str, p: PersonMention) -> bool:
    before = text[max(0, p.start - 80) : p.start]
    if _JOB_BEFORE.search(before) or _OUR_WORKPLACE_AFTER.match(text, p.end) or _JOB_AFTER.match(text, p.end):
        return True
    if _LED_BY_BEFORE.search(before) and re.search(rf"(?i:\b(?:{_PLACE_WORDS})\b)", before):
        return True
    return _LONG_SERVICE.search(_sentence_of(text, p)) is not None


def _addressee(text: str, p: PersonMention) -> bool:
    m = _GREETING.match(text)
    return m is not None and m.end() == p.start and _AFTER_GREETING.match(text, p.end) is not None


def _in_public_or_not_a_person(text: str, sdoc: Doc | None, found: list[PersonMention]) -> list[PersonMention]:
    """Drop what names a thing, or what the model calls an organisation or place; mark public roles."""
    orgs = _org_spans(sdoc)
    out = []
    for p in found:
        if p.how in ("ner", "cue") and _names_a_thing(text, p.end):
            continue
        if p.how == "cue" and any(p.start < e and s < p.end for s, e in orgs):
            continue
        if p.how == "ner" and _PLACE_BEFORE.search(text, max(0, p.start - 12), p.start):
            continue
        public = p.how != "relative" and (
            _public_role(text, p) or _candidate(text, p) or _court_subject(text, p) or _at_work(text, p)
        )
        out.append(replace(p, public=public, addressee=_addressee(text, p)))
    return out


def find_people(text: str, sdoc: Doc | None, *, roles: bool = False) -> list[PersonMention]:
    """Every person mention, overlapping mentions reduced to the strongest (then longest) one."""
    found = (_from_title(text) + _from_relative(text) + _from_named(text) + _from_surname_cue(text)
             + _from_person_cue(text) + _from_address_block(text) + _from_initial(text))
    if roles:
        found += _from_role(text)
    if sdoc is not None:
        found += _from_ner(sdoc)
    found = _in_public_or_not_a_person(text, sdoc, found)
    found += _repeats(text, found)
    found.sort(key=lambda p: (-p.full, -p.score, -(p.end - p.start), p.start))
    kept: list[PersonMention] = []
    for p in found:
        if all(p.end <= k.start or p.start >= k.end for k in kept):
            kept.append(p)
    kept.sort(key=lambda p: p.start)
    return kept
