"""A GOV.UK date input: three boxes (day, month, year) named `<name>-day` and so on, read as one `date`.

The messages are the Design System's (design-system.service.gov.uk/components/date-input/#error-messages), and
each error says which boxes to mark (`params["parts"]`), so only those get the red border.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")


class GovukDateInput(forms.MultiWidget):
    """Reads `<name>-day`, `<name>-month`, `<name>-year` (GOV.UK's names, not Django's `<name>_0`).

    iso: also read an ISO date in `<name>` (`?since=2026-03-27`, for links and scripts) when the boxes are empty;
    one that is not a real date is refused as such.
    """

    def __init__(self, attrs: dict[str, Any] | None = None, *, iso: bool = False) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)
        self.widgets_names = [f"-{part}" for part in PARTS]
        self.iso = iso

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[Any]:
        parts = super().value_from_datadict(data, files, name)
        typed = str(data.get(name) or "").strip() if self.iso else ""
        if typed and not any(parts):
            try:
                return list(self.decompress(date.fromisoformat(typed)))
            except ValueError:
                return [None, None, None, typed]  # the boxes stay empty; clean() says it is not a real date
        return parts

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed in three boxes. `error_name` starts the messages: "The embargo end date must be a real date"."""

    widget = GovukDateInput

    def __init__(self, *, error_name: str, **kwargs: Any) -> None:
        self.error_name = error_name
        parts = [forms.CharField(required=False) for _ in PARTS]
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> date | None:
        return date(*map(int, reversed(data_list))) if data_list else None

    def clean(self, value: Any) -> date | None:
        if isinstance(value, list | tuple) and len(value) == 4:  # an ISO date that is not one (GovukDateInput iso)
            raise ValidationError(f"{self.error_name} must be a real date", code="invalid", params={"parts": PARTS})
        typed = [str(v or "").strip()[:10] for v in (value or ["", "", ""])]
        parts = dict(zip(PARTS, typed, strict=True))
        missing = tuple(p for p in PARTS if not parts[p])
        if len(missing) == 3:
            if self.required:
                raise ValidationError(f"Enter {self.error_name.lower()}", code="required", params={"parts": PARTS})
            return None
        if missing:
            raise ValidationError(f"{self.error_name} must include a {' and '.join(missing)}", code="incomplete",
                                  params={"parts": missing})
        not_numbers = tuple(p for p in PARTS if not parts[p].isdigit())
        if not_numbers:
            raise ValidationError(f"{self.error_name} must be a real date", code="invalid",
                                  params={"parts": not_numbers})
        if len(parts["year"]) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year", params={"parts": ("year",)})
        try:
            result = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise ValidationError(f"{self.error_name} must be a real date", code="invalid",
                                  params={"parts": PARTS}) from None
        self.run_validators(result)
        return result
