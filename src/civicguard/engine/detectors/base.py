"""The detector plug-in contract.

A detector has a stable dotted `name`, a pydantic `Params` model (unknown or ill-typed parameters fail when
the pack loads) and `detect(doc) -> list[Detection]`. Detectors are built once per (name, params) and reused
across checks, so `__init__` is the place for expensive set-up; `detect` must not mutate `self`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, field_validator

from civicguard.engine.model import Content, Context, Detection
from civicguard.engine.packs.schema import Facts

T = TypeVar("T")


class Params(BaseModel):
    """Base for detector parameters: unknown keys are an error, so a typo in a pack fails at load."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    pass


class LabelledParams(Params):
    """Parameters of a detector that reports several labels: `labels` chooses which, from the class's `LABELS`
    (a subclass sets both: `LABELS = ...` and `labels: list[str] = list(LABELS)`); an unknown label fails when the
    pack loads."""

    LABELS: ClassVar[tuple[str, ...]] = ()
    labels: list[str] = []

    @field_validator("labels")
    @classmethod
    def _known_labels(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(cls.LABELS))
        if unknown:
            raise ValueError(f"unknown label(s) {', '.join(unknown)}; choose from {', '.join(cls.LABELS)}")
        return value


# Inside a detector class `Params` names its own parameter model; annotations use this alias instead.
AnyParams = Params


class Document:
    """One piece of content being checked, with a per-check memo so detectors can share costly work
    (the spaCy parse, the de-obfuscated text) instead of repeating it."""

    __slots__ = ("content", "context", "facts", "_memo")

    def __init__(self, content: Content, context: Context, memo: dict[str, Any] | None = None,
                 facts: Facts | None = None) -> None:
        self.content = content
        self.context = context
        # The council's facts from its pack (published contacts, e-mail domains), so detectors read them
        # from the one place they are declared instead of rules repeating them as parameters.
        self.facts = facts
        # `memo` lets a batch caller hand in work already done for many texts at once (spaCy's nlp.pipe).
        self._memo: dict[str, Any] = dict(memo) if memo else {}

    @property
    def text(self) -> str:
        return self.content.text

    def memo(self, key: str, build: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = build()
        value: T = self._memo[key]
        return value


class Detector(ABC):
    name: ClassVar[str]
    Params: ClassVar[type[Params]] = NoParams
    # Seconds a single `detect` may take before the engine gives up and sends the item to a human.
    timeout: ClassVar[float] = 10.0

    def __init__(self, params: AnyParams) -> None:
        self.params = params

    @abstractmethod
    def detect(self, doc: Document) -> list[Detection]:
        """Return every span this detector finds in `doc.text` (offsets into the original text)."""

    def warm_up(self) -> None:  # noqa: B027 - optional hook
        """Load models ahead of the first check (an `Engine` calls it before its first check, outside the time
        limit, so a cold process never fails its first checks closed)."""

    def prepare_batch(self, texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:  # noqa: B027 - hook
        """Do for many texts at once the work this detector memoises per check, writing it into `memos` (one dict
        per text, the memo each text's `Document` starts with). Fill only keys not there yet: several detectors
        share a memo key (the spaCy parse, the text model's logits), and the first one to prepare it wins."""
