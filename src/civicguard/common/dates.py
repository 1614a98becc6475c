"""Two GOV.UK date inputs, "Date from" and "Date to", read from a query string: as typed (to show again), as
understood, and what is wrong with them. Used by the pages that filter or export by date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import QueryDict

DATE_PARTS = ("day", "month", "year")


@dataclass
class DateRange:
    typed: dict[str, str] = field(default_factory=dict)
    since: date | None = None
    until: date | None = None
    errors: dict[str, str] = field(default_factory=dict)
    bad: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def summary(self) -> list[tuple[str, str]]:
        return [(f"{name}-{self.bad[name][0]}", message) for name, message in self.errors.items()]

    def date_fields(self) -> list[dict[str, Any]]:
        """What the page's two GOV.UK date inputs show: the boxes as typed and which are in error."""
        return [{
            "name": name, "legend": legend, "error": self.errors.get(name, ""),
            "parts": [{"part": p, "label": p.capitalize(), "value": self.typed.get(f"{name}_{p}", ""),
                       "bad": p in self.bad.get(name, ()), "width": 4 if p == "year" else 2} for p in DATE_PARTS],
        } for name, legend in (("since", "Date from"), ("until", "Date to"))]


def _read_date(data: QueryDict, name: str, label: str, filters: DateRange) -> date | None:
    """A GOV.UK date input (`since-day`...), or an ISO date in `since` (the export links and scripts use it)."""
    iso = data.get(name, "").strip()
    parts = {p: data.get(f"{name}-{p}", "").strip()[:10] for p in DATE_PARTS}
    if iso and not any(parts.values()):
        try:
            value = date.fromisoformat(iso)
        except ValueError:
            filters.errors[name], filters.bad[name] = f"{label} must be a real date", DATE_PARTS
            return None
        parts = {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    filters.typed.update({f"{name}_{p}": v for p, v in parts.items()})
    missing = tuple(p for p in DATE_PARTS if not parts[p])
    if len(missing) == 3:
        return None
    if missing:
        filters.errors[name], filters.bad[name] = f"{label} must include a {' and '.join(missing)}", missing
        return None
    try:
        if not all(v.isdigit() for v in parts.values()) or len(parts["year"]) != 4:
            raise ValueError
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        filters.errors[name], filters.bad[name] = f"{label} must be a real date", DATE_PARTS
        return None



def read_date_range(data: QueryDict, into: DateRange | None = None) -> DateRange:
    """`since` and `until` from `data` (GOV.UK date inputs or ISO dates), checked to be in order."""
    dates = into if into is not None else DateRange()
    dates.since = _read_date(data, "since", "Date from", dates)
    dates.until = _read_date(data, "until", "Date to", dates)
    if dates.since and dates.until and dates.since > dates.until:
        dates.errors["until"], dates.bad["until"] = "Date to must be the same as or after date from", DATE_PARTS
    return dates
