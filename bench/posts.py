"""A seeded generator of varied, synthetic UK council social media posts for the engine benchmark.

Every post is built from combinatorial templates and word pools, so 10,000 posts are nearly all distinct
while the mix stays realistic: most posts are clean (announcements, staff posts, helpful replies, resident
comments); some carry UK personal data (names with titles, UK phone numbers, postcodes, NHS numbers with a
valid modulus-11 check digit, e-mail addresses); some are offensive or obfuscated; some are complaints,
service requests or press enquiries; some are political (officers' personal posts are marked
`politically_restricted`); some give a council e-mail address; some carry links, a few of them dubious.

Everything is drawn from one `random.Random(seed)`; the default seed is `DEFAULT_SEED` (20240611), so the
same seed and count always give byte-for-byte the same posts on any machine. All names, numbers, addresses
and links are invented.

    .venv/bin/python bench/posts.py --posts 10000 --out /tmp/posts.jsonl   # writes JSONL, prints the mix

Each JSONL row is `{id, text, council, as, politically_restricted}`, the fields `civicguard scan` reads.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_SEED = 20240611
MIN_CHARS = 20
MAX_CHARS = 280
COUNCILS: tuple[str, ...] = ("st-helens", "sefton")
CHANNELS: tuple[str, ...] = ("official", "personal", "reply", "comment")


@dataclass(frozen=True)
class Post:
    id: str
    text: str
    council: str
    channel: str
    politically_restricted: bool
    kind: str  # which family of template made it (not part of the scan row)

    def row(self) -> dict[str, Any]:
        """The row `civicguard scan` reads."""
        return {
            "id": self.id,
            "text": self.text,
            "council": self.council,
            "as": self.channel,
            "politically_restricted": self.politically_restricted,
        }


# --------------------------------------------------------------------------------------------- word pools

FEMALE = (
    "Laila", "Sarah", "Emma", "Aisha", "Chloe", "Priya", "Joanne", "Grace", "Siobhan", "Fatima", "Hannah",
    "Amira", "Rachel", "Olivia", "Bethany", "Nadia", "Ruth", "Zainab", "Gemma", "Agnieszka", "Maureen",
)
MALE = (
    "John", "Mohammed", "David", "Peter", "Gary", "Liam", "Tomasz", "Kevin", "Daniel", "Paul", "Stephen",
    "Jack", "Wei", "Michael", "Connor", "Ian", "Kieran", "Callum", "Lewis",
)
FIRST = FEMALE + MALE
LAST = (
    "Rahman", "Smith", "Jones", "Williams", "Taylor", "Brown", "Patel", "Murphy", "Evans", "Kowalski",
    "Hughes", "Roberts", "Walsh", "Khan", "Thompson", "Wright", "McCarthy", "Ahmed", "Hall", "Green",
    "O'Brien", "Johnson", "Clarke", "Lewis", "Nowak", "Jackson", "Wood", "Okafor", "Harris", "Edwards",
    "Doyle", "Begum", "Martin", "Chen", "Kelly", "Parry", "Ali", "Fitzgerald", "Barnes", "Lloyd",
)
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Cllr", "Mx")
MAIL_HOSTS = ("gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "btinternet.com", "icloud.com")

PLACES = {
    "st-helens": (
        "Sherdley Park", "Victoria Park", "Taylor Park", "the World of Glass", "Rainford",
        "Newton-le-Willows", "Haydock", "Eccleston", "Billinge", "Parr", "Thatto Heath", "Rainhill",
        "St Helens town centre", "Clock Face", "Bold", "Moss Bank",
    ),
    "sefton": (
        "Southport", "Crosby", "Bootle", "Formby", "Maghull", "Litherland", "Ainsdale", "Netherton",
        "Waterloo", "Crosby Beach", "Southport Pier", "the Botanic Gardens in Churchtown", "Lydiate",
        "Seaforth", "Hightown", "Birkdale",
    ),
}
BOROUGH = {"st-helens": "St Helens", "sefton": "Sefton"}
TAGS = {
    "st-helens": ("#StHelens", "#LoveStHelens", "#StHelensBorough", "#TeamStHelens"),
    "sefton": ("#Sefton", "#LoveSefton", "#Southport", "#SeftonCoast"),
}
WEB = {"st-helens": "www.sthelens.gov.uk", "sefton": "www.sefton.gov.uk"}
MAIL_DOMAIN = {"st-helens": "sthelens.gov.uk", "sefton": "sefton.gov.uk"}
PUBLISHED_MAIL = {
    "st-helens": ("contactcentre@sthelens.gov.uk", "events@sthelens.gov.uk", "libraries@sthelens.gov.uk"),
    "sefton": ("contact@sefton.gov.uk", "events@sefton.gov.uk", "libraries@sefton.gov.uk"),
}
OUTWARD = {
    "st-helens": ("WA9", "WA10", "WA11", "WA12", "WA5"),
    "sefton": ("L20", "L21", "L22", "L23", "L30", "L31", "L37", "PR8", "PR9"),
}
STREETS = (
    "Elm Road", "Church Street", "Duke Street", "Park Avenue", "Marshalls Cross Road", "Lord Street",
    "Liverpool Road", "College Street", "Station Road", "Victoria Road", "Bridge Street", "Moor Lane",
    "Green Lane", "Chapel Street", "Windle Street", "Queens Road", "Hall Street", "Mill Lane",
)
SERVICES = (
    "library", "leisure centre", "household waste recycling centre", "contact centre", "register office",
    "youth centre", "visitor centre", "museum", "sports centre", "one stop shop",
)
TEAMS = (
    "highways", "waste and recycling", "parks", "environmental health", "street lighting", "housing",
    "council tax", "adult social care", "planning", "licensing", "customer contact", "school admissions",
)
EVENTS = (
    "Christmas lights switch-on", "summer fun day", "food and drink festival", "armed forces day parade",
    "half-term craft workshop", "community clean-up", "jobs fair", "Light Night", "park run",
    "heritage open day",
    "Easter egg hunt", "seafront air show", "family fun run", "outdoor cinema night",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)
TIMES = ("9am", "9.30am", "10am", "11am", "noon", "1pm", "2pm", "3pm", "4pm", "5pm", "6pm", "7pm")
REASONS = (
    "staff training", "essential maintenance", "a power cut", "refurbishment", "a private event",
    "the bank holiday", "urgent repairs to the roof", "a heating fault",
)
SCHEMES = (
    "school places for September", "the household support fund", "garden waste permits",
    "resident parking permits",
    "community grants", "free school meals", "the warm homes scheme", "summer holiday activity places",
)
CONSULTATIONS = (
    "the draft local plan", "proposed changes to library opening hours", "the new cycling and walking routes",
    "next year's budget", "the town centre regeneration plans", "the parking strategy",
)
GROUPS = (
    "the Friends of the park", "our apprentices", "the Year 6 pupils at St Mary's", "the library volunteers",
    "the street cleansing crew", "the local foodbank", "our foster carers", "the litter pickers",
)
ACHIEVEMENTS = (
    "a Green Flag award", "Britain in Bloom gold", "an apprenticeship award", "a national recycling award",
    "a community champion award",
)
BINS = ("grey", "blue", "brown", "green", "purple")
FILLERS = {
    "official": (
        "Find out more on our website.", "Thank you for your patience.", "All welcome.",
        "Please share with friends and neighbours.", "Opening times may change over the bank holiday.",
        "Follow us for updates.", "Free parking is available nearby.", "Booking is essential.",
        "Please check before you travel.", "Thanks to everyone who helped make this happen.",
    ),
    "personal": (
        "Great team effort.", "What a day!", "Proud to be part of it.", "Highly recommend.", "Lovely people.",
        "Back to work tomorrow.", "Worth a visit if you're passing.", "Made my week.",
    ),
    "reply": (
        "Thanks for your patience.", "Kind regards, the customer contact team.", "Have a good day.",
        "Apologies for any inconvenience.", "Let us know if we can help with anything else.",
    ),
    "comment": (
        "Just saying.", "Thanks.", "Cheers.", "Any update?", "Not good enough.", "Well done all.",
        "About time.", "Fingers crossed.", "Sort it out.",
    ),
}
EMOJI = ("🎉", "👍", "🌳", "☀️", "🙏", "👏", "😀", "💙", "🚧", "♻️")
INTENSIFIERS = ("f*cking", "fcking", "f**king", "f u c k i n g", "bloody", "effing", "fkn", "phucking")
INSULTS_PLURAL = (
    "useless w4nkers", "idiots", "muppets", "clowns", "sh1tbags", "tw@ts", "morons", "b@stards", "numpties",
    "sc*mbags", "d1ckheads",
)
INSULTS_ONE = ("pr*ck", "tw4t", "idiot", "clown", "waste of space", "a-hole", "knobhead", "b*llend")
TASKS = (
    "fill a pothole", "empty a bin", "grit a road", "answer the phone", "fix a streetlight", "cut the grass",
    "clean the beach", "run a library",
)
PROBLEMS = (
    "pothole", "fly-tipping", "broken streetlight", "overflowing bin", "blocked drain", "dog fouling",
    "abandoned car", "graffiti", "missed bin collection", "noisy neighbours",
)
FIXES = ("fix", "look at", "clear", "sort out", "come and check", "repair")
OUTLETS = (
    "the Liverpool Echo", "the St Helens Star", "the Champion", "BBC Radio Merseyside",
    "the Southport Visiter",
    "Granada Reports", "Radio City News", "the Local Democracy Reporting Service",
)
PRESS_TOPICS = (
    "the closure of the library", "the cost of the new leisure centre", "the delay to bin collections",
    "the council's budget gap", "the sale of the town hall", "complaints about the new parking charges",
    "the number of empty homes in the borough",
)
PARTIES = ("Labour", "the Conservatives", "the Lib Dems", "the Greens", "Reform UK", "the Independents")
SLOGANS = (
    "Every vote counts.", "Time for change.", "Let's keep the borough moving.", "Real change starts here.",
    "Don't let them take it for granted.",
)
POLICIES = (
    "the new parking charges", "the library closures", "the green belt housing plan", "the council tax rise",
    "the clean air zone", "cuts to youth services",
)
DODGY = (
    "http://free-prizes-uk.xyz/claim", "https://cheap-pills-online.top/buy", "bit.ly/3xYz9Qa",
    "http://hot-singles-nearby.click/meet", "https://crypto-doubler.win/start", "tinyurl.com/freeipad24",
    "http://watch-free-films.ru/stream",
)
PATHS = (
    "bins", "council-tax", "libraries", "parking", "planning", "events", "jobs", "consultations", "schools",
    "roadworks", "leisure", "housing", "adult-social-care", "report-it",
)


# -------------------------------------------------------------------------------------------- identifiers


def nhs_check_digit(nine: Sequence[int]) -> int | None:
    """The modulus-11 check digit for the first nine digits of an NHS number, or None if none is valid."""
    total = sum(d * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    return len(digits) == 10 and nhs_check_digit(digits[:9]) == digits[9]


class _Maker:
    """Draws every random choice from one seeded `random.Random`."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def pick(self, pool: Sequence[str]) -> str:
        return pool[self.r.randrange(len(pool))]

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    # people and contact details

    def first(self) -> str:
        return self.pick(FIRST)

    def last(self) -> str:
        return self.pick(LAST)

    def titled_name(self) -> str:
        title = self.pick(TITLES)
        if title == "Mr":
            first = self.pick(MALE)
        elif title in ("Mrs", "Ms", "Miss"):
            first = self.pick(FEMALE)
        else:
            first = self.first()
        return f"{title} {first} {self.last()}"

    def handle(self) -> str:
        base = self.first() + (self.last()[:1] if self.chance(0.5) else self.pick(LAST).replace("'", ""))
        return "@" + base + (str(self.r.randrange(1, 999)) if self.chance(0.6) else "")

    def nhs(self) -> str:
        while True:
            nine = [self.r.randrange(1 if i == 0 else 0, 10) for i in range(9)]
            check = nhs_check_digit(nine)
            if check is not None:
                break
        s = "".join(map(str, nine)) + str(check)
        style = self.r.randrange(3)
        if style == 0:
            return f"{s[:3]} {s[3:6]} {s[6:]}"
        if style == 1:
            return f"{s[:3]}-{s[3:6]}-{s[6:]}"
        return s

    def phone(self, council: str) -> str:
        kind = self.r.randrange(4)
        if kind <= 1:  # mobile
            body = f"7{self.r.randrange(400, 999)}{self.r.randrange(100000, 999999)}"
            style = self.r.randrange(4)
            if style == 0:
                return f"0{body[:4]} {body[4:]}"
            if style == 1:
                return f"0{body}"
            if style == 2:
                return f"+44 {body[:4]} {body[4:]}"
            return f"0{body[:4]} {body[4:7]} {body[7:]}"
        if kind == 2 and council == "st-helens":
            return f"01744 {self.r.randrange(200000, 999999)}"
        if kind == 2:
            return f"01704 {self.r.randrange(200000, 999999)}"
        return f"0151 {self.r.randrange(200, 999)} {self.r.randrange(1000, 9999)}"

    def postcode(self, council: str) -> str:
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        inward = f"{self.r.randrange(1, 10)}{self.pick(letters)}{self.pick(letters)}"
        code = f"{self.pick(OUTWARD[council])} {inward}"
        if self.chance(0.1):
            code = code.replace(" ", "")
        if self.chance(0.1):
            code = code.lower()
        return code

    def address(self, council: str) -> str:
        street = f"{self.r.randrange(1, 240)} {self.pick(STREETS)}"
        return f"{street}, {self.pick(PLACES[council])} {self.postcode(council)}"

    def personal_email(self) -> str:
        sep = self.pick((".", "_", ""))
        num = str(self.r.randrange(1, 99)) if self.chance(0.5) else ""
        last = self.last().lower().replace("'", "")
        return f"{self.first().lower()}{sep}{last}{num}@{self.pick(MAIL_HOSTS)}"

    def staff_email(self, council: str) -> str:
        last = self.last().lower().replace("'", "")
        return f"{self.first().lower()}.{last}@{MAIL_DOMAIN[council]}"

    def ref(self) -> str:
        return f"{self.pick(('HB', 'CT', 'PL', 'HS', 'SR'))}{self.r.randrange(100000, 999999)}"

    # when and where

    def date(self) -> str:
        return f"{self.r.randrange(1, 29)} {self.pick(MONTHS)}"

    def time_range(self) -> str:
        start = self.r.randrange(0, 6)
        end = self.r.randrange(start + 2, len(TIMES))
        return f"{TIMES[start]} to {TIMES[end]}"

    def place(self, council: str) -> str:
        return self.pick(PLACES[council])

    def url(self, council: str) -> str:
        return f"https://{WEB[council]}/{self.pick(PATHS)}"


# ---------------------------------------------------------------------------------------------- templates
# Each template returns (channel, text, politically_restricted or None for the default).

Made = tuple[str, str, bool | None]
Template = Callable[[_Maker, str], Made]


def _announcement(m: _Maker, c: str) -> Made:
    p = m.place(c)
    options = (
        f"The {m.pick(SERVICES)} in {p} will be closed on {m.pick(DAYS)} {m.date()} for {m.pick(REASONS)}.",
        f"Applications for {m.pick(SCHEMES)} are now open. Apply by {m.date()}.",
        f"Our {m.pick(EVENTS)} returns to {p} on {m.pick(DAYS)} {m.date()}, {m.time_range()}.",
        f"Roadworks on {m.pick(STREETS)} in {p} start on {m.pick(DAYS)}; expect delays until {m.date()}.",
        f"Your {m.pick(BINS)} bin collection moves to {m.pick(DAYS)} this week because of the bank holiday.",
        f"The {m.pick(SERVICES)} in {p} is now open until {m.pick(TIMES)} on weekdays.",
        f"Council tax bills for {(year := m.r.randrange(2025, 2029))}/{(year + 1) % 100} are on their way. "
        "Pay online or set up a Direct Debit.",
        f"Weather warning: gritters will be out across {BOROUGH[c]} from {m.pick(TIMES[-4:])} tonight.",
        f"Congratulations to {m.pick(GROUPS)} in {p} on winning {m.pick(ACHIEVEMENTS)}!",
        f"Have your say on {m.pick(CONSULTATIONS)}. The consultation closes on {m.date()}.",
        f"Our {m.pick(TEAMS)} team will be at {p} on {m.pick(DAYS)} to answer your questions.",
        f"Reminder: applications for {m.pick(SCHEMES)} close on {m.date()}.",
        f"{p}: {m.pick(EVENTS)} this {m.pick(DAYS)}, {m.time_range()}.",
    )
    return "official", m.pick(options), None


def _personal_clean(m: _Maker, c: str) -> Made:
    p = m.place(c)
    options = (
        f"Great morning volunteering at {p} with the {m.pick(TEAMS)} team {m.pick(EMOJI)}",
        f"Proud of {m.pick(GROUPS)} for {m.pick(ACHIEVEMENTS)}.",
        f"Lovely walk around {p} this {m.pick(('morning', 'afternoon', 'evening'))}.",
        f"Anyone recommend a good café near {p}?",
        f"Off to the {m.pick(EVENTS)} at {p} later, see you there!",
        f"Ten years working for {BOROUGH[c]} this {m.pick(MONTHS)}. Time flies!",
        f"Sunset at {p} tonight {m.pick(EMOJI)}",
        f"Finally finished the {m.pick(('half marathon', 'charity walk', '10k', 'bike ride'))} around {p}.",
    )
    return "personal", m.pick(options), None


def _reply_clean(m: _Maker, c: str) -> Made:
    h = m.handle()
    options = (
        f"{h} Thanks for letting us know. We've passed this to our {m.pick(TEAMS)} team.",
        f"{h} Hi, the {m.pick(SERVICES)} is open {m.time_range()}, Monday to {m.pick(DAYS[4:])}.",
        f"{h} Sorry to hear that. Please report it at {m.url(c)} so we can track it.",
        f"{h} Hi, yes, the {m.pick(EVENTS)} is still going ahead on {m.pick(DAYS)}.",
        f"{h} Thanks, glad you enjoyed it!",
        f"{h} Hi, collections in {m.place(c)} are running a day late this week.",
    )
    return "reply", m.pick(options), None


def _comment_clean(m: _Maker, c: str) -> Made:
    options = (
        "Lovely photos, thanks for sharing!",
        f"Is the {m.pick(SERVICES)} open on {m.pick(DAYS)}?",
        f"Great news for {m.place(c)} {m.pick(EMOJI)}",
        f"What time does the {m.pick(EVENTS)} start?",
        f"Went to {m.place(c)} yesterday, looks brilliant now.",
        f"Will there be parking near {m.place(c)} for the {m.pick(EVENTS)}?",
        "Thank you to the bin crew on our road, always cheerful.",
    )
    return "comment", m.pick(options), None


def _personal_data(m: _Maker, c: str) -> Made:
    channel = m.pick(("official", "official", "official", "reply", "reply", "reply", "personal", "comment",
                      "comment"))
    name = m.titled_name()
    options = {
        "official": (
            f"Test results for {name}, NHS {m.nhs()}, are ready to collect.",
            f"{name} of {m.address(c)} has been fined for fly-tipping.",
            f"If you have found a lost dog near {m.place(c)} please call {m.first()} on {m.phone(c)}.",
            f"Contact {m.first()} {m.last()} directly at {m.personal_email()} or on {m.phone(c)}.",
            f"{name}'s housing application (ref {m.ref()}) has been approved.",
            f"Well done to {name} (NHS number {m.nhs()}) who completed our stop smoking course.",
        ),
        "reply": (
            f"{m.handle()} Hi {m.pick(TITLES)} {m.last()}, we've booked your bulky waste collection at "
            f"{m.address(c)} for {m.pick(DAYS)}.",
            f"{m.handle()} Hi {name}, we've called you on {m.phone(c)} about case {m.ref()}.",
            f"{m.handle()} We've e-mailed {m.personal_email()} with your council tax statement.",
        ),
        "personal": (
            f"Happy birthday to {name}! Drop them a message on {m.phone(c)} {m.pick(EMOJI)}",
            f"Visited {name} at {m.address(c)} today, what a lovely garden.",
        ),
        "comment": (
            f"My number is {m.phone(c)}, can someone ring me about my bin? I live at {m.address(c)}.",
            f"Please e-mail me at {m.personal_email()}, I'm {m.first()} {m.last()} at {m.address(c)}.",
            f"Can you check my NHS number {m.nhs()} is on the list? {name}",
        ),
    }
    return channel, m.pick(options[channel]), None


def _offensive(m: _Maker, c: str) -> Made:
    channel = m.pick(("comment", "comment", "comment", "reply", "personal"))
    options = (
        f"You {m.pick(INTENSIFIERS)} {m.pick(INSULTS_PLURAL)} can't even {m.pick(TASKS)}.",
        f"{BOROUGH[c]} council are a bunch of {m.pick(INSULTS_PLURAL)}.",
        f"Absolute sh!te service again. The {m.pick(PROBLEMS)} on {m.pick(STREETS)} is still there.",
        f"Whoever runs the {m.pick(SERVICES)} is a total {m.pick(INSULTS_ONE)}.",
        f"STFU and fix the {m.pick(PROBLEMS)}, you {m.pick(INSULTS_PLURAL)}.",
        f"{m.handle()} you {m.pick(INTENSIFIERS)} {m.pick(INSULTS_ONE)}, nobody asked.",
        f"Wh@t a load of b0ll0cks. {m.pick(INTENSIFIERS).capitalize()} joke of a council.",
    )
    return channel, m.pick(options), None


def _routing(m: _Maker, c: str) -> Made:
    street = m.pick(STREETS)
    options = (
        f"I've complained {m.pick(('twice', 'three times', 'four times', 'for months'))} about the "
        f"{m.pick(PROBLEMS)} on {street} and nothing has been done.",
        f"Really disappointed with the {m.pick(TEAMS)} team. I want to make a formal complaint.",
        f"Can someone please {m.pick(FIXES)} the {m.pick(PROBLEMS)} on {street}, {m.place(c)}? "
        f"It's been {m.pick(('a week', 'two weeks', 'a month', 'ages'))}.",
        f"My {m.pick(BINS)} bin wasn't collected on {m.pick(DAYS)}, can you send someone?",
        f"How do I apply for {m.pick(SCHEMES)}?",
        f"Hi, I'm a reporter at {m.pick(OUTLETS)}. Could your press office comment on {m.pick(PRESS_TOPICS)} "
        f"by {m.pick(TIMES)} today?",
        f"Journalist from {m.pick(OUTLETS)} here: can the council confirm {m.pick(PRESS_TOPICS)}? Please DM.",
        f"Reporting a {m.pick(PROBLEMS)} outside number {m.r.randrange(1, 200)} {street}.",
    )
    return "comment", m.pick(options), None


def _political(m: _Maker, c: str) -> Made:
    channel = m.pick(("personal", "personal", "personal", "personal", "personal", "comment", "comment",
                      "official"))
    restricted = channel == "personal" and m.chance(0.75)
    party = m.pick(PARTIES)
    options = (
        f"Vote {party.removeprefix('the ')} on {m.date()}! {m.pick(SLOGANS)}",
        f"{party[0].upper() + party[1:]} have ruined {m.place(c)}. {m.pick(SLOGANS)}",
        f"Proud to be out canvassing for {party.removeprefix('the ')} in {m.place(c)} today.",
        f"Really impressed with Cllr {m.last()}'s manifesto for {m.place(c)}. Backing {party} all the way.",
        f"Sign the petition against {m.pick(POLICIES)} and support {party}.",
        f"Whatever you think of {m.pick(POLICIES)}, {party} got it wrong. {m.pick(SLOGANS)}",
    )
    return channel, m.pick(options), restricted


def _council_email(m: _Maker, c: str) -> Made:
    channel = m.pick(("official", "official", "reply", "reply", "personal"))
    options = (
        f"For help with this, e-mail {m.staff_email(c)} directly.",
        f"Send your photos to {m.pick(PUBLISHED_MAIL[c])} and we'll share the best ones.",
        f"{m.handle()} Please e-mail {m.staff_email(c)} with your reference number.",
        f"Any questions about the {m.pick(EVENTS)}? E-mail {m.pick(PUBLISHED_MAIL[c])}.",
        f"Drop me a line at work if you want to help: {m.staff_email(c)}",
    )
    return channel, m.pick(options), None


def _links(m: _Maker, c: str) -> Made:
    channel = m.pick(("official", "official", "official", "official", "personal", "reply", "comment"))
    if m.chance(0.7):
        options = (
            f"Find out more: {m.url(c)}",
            f"Book your place for the {m.pick(EVENTS)} at {m.url(c)}",
            f"Check your collection day at {m.url(c)} {m.pick(EMOJI)}",
            f"Read the full report on {m.pick(CONSULTATIONS)} at {m.url(c)}",
        )
    else:
        options = (
            f"Win a free iPad!!! Click {m.pick(DODGY)} now",
            f"Hot singles near {m.place(c)} {m.pick(DODGY)}",
            f"Check this out {m.pick(DODGY)} {m.pick(EMOJI)}",
            f"Make £500 a day from home, ask me how {m.pick(DODGY)}",
        )
    return channel, m.pick(options), None


# (weight, kind, template): weights are per cent of posts.
MIX: tuple[tuple[int, str, Template], ...] = (
    (26, "announcement", _announcement),
    (10, "personal_clean", _personal_clean),
    (10, "reply_clean", _reply_clean),
    (10, "comment_clean", _comment_clean),
    (12, "personal_data", _personal_data),
    (7, "offensive", _offensive),
    (9, "complaint_request_press", _routing),
    (6, "political", _political),
    (4, "council_email", _council_email),
    (6, "links", _links),
)


# A clean sentence typical of each channel, to lengthen a post without changing what kind of post it is.
_EXTRA: dict[str, Template] = {
    "official": _announcement,
    "personal": _personal_clean,
    "reply": _reply_clean,
    "comment": _comment_clean,
}


def _fit(m: _Maker, text: str, channel: str, council: str) -> str:
    """Lengthen the core text towards a drawn target (20..280 chars) with clean sentences typical of the
    channel, at most two short fillers (sign-offs, hashtags) and the odd emoji."""
    band = m.r.random()
    if band < 0.25:
        target = m.r.randrange(MIN_CHARS, 60)
    elif band < 0.65:
        target = m.r.randrange(60, 140)
    else:
        target = m.r.randrange(140, MAX_CHARS + 1)
    fillers = list(FILLERS[channel])
    if channel in ("official", "personal"):
        fillers += list(TAGS[council])
    used = {"filler": 0, "sentence": 0}
    for _ in range(8):
        if len(text) >= max(target, MIN_CHARS):
            break
        roll = m.r.random()
        if roll < 0.1:
            extra, part = m.pick(EMOJI), "emoji"
        elif roll < 0.5 and used["filler"] < 2:
            extra, part = m.pick(fillers), "filler"
        elif used["sentence"] < 2:
            extra, part = _EXTRA[channel](m, council)[1], "sentence"
            if channel == "reply":  # the reply already names who it answers
                extra = extra.split(" ", 1)[1]
        else:
            continue
        if extra[:16] in text:  # no sentence twice from the same template
            continue
        before = part == "sentence" and not text.startswith("@") and m.chance(0.15)
        candidate = f"{extra} {text}" if before else f"{text} {extra}"
        if len(candidate) <= MAX_CHARS:
            text = candidate
            if part in used:
                used[part] += 1
    return text


def generate_posts(n: int, seed: int = DEFAULT_SEED) -> list[Post]:
    """`n` posts, the same for the same `n` and `seed`; the first k posts do not depend on `n`."""
    m = _Maker(random.Random(seed))
    weights = [w for w, _, _ in MIX]
    posts: list[Post] = []
    while len(posts) < n:
        council = COUNCILS[m.r.randrange(len(COUNCILS))]
        (_, kind, template) = m.r.choices(MIX, weights=weights)[0]
        channel, text, restricted = template(m, council)
        text = _fit(m, text, channel, council)
        if not MIN_CHARS <= len(text) <= MAX_CHARS:  # an unusually long draw: try another
            continue
        if restricted is None:
            restricted = channel == "personal" and m.chance(0.08)
        posts.append(Post(f"post-{len(posts) + 1:05d}", text, council, channel, restricted, kind))
    return posts


def write_jsonl(posts: Iterable[Post], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for post in posts:
            handle.write(json.dumps(post.row(), ensure_ascii=False) + "\n")
            count += 1
    return count


def describe(posts: Sequence[Post]) -> dict[str, Any]:
    """The mix of a set of posts: counts by kind, channel and council, distinct texts and lengths."""
    lengths = [len(p.text) for p in posts]
    return {
        "posts": len(posts),
        "distinct_texts": len({p.text for p in posts}),
        "min_chars": min(lengths, default=0),
        "max_chars": max(lengths, default=0),
        "mean_chars": round(sum(lengths) / len(lengths), 1) if lengths else 0.0,
        "politically_restricted": sum(p.politically_restricted for p in posts),
        "by_kind": dict(sorted(Counter(p.kind for p in posts).items())),
        "by_channel": dict(sorted(Counter(p.channel for p in posts).items())),
        "by_council": dict(sorted(Counter(p.council for p in posts).items())),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=10_000, help="how many posts (default 10000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    args = parser.parse_args(argv)
    posts = generate_posts(args.posts, args.seed)
    write_jsonl(posts, args.out)
    json.dump(describe(posts), sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
