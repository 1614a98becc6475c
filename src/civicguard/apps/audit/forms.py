"""The audit trail's GET forms: the browse page's filters and the export (the filters and a format).

Both read the query string (`?event=posts.&actor=erin&since-day=27...`, or ISO dates `?since=2026-03-27` from the
export links and scripts), keep what was typed to show again, and put a bad date beside its boxes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from civicguard.apps.audit import labels
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.audit.selectors import audit_entries
from civicguard.apps.councils.models import Council
from civicguard.common.forms import FieldOptions, GovukDateField, GovukDateInput, GovukForm

EVENT_MAX, ACTOR_MAX = 80, 150
DATE_HINT = "For example, 27 3 2026"


def event_choices(chosen: str) -> list[Any]:
    """The event filter's choices in plain English, grouped by area; each area whose events share one namespace
    starts with "Everything in ..." (the namespace, matched as a prefix). A value typed into the address that is
    neither (an older bookmark's prefix) is kept as its own choice, so the page still says what it filters by."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    values: set[str] = {""}
    for area, events in labels.event_choices():
        spaces = {code.split(".", 1)[0] for code, _ in events}
        options = list(events)
        if len(spaces) == 1 and len(events) > 1:
            options.insert(0, (f"{spaces.pop()}.", f"Everything in {area[:1].lower()}{area[1:]}"))
        values.update(value for value, _ in options)
        groups.append((area, options))
    if chosen not in values:
        groups.insert(0, ("As asked", [(chosen, f"Events starting “{chosen}”")]))
    return [("", "Everything"), *groups]


class AuditFilterForm(GovukForm):
    """The browse page's filters. An event is a code or a prefix of codes (any text: the selector matches it)."""

    event = forms.CharField(label="What happened", required=False, widget=forms.Select)
    actor = forms.CharField(label="Who", required=False, help_text="A username, or “system” for changes CivicGuard "
                            "made itself", widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}))
    since = GovukDateField(label="Date from", error_name="Date from", required=False, help_text=DATE_HINT,
                           widget=GovukDateInput(iso=True))
    until = GovukDateField(label="Date to", error_name="Date to", required=False, help_text=DATE_HINT,
                           widget=GovukDateInput(iso=True))
    field_options = {"event": FieldOptions(classes="cg-select--fluid"),
                     "since": FieldOptions(label_size="s"), "until": FieldOptions(label_size="s")}

    def __init__(self, data: QueryDict, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        # As the selector reads them: without spaces around, cut to the columns' length.
        event = str(data.get("event") or "").strip()[:EVENT_MAX]
        actor = str(data.get("actor") or "").strip()[:ACTOR_MAX]
        if (event, actor) != (data.get("event", ""), data.get("actor", "")):
            self.show(event=event, actor=actor)
        self.fields["event"].widget.choices = event_choices(event)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "Date to must be the same as or after date from")
        return cleaned

    @property
    def filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data[name] for name in AuditFilterForm.base_fields)

    def entries(self, council: Council) -> QuerySet[AuditEntry]:
        """The council's entries these (valid) filters choose; "system" is the entries CivicGuard made itself."""
        data = self.cleaned_data
        system = data["actor"].lower() == "system"
        qs = audit_entries(council=council.slug, event=data["event"], actor="" if system else data["actor"],
                           since=data["since"], until=data["until"])
        return qs.filter(actor="") if system else qs

    def as_filters(self) -> dict[str, str]:
        """The (valid) filters as text, dates as ISO: the export's audit entry and the page and export links."""
        data = self.cleaned_data
        dates: dict[str, date | None] = {"since": data["since"], "until": data["until"]}
        return {"event": data["event"], "actor": data["actor"],
                **{name: value.isoformat() if value else "" for name, value in dates.items()}}

    def query(self, **extra: str) -> str:
        """The filters as a query string (dates as ISO), for page links and the export links."""
        q = QueryDict(mutable=True)
        for key, value in self.as_filters().items():
            if value:
                q[key] = value
        for key, value in extra.items():
            q[key] = value
        return q.urlencode()


class AuditExportForm(AuditFilterForm):
    """The export: the filters and a format (`?format=csv`, the default, or `json`)."""

    format = forms.ChoiceField(label="Format", required=False, choices=[("csv", "CSV"), ("json", "JSON")],
                               error_messages={"invalid_choice": "The format must be CSV or JSON"})

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or "csv"
