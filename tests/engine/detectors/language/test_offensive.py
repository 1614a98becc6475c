"""language.offensive: obfuscation-robust offensive language, not fooled by benign look-alikes."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors import registry
from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.language.offensive import OffensiveLanguage, OffensiveParams
from civicguard.engine.model import Content, Context, Detection

THRESHOLD = 0.5  # the rules' threshold


def _doc(text: str) -> Document:
    return Document(Content(text=text), Context(council="st-helens", channel="comment"))


def _detect(text: str, **params: object) -> list[Detection]:
    return OffensiveLanguage(OffensiveParams(**params)).detect(_doc(text))  # type: ignore[arg-type]


def _reported(text: str) -> list[tuple[str, str, str]]:
    return [(text[d.start : d.end], d.label, d.attributes["term"]) for d in _detect(text) if d.confidence >= THRESHOLD]


def test_registered() -> None:
    assert registry.detector_class("language.offensive") is OffensiveLanguage


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d17 and d06 from the design cases
        (
            "You f*cking useless w4nkers can't even fill a pothole.",
            [("f*cking", "profanity", "fuck"), ("useless w4nkers", "insult", "wanker")],
        ),
        (
            "Honestly the council I work for is run by clowns, my manager Gary is a useless idiot and everyone "
            "knows it.",
            [("clowns", "insult", "clown"), ("useless idiot", "insult", "idiot")],
        ),
        ("you useless idiot", [("useless idiot", "insult", "idiot")]),
        ("You're useless, all of you.", [("useless", "insult", "useless")]),
        # masked letters
        ("f*ck this", [("f*ck", "profanity", "fuck")]),
        ("f**k off", [("f**k", "profanity", "fuck")]),
        ("what a c*nt", [("c*nt", "profanity", "cunt")]),
        ("total sh*t service", [("sh*t", "profanity", "shit")]),
        ("f#cking bins", [("f#cking", "profanity", "fuck")]),
        # leetspeak
        ("sh!t service", [("sh!t", "profanity", "shit")]),
        ("$hit service", [("$hit", "profanity", "shit")]),
        ("that's bu11shit", [("bu11shit", "profanity", "shit")]),
        ("you b1tch", [("b1tch", "insult", "bitch")]),
        # spaced letters
        ("what a c u n t", [("c u n t", "profanity", "cunt")]),
        ("f.u.c.k the council", [("f.u.c.k", "profanity", "fuck")]),
        # repeated letters
        ("fuuuuuck sake", [("fuuuuuck", "profanity", "fuck")]),
        # zero-width characters and homoglyphs
        ("fu\u200bck off", [("fu\u200bck", "profanity", "fuck")]),
        ("ѕһіt council", [("ѕһіt", "profanity", "shit")]),  # Cyrillic look-alikes
        ("Ｆｕｃｋ this", [("Ｆｕｃｋ", "profanity", "fuck")]),  # fullwidth
        ("#fuckthecouncil", [("fuckthecouncil", "profanity", "fuck")]),
        # sexual and harassing
        ("send nudes and porn", [("nudes", "sexual", "nudes"), ("porn", "sexual", "porn")]),
        ("just kill yourself", [("kill yourself", "harassment", "kill yourself")]),
    ],
)
def test_reports(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _reported(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Scunthorpe United won on Saturday.",
        "Roadworks in Sussex, Essex and Middlesex this week.",
        "Cocktail evening at the town hall.",
        "Your assessment is due next week.",
        "Trains to Penistone and Cockermouth are delayed.",
        "Our therapist service is free.",
        "Grape picking at the community orchard.",
        "What a hell of a day for the volunteers!",
        "That was a bloody good effort from everyone.",
        "It's pissing down, so the fete has moved indoors.",
        "Damn fine work by the street cleaning team.",
        "What a crap day for weather.",
        "I felt like such an idiot when I forgot my bin day.",
        "Clowns and face painting at the children's party.",
        "The new form is idiot-proof.",
        "The old parking app is useless.",
        "Call 0151 123 4567 or come in at 10am to the A580 office.",
        "Follow @sthelenscouncil for updates.",
        "a b c of recycling",
    ],
)
def test_benign(text: str) -> None:
    assert _reported(text) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("which fcukwit thought a bus gate on Corporation Street was a good idea", "fuck"),
        ("whoever is in charge of the pier repairs is a f'kn clown", "fuck"),
        ("GFY sefton council and ur green bin tax", "gfy"),
        ("Kev you're a fat useless scrote", "scrote"),
        ("name and shame the ballbag who parked there", "ballbag"),
        ("everyone knows what she got up to, dirty slapper", "slapper"),
    ],
)
def test_british_insults_and_letter_swaps_are_offensive(text: str, term: str) -> None:
    assert term in [t for _, _, t in _reported(text)]


@pytest.mark.parametrize("text", ["The cows at Formby farm are out in the top field again, a big fat cow among them.",
                                  "A silly mistake on the form: the corrected version is below.",
                                  "New FCUK store opening on Church Street on Saturday."])
def test_farm_animals_and_a_silly_mistake_are_not_insults(text: str) -> None:
    assert _reported(text) == []


def test_mild_words_are_below_threshold_but_reported() -> None:
    found = _detect("bloody hell")
    assert [(d.attributes["term"], d.confidence < THRESHOLD) for d in found] == [("bloody", True), ("hell", True)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("f*ck", "masked letters"),
        ("w4nkers", "leetspeak"),
        ("c u n t", "spaced-out letters"),
        ("fuuuuck", "repeated letters"),
        ("fu\u200bck", "invisible characters"),
        ("ѕһіt", "look-alike characters"),
    ],
)
def test_explanation_names_the_disguise(text: str, kind: str) -> None:
    (found,) = _detect(text)
    assert kind in found.explanation
    assert kind in found.attributes["obfuscation"]


def test_params() -> None:
    text = "Gary is a useless idiot"
    assert _detect(text, include_insults=False) == []
    assert _detect("bloody hell, f*ck", min_weight=0.5)[0].attributes["term"] == "fuck"
    assert len(_detect("bloody hell, f*ck", min_weight=0.5)) == 1



@pytest.mark.parametrize(
    ("text", "term"),
    [
        # insults in ordinary words, aimed by an intensifier, a pejorative adjective or what follows them
        ("Cllr Doyle you absolute melt, did you even read the plans", "melt"),
        ("only a right wazzock would put a 20 limit on the bypass", "wazzock"),
        ("the woman on reception is a two-faced snake", "snake"),
        ("gobby cow on the desk told me to fill in the form online", "cow"),
        ("imagine being this much of a sad little man over a hanging basket", "little man"),
        ("an absolute clown of a councillor", "clown"),
        ("Parasites, the lot of them", "parasite"),
        ("the new cabinet member has a face for radio", "an insult by comparison"),
        ("honestly some people are thick as mince", "an insult by comparison"),
        ("so a handful of deafies can listen to the mayor", "deafie"),
        # abusive imperatives, threats and calls for violence
        ("you can do one, we've answered you five times", "do one"),
        ("jog on mate", "jog on"),
        ("tow my car again and someone's getting hurt", "a threat"),
        ("I'll do you in if I see you", "a threat of violence"),
        ("the councillor who pushed the bus gate wants a good slap", "a call for violence"),
        ("hope whoever sent it chokes on it", "hope you die"),
        # sexualised remarks about a person
        ("Danielle from housing can inspect my property any day", "a sexualised remark"),
        ("wouldn't mind a private lesson if you know what I mean", "a sexualised remark"),
        ("the new mayor is well fit", "a sexualised remark"),
    ],
)
def test_insults_threats_and_sexual_remarks_in_ordinary_words(text: str, term: str) -> None:
    assert term in [t for _, _, t in _reported(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The tuna melt in the cafe is unreal.",
        "A knife is a weapon: knife amnesty bins are at every police station.",
        "Sod's law it rained the minute the gala started.",
        "Meet Bluebell, the Highland cow at the city farm.",
        "Thank you little man for the lovely drawing!",
        "Can we do one more session before Christmas?",
        "Warm up by jogging on the spot, then jog on to the next station.",
        "You can ring me any time on the number below.",
        "The bins need hiding behind a fence.",
        "The lights want stringing up before Friday's switch-on.",
        "Lifting heavy boxes? Bend your knees, not your back.",
        "Our deputy mayor is fit and well after her operation.",
        "Face the music on Radio Merseyside: the mayor is live at 6.",
        "The soup was as thick as porridge, lovely on a cold day.",
    ],
)
def test_everyday_senses_are_not_insults(text: str) -> None:
    assert _reported(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "A grown man called my autistic son 'retarded' today. Words matter.",
        "The graffiti on the wall (the one calling someone a 'w*nker') is on our removal list.",
        "Someone's sprayed 'F*** THE FEDS' across the underpass, can it be cleaned?",
        "Fair enough, the old signage was, in your words, 'crap'!",
    ],
)
def test_a_quoted_word_reported_is_not_used(text: str) -> None:
    assert _reported(text) == []
    assert all(d.attributes.get("benign") == "quoted" for d in _detect(text) if d.label != "model")


def test_slurs_are_offensive_too() -> None:
    text = "ragheads everywhere down the Strand now"
    assert _reported(text) == [("ragheads", "slur", "raghead")]
    assert _detect(text, include_slurs=False, use_model=False) == []


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Oh yes it is! Dick Whittington comes to the Theatre Royal this December.", "everyday sense"),
        ("This month's reading group is tackling Moby Dick, all 600 pages.", "everyday sense"),
        ("Road closure: Cockle Dicks Lane, Churchtown, from Monday.", "a name"),
        ("The Cock Bridge to Tomintoul road in Scotland is shut again.", "a name"),
        ("Yes, we drove to Twatt just for a photo with the sign.", "a name"),
        ("Thank you Doreen Cumming for 32 years on the school crossing.", "a name"),
        ("A handsome cock pheasant strutting along the path at Colliers Moss.", "everyday sense"),
        ("Roast chicken, veg and spotted dick with custard for £4.", "everyday sense"),
        ("Cock-a-leekie soup, haggis, neeps and tatties.", "everyday sense"),
        ("The refurbed library is the dogs bollocks, kids corner is unreal.", "everyday sense"),
        ("Hawthorn, hazel, blackthorn and pussy willow for the hedgerow.", "everyday sense"),
        ("Is the nativity having a real ass again this year? The donkey was the best bit.", "everyday sense"),
    ],
)
def test_names_and_everyday_senses_of_rude_words_are_not_used_offensively(text: str, why: str) -> None:
    assert _reported(text) == []
    assert why in [d.attributes.get("benign") for d in _detect(text)]


def test_rude_words_aimed_at_someone_stay_offensive() -> None:
    assert _reported("you're a dick") == [("dick", "profanity", "dick")]
    assert _reported("Shove your garden waste subscription up your arse") != []
    assert _reported("Went arse over tit on the ice this morning") == []  # mild on its own


def test_one_letter_shown_is_enough_when_every_fit_is_profanity() -> None:
    assert _reported("F*** me, how deep does a pothole have to get") == [("F***", "profanity", "fuck")]
    assert _reported("s*** service") == []  # shit, slut or slag: not guessed
