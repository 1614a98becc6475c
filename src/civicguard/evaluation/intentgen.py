"""Generated citizen messages to a council's social media account, labelled by intent (GENERATED, NOT REAL DATA).

``generate(seed, n)`` returns ``n`` rows ``{"text": str, "labels": list[str], "kind": str}``. The labels are a
subset of :data:`LABELS`:

* ``service_request``: reporting a problem (pothole, missed bin, fly-tipping, streetlight out, blocked drain,
  graffiti, fallen tree...) or asking how to apply for / book a service (blue badge, bulky waste collection,
  parking permit...);
* ``complaint``: dissatisfaction with the council's service (waiting weeks, nobody replied, rude staff, "I want to
  make a formal complaint"). A complaint that a reported problem is *still* not fixed is also a service request
  (kind ``complaint_repeat``, labels ``complaint`` and ``service_request``);
* ``press_enquiry``: a journalist asking for a comment or a statement;
* ``safeguarding``: a child or vulnerable adult at risk, domestic abuse, exploitation, or self-harm / suicide;
* no label: praise, neutral remarks and hard negatives (figures of speech such as "this heat is killing me", news
  read in the paper, "no complaints here", a safeguarding training event).

How it is built: each kind has a handful of sentence frames with slots (a problem, a street, a town, a service,
a duration, an outlet, a topic...), filled from small lists of UK (mostly Merseyside) places and council
services, so the number of distinct messages is large while every message is labelled by construction. Surface
noise is then added at random: an @-mention or greeting, lower case, dropped apostrophes, one swapped-letter typo,
doubled punctuation. Everything is drawn from ``random.Random(seed)``: the same seed gives the same rows.

The labels are the generator's intent, not an annotator's judgement, and the frames are ours: figures measured on
these rows show whether the detectors handle the phrasings written here, not how they do on real traffic.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

LABELS: tuple[str, ...] = ("service_request", "complaint", "press_enquiry", "safeguarding")

STREETS = ["Duke Street", "Elm Grove", "Church Road", "Park Road", "Lord Street", "Stanley Road", "College Street",
           "Rainford Road", "Liverpool Road", "Marsh Lane", "Linacre Lane", "Moss Bank Road", "Chapel Lane",
           "Victoria Terrace", "Westfield Street", "Knowsley Road", "Eccleston Street", "Hall Street"]
TOWNS = ["St Helens", "Bootle", "Southport", "Crosby", "Formby", "Maghull", "Haydock", "Rainford", "Thatto Heath",
         "Newton-le-Willows", "Eccleston", "Parr", "Litherland", "Ainsdale", "Billinge", "Sutton"]
PARKS = ["Victoria Park", "Sherdley Park", "Taylor Park", "Hesketh Park", "Derby Park", "Crosby beach",
         "Botanic Gardens", "Mesnes Park"]
PROBLEMS = ["a huge pothole", "a massive pot hole", "fly-tipping", "a dumped mattress", "a streetlight that's out",
            "a blocked drain", "graffiti all over the wall", "dog fouling all over the pavement", "a fallen tree",
            "broken paving slabs", "an abandoned car", "a broken swing in the play area", "overflowing bins",
            "a street lamp flickering all night", "a leaking water pipe"]
PROBLEM_NOUNS = ["pothole", "fly-tipping", "streetlight", "blocked drain", "graffiti", "broken paving",
                 "missed bin collection", "broken swing", "fallen tree"]
SERVICES = ["a blue badge", "a bulky waste collection", "a resident parking permit", "a replacement wheelie bin",
            "the garden waste collection", "a single person council tax discount", "a bus pass",
            "a disabled parking bay", "a school place", "a new recycling box"]
DURATIONS = ["two weeks", "three weeks", "a month", "six weeks", "over two months", "10 days", "three months"]
DEPTS = ["the housing team", "the contact centre", "council tax", "the highways team", "the planning department",
         "environmental health", "the bin men", "customer services", "the parking office"]
OUTLETS = ["the Liverpool Echo", "the St Helens Star", "BBC Radio Merseyside", "ITV Granada", "the Southport Visiter",
           "the Champion", "Sky News", "the Manchester Evening News", "PA Media"]
ROLES = ["reporter", "journalist", "news reporter", "producer", "senior correspondent"]
TOPICS = ["the leisure centre closures", "the new bus lane on {street}", "the bin strike", "the rise in council tax",
          "the flooding in {town}", "the pier closure", "the Ravenhead development", "the library cuts",
          "the care home inspection report", "the road resurfacing on {street}"]
CHILDREN = ["the little girl next door", "the kids at number 12", "my neighbour's son", "a young boy on our street",
            "the two children across the road", "my granddaughter's friend", "a 9 year old down our road"]
ADULTS = ["my elderly neighbour", "the old man next door", "my nan, who has dementia",
          "a vulnerable woman in our flats", "the pensioner at number 4", "my disabled brother"]


def _pick(rng: random.Random, items: list[str]) -> str:
    return rng.choice(items)


def _fill(rng: random.Random, frame: str) -> str:
    slots = {
        "street": _pick(rng, STREETS), "town": _pick(rng, TOWNS), "park": _pick(rng, PARKS),
        "problem": _pick(rng, PROBLEMS), "noun": _pick(rng, PROBLEM_NOUNS), "service": _pick(rng, SERVICES),
        "duration": _pick(rng, DURATIONS), "dept": _pick(rng, DEPTS), "outlet": _pick(rng, OUTLETS),
        "role": _pick(rng, ROLES), "child": _pick(rng, CHILDREN), "adult": _pick(rng, ADULTS),
        "n": _pick(rng, ["three", "four", "five", "6", "several"]),
        "nth": _pick(rng, ["third", "fourth", "fifth", "2nd", "3rd"]),
    }
    slots["topic"] = _pick(rng, TOPICS).format(**slots)
    return frame.format(**slots)


SERVICE_REQUEST = [
    "There's {problem} on {street} in {town}, can someone come and sort it please?",
    "Just to report {problem} outside 23 {street}, {town}. It's been there since Monday.",
    "Who do I contact about {problem} on {street}?",
    "Hi, our bins weren't collected on {street} this week, can you send someone?",
    "How do I apply for {service}?",
    "Where can I apply for {service}? Can't find it on the website.",
    "is there a way to book {service} online",
    "I'd like to report {problem} near {park}.",
    "Can you please send someone to look at {problem} at the end of {street}, {town}",
    "When will the streetlight on {street} be fixed? It's been out all week and it's pitch black.",
    "How can I get {service} for my mum in {town}?",
    "The road on {street} is flooded again after the rain, please can someone clear the drains",
]
COMPLAINT = [
    "I've been waiting {duration} for {dept} to get back to me. Absolutely disgraceful service.",
    "I want to make a formal complaint about how {dept} treated me on the phone today.",
    "Fed up of ringing {dept} and being passed around. Nobody ever calls back.",
    "Worst council in the country. {dept} couldn't care less about {town}.",
    "Really unhappy with the way my council tax appeal was handled, nobody has explained anything.",
    "Appalling communication from {dept}, I had to chase {n} times just to get an answer.",
    "The new parking charges in {town} are a joke, you lot don't listen to residents at all.",
    "Shocking. Paid for {service} {duration} ago and still nothing.",
    "Why does it take {duration} to answer a simple email? Not impressed with {dept}.",
    "So disappointed with {dept}, the staff member I spoke to was rude and unhelpful.",
]
COMPLAINT_REPEAT = [
    "I've reported the {noun} on {street} {n} times now and nothing has been done. Disgraceful.",
    "Still waiting for someone to fix the {noun} on {street}, it's been {duration}. Useless.",
    "Our bins have been missed for the {nth} time this month on {street}. Sort it out!",
    "Reported the {noun} near {park} {duration} ago, nobody has bothered to come out. Pathetic.",
]
PRESS = [
    "Hi, I'm a {role} at {outlet}. Could the council give us a statement on {topic}?",
    "{outlet} here - does the council have a comment on {topic}? We're running a story this afternoon.",
    "Hello, {role} with {outlet}. Would the council like to respond to criticism over {topic} for our article?",
    "Could your press office get in touch? I'm writing a piece on {topic} for {outlet}, deadline 4pm today.",
    "I'm a {role} working on a story about {topic}. Can someone from the council provide a quote?",
    "Requesting a comment from the council on {topic} on behalf of {outlet}, thanks.",
]
SAFEGUARDING = [
    "I'm really worried about {child}, they're left alone every night and I've seen bruises on their arms.",
    "{child} told me they are scared to go home because of their dad. Who do I tell?",
    "I think {adult} is being neglected, they haven't been fed properly in days.",
    "{adult} is being hit by her carer, I heard it through the wall last night.",
    "I can't cope anymore, I just want to end it all.",
    "My teenage son has been self harming and we don't know where to turn.",
    "My partner hits me when he's been drinking and I'm frightened to go back to the house in {town}.",
    "There are older men picking up girls from outside the school on {street} and giving them alcohol.",
    "I think the lads dealing near {park} are using kids for county lines, they look about 13.",
    "Honestly feel like everyone would be better off without me.",
    "My friend said she took an overdose last night and won't tell anyone.",
]
NEUTRAL = [
    "Great job on the new playground in {park}, the kids love it!",
    "Thanks to the bin crew on {street}, always cheerful and careful.",
    "Lovely afternoon at {park} today, the flower beds look amazing.",
    "Well done to everyone involved in the {town} food festival, brilliant day.",
    "The library in {town} is so much nicer since the refurb.",
    "Saw in {outlet} that the pier is reopening, great news for {town}.",
    "No complaints from me, the new recycling service on {street} has been spot on.",
    "This heat is killing me, off to {park} for an ice cream.",
    "Really useful safeguarding awareness session at the town hall today, thanks all.",
    "Happy to see the Christmas lights back up in {town}!",
    "Just been for a walk along {street}, the new trees look lovely.",
]

# kind -> (frames, labels, weight)
KINDS: dict[str, tuple[list[str], tuple[str, ...], float]] = {
    "service_request": (SERVICE_REQUEST, ("service_request",), 0.22),
    "complaint": (COMPLAINT, ("complaint",), 0.16),
    "complaint_repeat": (COMPLAINT_REPEAT, ("complaint", "service_request"), 0.08),
    "press_enquiry": (PRESS, ("press_enquiry",), 0.14),
    "safeguarding": (SAFEGUARDING, ("safeguarding",), 0.14),
    "neutral": (NEUTRAL, (), 0.26),
}

_HANDLES = ["@StHelensCouncil ", "@SeftonCouncil ", "", "", "", "Hi, ", "hello ", ""]


def _typo(rng: random.Random, text: str) -> str:
    """Swap two adjacent letters inside one longer word."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    k = rng.randrange(1, len(w) - 2)
    words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    return " ".join(words)


_NOISE: list[tuple[float, Callable[[random.Random, str], str]]] = [
    (0.25, lambda r, t: t.lower()),
    (0.2, lambda r, t: t.replace("'", "")),
    (0.15, _typo),
    (0.1, lambda r, t: t.rstrip(".!?") + r.choice(["!!", "!!!", "??", " :(", ""])),
]


def generate(seed: int, n: int) -> list[dict[str, Any]]:
    """`n` labelled messages, the same for the same `seed` (see the module docstring)."""
    rng = random.Random(seed)
    kinds = list(KINDS)
    weights = [KINDS[k][2] for k in kinds]
    rows: list[dict[str, Any]] = []
    for _ in range(n):
        kind = rng.choices(kinds, weights)[0]
        frames, labels, _w = KINDS[kind]
        text = _fill(rng, rng.choice(frames))
        text = text[0].upper() + text[1:]
        text = rng.choice(_HANDLES) + text
        for p, change in _NOISE:
            if rng.random() < p:
                text = change(rng, text)
        rows.append({"text": text, "labels": list(labels), "kind": kind})
    return rows
