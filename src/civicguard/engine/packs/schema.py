"""The shape of a policy pack, validated with pydantic when the pack loads.

A pack is a folder holding `pack.yaml` (the council, its document and its facts), `clauses.yaml` (every
numbered clause as published, with how it is enforced) and `rules/*.yaml` (the checks). A single YAML file
holding all three sections is also a valid pack (the shape `civicguard policy import` writes).
"""

from __future__ import annotations

import re
import string
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from civicguard.engine.model import CATEGORIES, CHANNELS

RULE_ID = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
CLAUSE_NUMBER = re.compile(r"^\d+(?:\.\d+)*(?:[a-z])?$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(Strict):
    title: str
    source: str = Field(description="file name or address of the published document")
    version: str
    issued: date | None = None
    amended: list[str] = []
    approved_by: str | None = None
    notes: str | None = None


class BusinessCase(Strict):
    completed_by: str
    approved_by: str
    approver_role: str = Field(description="the CivicGuard role slug that approves (e.g. approver)")
    completed_by_roles: list[str] = Field(default=["service-manager"],
                                          description="the CivicGuard role slugs that may complete one")
    endorsed_by_role: str | None = Field(
        default=None, description="the CivicGuard role slug that endorses a case written by someone without that "
                                  "role before the approver decides (St Helens 9.11: the author's Service "
                                  "Manager); none: cases go straight to the approver")
    clauses: list[str]


class AccountCreation(Strict):
    created_by: str
    creator_role: str
    clauses: list[str]


class GrossMisconduct(Strict):
    description: str
    clauses: list[str] = Field(description="clauses whose breach is potential gross misconduct")
    cited_in: list[str]


class Reviews(Strict):
    policy_interval_months: int = Field(gt=0)
    policy_reviewed_by: list[str]
    consultees: list[str] = []
    policy_approved_by: str | None = Field(
        default=None, description="the body that formally approves the reviewed policy (St Helens 10.1: the Chief "
                                  "Officers Group)")
    policy_review_roles: list[str] = Field(
        default=["admin"], description="role slugs that run a policy review in CivicGuard: start it, record the "
                                       "consultees' comments, record the approval and publish")
    account_review_interval_months: int | None = Field(default=None, gt=0)
    dormant_after_days: int = Field(
        default=90, gt=0, description="a live account with no approved post for this many days is flagged dormant")
    clauses: list[str]


class PublishedContacts(Strict):
    """The council's own published contact details: showing these is not a personal-data disclosure."""

    emails: list[str] = []
    phones: list[str] = []
    websites: list[str] = []


class ReferenceFormat(Strict):
    """A reference the council publishes or issues (planning applications, FOI requests, orders): a string in
    this format is the council's own reference, not a personal identifier."""

    name: str = Field(min_length=1)
    pattern: str = Field(min_length=1, description="a Python regular expression matching the whole reference")
    example: str = Field(min_length=1, description="a reference in this format; it must match the pattern")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            rx = re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        if rx.fullmatch(""):
            raise ValueError("the pattern matches the empty string")
        return value

    @model_validator(mode="after")
    def _example_matches(self) -> ReferenceFormat:
        if re.fullmatch(self.pattern, self.example) is None:
            raise ValueError(f"the example {self.example!r} does not match the pattern")
        return self


class ReasonCode(Strict):
    code: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    label: str
    clauses: list[str] = []
    categories: list[str] = Field(default=[], description="finding categories this reason usually answers")
    actions: list[Literal["approve", "hide", "remove", "escalate", "route"]] = Field(
        default=["hide", "remove", "escalate"], description="the actions this reason may be given for")


class RouteFacts(Strict):
    name: str
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    clauses: list[str] = []
    categories: list[str] = Field(default=[], description="finding categories suggesting this route")
    urgent: bool = False
    reply: str = Field(description="suggested public reply; {name}, {email} and {phone} are filled in")
    phone: str = ""

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: list[str]) -> list[str]:
        for cat in value:
            if cat not in CATEGORIES:
                raise ValueError(f"unknown category {cat!r}")
        return value

    @field_validator("reply")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        try:
            names = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
        except ValueError as exc:
            raise ValueError(f"the reply is not a valid template: {exc}") from exc
        unknown = names - {"name", "email", "phone"}
        if unknown:
            raise ValueError(f"the reply may use {{name}}, {{email}} and {{phone}}, not {sorted(unknown)}")
        return value


class Moderation(Strict):
    """The moderator's desk: reason codes for decisions, who comments are routed to, the clock."""

    clauses: list[str] = []
    reason_codes: list[ReasonCode] = Field(min_length=1)
    routes: dict[Literal["contact_centre", "press_office", "safeguarding"], RouteFacts]
    removal_needs_second_moderator: bool = False
    removal_confirmed_by: list[str] = Field(
        default=[], description="roles besides the moderators that may confirm or refuse a removal someone else "
                                "asked for (role slugs, such as approver), so a council with one moderator is "
                                "never stuck")
    hide_while_removal_pending: bool = Field(
        default=False, description="a removal waiting for the second person hides the comment meanwhile")
    removal_pending_hours: int = Field(
        default=4, gt=0, description="how long a removal may wait for the second person before it is overdue")
    removal_clauses: list[str] = Field(default=[], description="the clauses the removal settings serve")
    sla_hours: int = Field(default=24, gt=0, description="how long a comment may wait for review")
    notes: str | None = None

    @field_validator("removal_confirmed_by")
    @classmethod
    def _role_slugs(cls, value: list[str]) -> list[str]:
        for role in value:
            if not re.fullmatch(r"[a-z][a-z-]*", role):
                raise ValueError(f"{role!r} is not a role slug (such as approver)")
        return value

    @model_validator(mode="after")
    def _removal_never_stuck(self) -> Moderation:
        if self.removal_needs_second_moderator and not self.removal_confirmed_by:
            raise ValueError("a removal that needs a second person must name who else may confirm it "
                             "(removal_confirmed_by, such as [approver]), or a council with one moderator "
                             "could never remove a comment")
        if self.hide_while_removal_pending and not self.removal_needs_second_moderator:
            raise ValueError("hide_while_removal_pending needs removal_needs_second_moderator: a removal that "
                             "does not wait has nothing to hide meanwhile")
        return self

    @model_validator(mode="after")
    def _known_categories(self) -> Moderation:
        for reason in self.reason_codes:
            for cat in reason.categories:
                if cat not in CATEGORIES:
                    raise ValueError(f"reason {reason.code}: unknown category {cat!r}")
        codes = [r.code for r in self.reason_codes]
        if len(codes) != len(set(codes)):
            raise ValueError("reason codes must be unique")
        return self


class Unblocking(Strict):
    """Website unblocking requests (Sefton 5.1 and Appendix 2): who approves beyond the Computer Auditor."""

    available: bool = Field(default=True, description="teams may ask CivicGuard to unblock social media sites")
    assistant_director_approval: Literal["never", "where_applicable", "always"] = Field(
        default="never", description="whether the requester's Assistant Director must approve too (by e-mail, "
                                     "recorded by the ICT helpdesk)")
    assistant_director_over_days: int | None = Field(
        default=None, gt=0, description="where_applicable: a request for longer than this many days needs the "
                                        "Assistant Director (the helpdesk may also say one does)")
    max_days: int = Field(default=365, gt=0, le=3660, description="the longest access one request may ask for")
    clauses: list[str] = []


class Adviser(Strict):
    """Someone staff must ask for advice (St Helens 6.15 Internal Audit, 8.3; Sefton 5.5 Corporate Legal)."""

    slug: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    role: str = Field(description="the CivicGuard role slug whose holders answer (e.g. legal)")
    about: str = Field(default="", description="what to ask them about, in plain English")
    clauses: list[str] = []


DEFAULT_ADVISERS = [
    Adviser(slug="internal-audit", name="Internal Audit", role="computer-auditor",
            about="Data protection questions about social media activity"),
    Adviser(slug="legal", name="Legal Services", role="legal", about="Legal questions, including consent"),
]


class Logo(Strict):
    """The council's logo, which the logo detector looks for in the images of posts (St Helens 5.6: the logo is
    not for accounts that do not speak for the council). `file` is a PNG in the pack folder; the loader reads it
    (a missing or unreadable file fails the pack) and keeps its bytes and the council's pack id."""

    file: str = Field(description="the logo's PNG file, in the pack folder (e.g. logo.png)")
    notes: str | None = None
    _data: bytes = PrivateAttr(default=b"")
    _council: str = PrivateAttr(default="")

    @field_validator("file")
    @classmethod
    def _plain_png_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.png", value) or ".." in value:
            raise ValueError(f"{value!r} must be the name of a PNG file in the pack folder (such as logo.png)")
        return value

    def attach(self, data: bytes, council: str) -> None:
        """Keep the file's bytes and whose logo it is (the loader, once the file has been read)."""
        self._data, self._council = data, council

    @property
    def data(self) -> bytes:
        return self._data

    @property
    def council(self) -> str:
        return self._council


class Facts(Strict):
    email_domains: list[str] = Field(min_length=1)
    council_domains: list[str] = Field(
        default=[], description="the council's own web domains (its sub-domains included); an official post's "
                                "link to an address that imitates one of these is reported")
    published_contacts: PublishedContacts = PublishedContacts()
    business_case: BusinessCase
    account_creation: AccountCreation
    gross_misconduct: GrossMisconduct
    reviews: Reviews
    approver_name: str = Field(description="the section that approves official posts and accounts")
    block_override_role: str = Field(description="role slug that may override a block, with justification")
    warn_override_needs_second: bool = Field(
        default=False, description="an override of a warning also waits for a second person (a block always does)")
    retention_days: int = Field(default=730, gt=0)
    moderation: Moderation | None = None
    reference_formats: list[ReferenceFormat] = Field(
        default=[], description="the council's own reference formats; never reported as case references")
    unblocking: Unblocking = Unblocking()
    advisers: list[Adviser] = Field(default=DEFAULT_ADVISERS, description="who answers advice requests")
    posting_requires: list[str] = Field(
        default=[], description="what a person must have before they draft, submit, approve or moderate: "
                                "`agreement` (the current User Agreement, signed) and `training:<course slug>` (a "
                                "current completion of that course)")
    extra: dict[str, str] = {}
    logo: Logo | None = Field(default=None, description="the council's logo, for the logo detector (images.logo)")

    @field_validator("email_domains", "council_domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        for d in value:
            if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", d):
                raise ValueError(f"{d!r} is not a lower-case domain name")
        return value

    @field_validator("posting_requires")
    @classmethod
    def _requirements(cls, value: list[str]) -> list[str]:
        for item in value:
            if not re.fullmatch(r"agreement|training:[a-z0-9]+(-[a-z0-9]+)*", item):
                raise ValueError(f"{item!r} is not a requirement: use agreement or training:<course slug>")
        return value


EnforcementKind = Literal["rule", "workflow", "informational", "unclassified"]


class Enforcement(Strict):
    """How a clause is put into practice. Rules are found from the rules that cite the clause; workflows
    and records are named from civicguard.engine.traceability.WORKFLOWS."""

    workflows: list[str] = []
    informational: bool = False
    note: str | None = None


class Clause(Strict):
    number: str
    heading: str
    text: str
    enforcement: Enforcement = Enforcement()

    @field_validator("number")
    @classmethod
    def _number(cls, value: str) -> str:
        if not CLAUSE_NUMBER.match(value):
            raise ValueError(f"clause number {value!r} must look like 5.2, 5.5.4.10 or 5.3a")
        return value


Channel = Literal["official", "personal", "reply", "comment"]


class Rule(Strict):
    id: str
    clauses: list[str] = Field(min_length=1)
    category: str
    applies_to: list[Channel] = Field(min_length=1)
    detector: str
    params: dict[str, object] = {}
    severity: Literal["block", "warn", "info"]
    threshold: float = Field(default=0.5, ge=0.0, le=1.0, description="minimum confidence to report")
    message: str = Field(min_length=1)
    remedy: str = Field(min_length=1)
    enabled: bool = True
    overridable: bool = Field(
        default=True, description="false: no override may answer this rule's findings, whoever asks (a "
                                  "looked-after child's image, Sefton 5.5.4.10); only a block can say so")

    @model_validator(mode="after")
    def _only_a_block_is_final(self) -> Rule:
        if not self.overridable and self.severity != "block":
            raise ValueError("overridable: false needs severity block (a warning is there to be decided on)")
        return self

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"rule id {value!r} must be lower-case words joined by - or .")
        return value

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"category {value!r} is not one of {', '.join(sorted(CATEGORIES))}")
        return value

    @field_validator("applies_to")
    @classmethod
    def _channels(cls, value: list[str]) -> list[str]:
        for ch in value:
            if ch not in CHANNELS:  # pragma: no cover - Literal already guards
                raise ValueError(f"unknown channel {ch}")
        return value


class Pack(Strict):
    id: str
    council: str
    citation: str = Field(description="how clauses are cited, e.g. 'St Helens' gives 'St Helens 5.2'")
    status: Literal["active", "draft"] = "active"
    document: Document
    facts: Facts | None = None
    clauses: list[Clause] = Field(min_length=1)
    rules: list[Rule] = []

    @model_validator(mode="after")
    def _active_needs_facts(self) -> Pack:
        if self.status == "active" and self.facts is None:
            raise ValueError("an active pack must state the council's facts")
        return self

    @property
    def version(self) -> str:
        return self.document.version

    def clause(self, number: str) -> Clause | None:
        return next((c for c in self.clauses if c.number == number), None)

    def cite(self, number: str) -> str:
        return f"{self.citation} {number}"
