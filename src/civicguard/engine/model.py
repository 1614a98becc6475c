"""The engine's vocabulary: what goes into a check and what comes out.

Plain dataclasses, no framework: the web app, workers and command line all build these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from civicguard.engine.images.facts import ImageFacts

Channel = Literal["official", "personal", "reply", "comment"]
CHANNELS: tuple[str, ...] = ("official", "personal", "reply", "comment")

# Fixed vocabulary: the web app filters on these names, so never rename one.
CATEGORIES: frozenset[str] = frozenset(
    {
        "personal_data",
        "offensive",
        "discrimination",
        "defamation",
        "confidential",
        "criticism",
        "personal_view",
        "political",
        "council_email",
        "safeguarding",
        "inappropriate_link",
        "public_case_handling",
        "service_request",
        "complaint",
        "press_enquiry",
        "consent",
        "sexual_image",
        # An official post that the platform it is for would refuse or cut (too long for it).
        "platform_fit",
    }
)

# The platforms an official account can be on: the same slugs as the social accounts app. A check may name the
# platform its post is for (Context.platform); rules about fitting a platform apply only when it is known.
PLATFORMS: tuple[str, ...] = ("facebook", "instagram", "x", "youtube", "mastodon", "linkedin", "tiktok", "threads",
                              "bluesky", "other")


class Severity(StrEnum):
    INFO = "info"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 1, Severity.WARN: 2, Severity.BLOCK: 3}


CONSENT_STATES = ("valid", "none", "expired", "withdrawn", "not-for-platform", "unknown")
PERSON_KINDS = ("staff", "public", "child", "unknown")


@dataclass(frozen=True)
class ImageTag:
    """A person tagged in an image, with what the consent register says of them on this post's platform and day.

    `consent`: "valid" (written consent on record, in date, not withdrawn, covering this platform), "none",
    "expired", "withdrawn", "not-for-platform" or "unknown" (a name typed by a caller who has no register: the
    command line, an API caller). `looked_after`: a fostered, looked-after or previously looked-after child; no
    image of them goes on social media whatever else is recorded (Sefton 5.5.4.10). `public_display`: a child's
    separate, specific permission for public display (5.5.4.8). `comms_permission`: Corporate Communications'
    permission (after Legal's advice) for this person on an employee's personal account (5.5.2.2)."""

    name: str
    kind: str = "unknown"
    consent: str = "unknown"
    looked_after: bool = False
    public_display: bool = False
    comms_permission: bool = False
    note: str = ""

    @property
    def consented(self) -> bool:
        """Counts as a consented person for the face count: valid consent, or a name typed where no register
        was asked ("unknown": the tagged-person reminder still asks for the form)."""
        return self.consent in ("valid", "unknown") and not self.looked_after


@dataclass(frozen=True)
class ImageRef:
    """An image attached to content, by reference (path, URL or media id), with the people tagged in it.

    `facts` are what the image detectors read (faces found...). The web app computes them in its worker; when
    they are None the check computes them from `data` (the image's bytes). The engine never opens `ref` itself
    (a trusted caller reads a local file with `engine.images.analyse.ref_from_path`); an image with neither
    facts nor data, or that cannot be decoded, gives a finding for a person, never "nothing found"."""

    ref: str
    tagged_people: tuple[str, ...] = ()
    alt_text: str = ""
    facts: ImageFacts | None = None
    data: bytes | None = field(default=None, repr=False, compare=False)
    # What the consent register says of each tagged person (the web app fills this; a caller with only names
    # gives `tagged_people` and the tags are made from them with consent "unknown").
    tags: tuple[ImageTag, ...] = ()

    def people(self) -> tuple[ImageTag, ...]:
        """The tagged people: `tags` when given, else one "unknown" tag per distinct typed name."""
        if self.tags:
            return self.tags
        seen: dict[str, ImageTag] = {}
        for name in self.tagged_people:
            if name.strip():
                seen.setdefault(name.strip().casefold(), ImageTag(name=name.strip()))
        return tuple(seen.values())


@dataclass(frozen=True)
class EmbargoedDocument:
    """An unpublished document registered by the council; posts must not leak it before `until`."""

    title: str
    text: str
    until: date | None = None

    def active_on(self, day: date) -> bool:
        return self.until is None or day < self.until


@dataclass(frozen=True)
class Content:
    text: str
    links: tuple[str, ...] = ()
    images: tuple[ImageRef, ...] = ()


@dataclass(frozen=True)
class Context:
    council: str
    channel: Channel
    politically_restricted: bool = False
    embargoed: tuple[EmbargoedDocument, ...] = ()
    today: date = field(default_factory=date.today)
    author: str | None = None
    # The platform the post is for (one of PLATFORMS), or None when unknown: then no platform rule applies.
    platform: str | None = None
    # The name of the pre-election period on for this check (the web app asks apps/elections `period_for`), or
    # None: the pack's pre-election rules (St Helens 5.7, the Code of Recommended Practice) apply only when set.
    election: str | None = None


RESTRICTION_SOURCES = ("hr-record", "as-you-say")


@dataclass(frozen=True)
class Restriction:
    """Whether the author's post counts as politically restricted (St Helens 5.7), and who says so: "hr-record"
    (HR's staff record, which CivicGuard reads for a signed-in person who has one), "as-you-say" (the person's own
    tick box or `politically_restricted` field), or None when nobody says it is."""

    restricted: bool
    source: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"politically_restricted": self.restricted, "politically_restricted_source": self.source}


def restriction_from(*, hr_record: bool | None, stated: bool) -> Restriction:
    """The one rule: HR's record of a restricted post counts whatever the person says; the person's own statement
    can only add to it, and is all there is without a record (the command line, an API caller with no record)."""
    if hr_record:
        return Restriction(True, "hr-record")
    if stated:
        return Restriction(True, "as-you-say")
    return Restriction(False, None)


@dataclass(frozen=True)
class Detection:
    """What a detector reports: a span of the original text and how sure it is.

    `label` is the detector's own sub-type (``UK_NHS``, ``race``, ``leetspeak``...); `attributes` fill the
    placeholders of the rule's message (``{characteristic}``); `redacted` is the text with the span masked,
    for personal data; `needs_human` marks what the detector could not judge (an image it could not read), so
    the finding says a person must look, as a detector error does; `model_only` marks a detection that rests on a
    trained model's reading alone, with no listed wording (a rule may give those a milder severity).
    """

    start: int
    end: int
    confidence: float
    label: str = ""
    explanation: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    redacted: str | None = None
    needs_human: bool = False
    model_only: bool = False


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    clauses: tuple[str, ...]
    start: int
    end: int
    text: str
    confidence: float
    message: str
    remedy: str
    label: str = ""
    explanation: str = ""
    redacted: str | None = None
    needs_human: bool = False
    # False when the rule says no override may answer this finding, whoever asks (a looked-after child's image:
    # Sefton 5.5.4.10). Its JSON carries "overridable": false only then; a finding without the key may be
    # overridden as the council's facts allow.
    overridable: bool = True

    def to_dict(self) -> dict[str, Any]:
        # Written out field by field (in their order) rather than with dataclasses.asdict, which deep-copies every
        # value: a scan turns every finding into JSON.
        data: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.value,
            "clauses": list(self.clauses),
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "confidence": round(self.confidence, 3),
            "message": self.message,
            "remedy": self.remedy,
            "label": self.label,
            "explanation": self.explanation,
        }
        if self.redacted is not None:
            data["redacted"] = self.redacted
        data["needs_human"] = self.needs_human
        if not self.overridable:
            data["overridable"] = self.overridable
        return data


@dataclass(frozen=True)
class CheckResult:
    verdict: Literal["block", "warn", "pass"]
    council: str
    policy_version: str
    channel: str
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "council": self.council,
            "policy_version": self.policy_version,
            "channel": self.channel,
            "findings": [f.to_dict() for f in self.findings],
        }
