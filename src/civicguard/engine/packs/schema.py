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

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

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


class NoticeRule(Strict):
    """Who is told when a case or a personal data breach touches what they look after (St Helens 6.21: the Caldicott
    Guardian; 6.15: Internal Audit; the Press Office where the council's reputation is exposed)."""

    slug: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1, description="who is told, as staff know them (e.g. the Caldicott Guardian)")
    role: str | None = Field(default=None, description="the CivicGuard role whose holders are told")
    address: str | None = Field(default=None, description="an e-mail address told instead (or as well)")
    categories: list[str] = Field(
        default=[], description="the engine's finding categories that call for this notice (e.g. personal_data)")
    detectors: list[str] = Field(
        default=[], description="detectors whose findings call for it too (e.g. personal_data.special_category: "
                                "health and other special category data)")
    why: str = Field(min_length=1, description="what the notice is about, in plain English")
    clauses: list[str] = []

    @field_validator("categories")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not a category (the categories are {', '.join(CATEGORIES)})")
        return value

    @model_validator(mode="after")
    def _someone(self) -> NoticeRule:
        if not self.role and not self.address:
            raise ValueError(f"notice {self.slug!r} names neither a role nor an address: who is told?")
        if not self.categories and not self.detectors:
            raise ValueError(f"notice {self.slug!r} names no categories or detectors: when is it sent?")
        return self


class Cases(Strict):
    """Concern reports, cases and removal requests (St Helens 7.8, 9.10, 11.1-11.3, 6.15, 6.21; Sefton 6.4, 7.2,
    13.1)."""

    referral_days: int = Field(default=5, gt=0, le=60, description="working days a line manager has to refer a "
                                                                  "potential breach to HR (St Helens 9.10)")
    removal_days: int = Field(default=2, gt=0, le=60, description="the default deadline, in days, of a request "
                                                                 "to remove postings (Sefton 6.4)")
    notify: list[NoticeRule] = []
    clauses: list[str] = []

    def notices_for(self, kinds: set[str] | list[str]) -> list[NoticeRule]:
        """The one rule on who must be told: each notice whose categories or detectors meet the findings' (St Helens
        6.21, 6.15; the Press Office), in the pack's order. `kinds` holds the findings' categories and detector names
        (e.g. {"personal_data", "personal_data.special_category"}). Cases and personal data breaches both ask here."""
        wanted = set(kinds)
        return [rule for rule in self.notify if wanted & (set(rule.categories) | set(rule.detectors))]


class Breaches(Strict):
    """Personal data breaches (UK GDPR articles 33-34; Sefton 13.2)."""

    dpo_role: str = Field(default="legal", description="the role of the Data Protection Officer and their team")
    ico_hours: int = Field(default=72, gt=0, le=72, description="hours from awareness to tell the ICO (art. 33)")
    clauses: list[str] = []


class RepeatViewing(Strict):
    views: int = Field(default=3, gt=0, le=50, description="viewings of one profile at which the warning is given")
    days: int = Field(default=28, gt=0, le=366, description="within this many days")


class Investigations(Strict):
    """The council's own use of social media in investigations (St Helens 8.1-8.3; RIPA 2000; Sefton 8.1)."""

    services: list[str] = Field(default=["Trading Standards", "Counter Fraud"], min_length=1,
                                description="the regulatory services that register investigations")
    repeat_viewing: RepeatViewing = RepeatViewing()
    authorising_role: str = Field(default="authorising-officer",
                                  description="the role of the designated Authorising Officers (never the applicant)")
    authorising_grades: list[str] = Field(default=["Director", "Head of Service"], min_length=1)
    directed_surveillance_months: int = Field(default=3, gt=0, le=12)
    chis_months: int = Field(default=12, gt=0, le=12)
    review_days: int = Field(default=28, gt=0, le=92, description="days between reviews of an authorisation")
    threshold_offences: list[str] = Field(
        default=["Sale of tobacco to a person under 18 (Children and Young Persons Act 1933, s. 7)",
                 "Sale of nicotine inhaling products to a person under 18 (Children and Families Act 2014, s. 92)",
                 "Sale of alcohol to children (Licensing Act 2003, s. 146)",
                 "Allowing the sale of alcohol to children (Licensing Act 2003, s. 147)",
                 "Persistently selling alcohol to children (Licensing Act 2003, s. 147A)"],
        description="offences that meet the directed surveillance crime threshold though punishable by less than "
                    "six months' imprisonment")
    retention_years: int = Field(default=3, ge=3, le=20)
    recruitment_refused: bool = Field(default=True, description="viewing to recruit or vet an applicant is refused")
    clauses: list[str] = []


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


class Reports(Strict):
    """The Information Management Group's monthly meeting pack (St Helens 9.3-9.5, 10.1; Sefton 10.1): who it is
    e-mailed to and on which day of the month (it covers the month before)."""

    recipients: list[str] = Field(default=["img"], min_length=1,
                                  description="the CivicGuard roles whose holders receive the monthly pack")
    day_of_month: int = Field(default=1, ge=1, le=28, description="the day of the month the pack is sent")
    clauses: list[str] = []


class Retention(Strict):
    """How long each kind of record is kept before the hourly purge removes it (St Helens 5.5: what is published is
    public and hard to withdraw, and the council must still be able to answer for it). Periods in days; a kind left
    out keeps `default_days`. Comments keep `Facts.retention_days` (the moderation purge's rule); RIPA records keep
    `investigations.retention_years`."""

    default_days: int = Field(default=2190, gt=0, description="any kind not named below")
    posts_days: int | None = Field(default=None, gt=0, description="official posts, with their checks and "
                                                                   "approvals, from when they were last changed")
    checks_days: int | None = Field(default=None, gt=0, description="checks staff kept of their personal posts")
    consent_days: int | None = Field(default=None, gt=0, description="photo consent records, after they expired or "
                                                                     "were withdrawn")
    concerns_days: int | None = Field(default=None, gt=0, description="concern reports that opened no case")
    cases_days: int | None = Field(default=None, gt=0, description="cases, after they were closed")
    breaches_days: int | None = Field(default=None, gt=0, description="personal data breaches, after they were "
                                                                      "closed")
    disclosures_days: int | None = Field(default=None, gt=0, description="FOI and subject access requests, after "
                                                                          "they were answered or closed")
    clauses: list[str] = []

    def days(self, kind: str) -> int:
        """The period of `kind` (posts, checks, consent, concerns, cases, breaches, disclosures)."""
        value = getattr(self, f"{kind}_days", None)
        return int(value) if value else self.default_days


class Elections(Strict):
    """The pre-election period (the Code of Recommended Practice on Local Authority Publicity, 2011, under the Local
    Government Act 1986 s.4; St Helens 5.7): when it starts and ends for each election on the council's calendar,
    and what is stricter while it is on (the rules in rules/elections.yaml apply only then)."""

    period_starts: Literal["notice", "working-days-before"] = Field(
        default="notice", description="notice: the day the notice of election is published (when none is recorded "
                                      "yet, notice_working_days working days before polling day); "
                                      "working-days-before: working_days_before working days before polling day")
    notice_working_days: int = Field(
        default=25, gt=0, le=60, description="working days before polling day by which the notice of election is "
                                             "published (25 for local elections)")
    working_days_before: int = Field(default=25, gt=0, le=120,
                                     description="for period_starts: working-days-before")
    period_ends: Literal["polling-day", "day-after-polling"] = Field(
        default="polling-day", description="the period's last day: polling day, or the day after it (a count and "
                                           "declaration the next day)")
    code: str = Field(
        default="the Code of Recommended Practice on Local Authority Publicity (2011; Local Government Act 1986 s.4)",
        description="the code the period's findings cite by name")
    warnings_need_second_person: bool = Field(
        default=True, description="during a period an override of a warning on an official post waits for a "
                                  "second person, as a block always does")
    clauses: list[str] = []


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
    cases: Cases = Cases()
    breaches: Breaches = Breaches()
    investigations: Investigations = Investigations()
    elections: Elections = Elections()
    reports: Reports = Reports()
    retention: Retention = Retention()

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
    model_only: Literal["warn", "info"] | None = Field(
        default=None,
        description="the severity, instead of block, of a finding that rests on a trained model's reading alone "
                    "with no listed wording: reported and shown to a person, not blocked (a possible "
                    "safeguarding disclosure only the council model reads)")
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

    @field_validator("model_only")
    @classmethod
    def _model_only(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("severity") != "block":
            raise ValueError("model_only needs severity block (it says when a block rule's finding only warns)")
        return value

    def severity_of(self, model_only: bool) -> str:
        """The severity of a finding of this rule (a block rule's `model_only` one for a model's reading alone)."""
        if model_only and self.model_only is not None:
            return self.model_only
        return self.severity

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
