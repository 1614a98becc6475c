"""The "Working in" council switch in every page's header (templates/base.html draws it beside its button)."""

from __future__ import annotations

from typing import Any

from django import forms

from civicguard.common.forms import FieldOptions, GovukDateField, GovukDateInput, GovukForm


class CouncilForm(GovukForm):
    council = forms.CharField(label="Working in", max_length=100)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "%s-switch")
        super().__init__(*args, **kwargs)


# ---- the oversight dashboard's filters ------------------------------------------------------------------------

PERIOD_HINT = "For example, 27 3 2026"


class _FilterBase(GovukForm):
    """The period (GOV.UK date inputs named from-day... and to-day...; an ISO date in `from` or `to` also works, for
    links and scripts) and a service area. Empty dates mean the last 30 days."""

    service_area = forms.ChoiceField(label="Service area", required=False)
    field_options = {"from": FieldOptions(label_size="s"), "to": FieldOptions(label_size="s"),
                     "service_area": FieldOptions(label_size="s")}

    def __init__(self, *args: Any, areas: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["service_area"].choices = [("", "All service areas"), *areas]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", forms.ValidationError("The end of the period must be the same as or after its "
                                                       "start", params={"parts": ("day", "month", "year")}))
        return data


DashboardFilterForm: Any = type("DashboardFilterForm", (_FilterBase,), {
    "__module__": __name__,
    "from": GovukDateField(label="From", error_name="The start of the period", required=False,
                           help_text=PERIOD_HINT, widget=GovukDateInput(iso=True)),
    "to": GovukDateField(label="To", error_name="The end of the period", required=False, help_text=PERIOD_HINT,
                         widget=GovukDateInput(iso=True)),
})
# The fields in reading order: the period, then the service area.
DashboardFilterForm.base_fields = {k: DashboardFilterForm.base_fields[k] for k in ("from", "to", "service_area")}


class DashboardQueryForm(GovukForm):
    """What else the oversight pages' addresses carry: `?council=` (one of the person's councils) and, on the records
    page, the figure and the value behind it. Unknown or overlong values read as not given."""

    council = forms.CharField(required=False, max_length=100)
    figure = forms.CharField(required=False, max_length=100)
    value = forms.CharField(required=False, max_length=100)

    @classmethod
    def read(cls, query: Any) -> dict[str, str]:
        form = cls(query)
        cleaned = form.cleaned_data if form.is_valid() else {}
        return {name: str(cleaned.get(name) or "") for name in ("council", "figure", "value")}
