"""Errors raised when a policy pack cannot be loaded: each names the file, line, rule and field."""

from __future__ import annotations

from dataclasses import dataclass

from civicguard.errors import CivicGuardError


@dataclass(frozen=True)
class PackProblem:
    file: str
    line: int | None
    rule: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.rule:
            parts.append(f"rule {self.rule}")
        if self.field:
            parts.append(f"field {self.field}")
        return ": ".join(parts) + f": {self.message}"


class PackError(CivicGuardError):
    code = "invalid_pack"

    def __init__(self, problems: list[PackProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"invalid policy pack ({len(problems)} problem(s)):\n{lines}")


class UnknownPack(CivicGuardError):
    code = "unknown_council"
