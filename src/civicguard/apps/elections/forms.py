"""The election calendar's forms: an election (added or changed) and a cancellation. The forms check the shape of
what was typed; what is required (wards for a by-election, the order of the days) stays in the services."""

from __future__ import annotations

from django import forms

from civicguard.apps.elections.models import Kind
from civicguard.apps.elections.services import MAX_NAME, MAX_REASON, MAX_WARDS
from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm


class ElectionForm(GovukForm):
    name = forms.CharField(label="Name", max_length=MAX_NAME,
                           help_text="As staff and the public know it, for example St Helens Borough Council "
                                     "elections 2027.",
                           error_messages={"required": "Enter the election's name"})
    kind = forms.ChoiceField(label="Kind of election", choices=Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the kind of election"})
    wards = forms.CharField(label="Wards (a by-election)", max_length=MAX_WARDS, required=False,
                            help_text="The ward or wards polling, separated by commas.")
    polling_day = GovukDateField(label="Polling day", error_name="Polling day", help_text="For example 6 5 2027.")
    notice_published_on = GovukDateField(
        label="When is the notice of election published?", error_name="The notice day", required=False,
        help_text="Leave it empty if you do not know yet: the period then starts 25 working days before polling day.")
    period_start = GovukDateField(
        label="First day of the pre-election period (only to set it yourself)", error_name="The first day",
        required=False, help_text="Leave it empty to follow the council's policy pack.")
    period_end = GovukDateField(
        label="Last day of the pre-election period (only to set it yourself)", error_name="The last day",
        required=False, help_text="Leave it empty to follow the council's policy pack (usually polling day).")
    field_options = {"name": FieldOptions(classes="govuk-!-width-full"), "kind": FieldOptions(label_size="s")}


class CancelForm(GovukForm):
    reason = forms.CharField(label="Why is the election cancelled?", max_length=MAX_REASON,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the election is cancelled"})
