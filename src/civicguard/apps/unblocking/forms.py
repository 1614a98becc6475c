"""The website unblocking forms (Sefton Appendix 2): the request, and a decision on it. The forms check the shape
of what was typed; what is allowed (who decides what, the longest access, the declaration) stays in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from civicguard.apps.unblocking.models import PLATFORMS
from civicguard.apps.unblocking.services import (
    DECISIONS,
    MAX_NOTE,
    MAX_OTHER,
    MAX_PEOPLE,
    MAX_REASON,
    MAX_TEAM,
)
from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm


class RequestForm(GovukForm):
    team = forms.CharField(
        label="Which team or service area is the access for?", max_length=MAX_TEAM,
        error_messages={"required": "Enter the team or service area the access is for",
                        "max_length": f"The team must be {MAX_TEAM} characters or fewer"})
    people = forms.CharField(
        label="Who needs the access?", max_length=MAX_PEOPLE, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their names, or “everyone in the team”.",
        error_messages={"required": "Enter who needs the access",
                        "max_length": f"The list of people must be {MAX_PEOPLE} characters or fewer"})
    sites = forms.MultipleChoiceField(
        label="Which sites should be unblocked?", choices=PLATFORMS, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.")
    other_sites = forms.CharField(
        label="Other sites", max_length=MAX_OTHER, required=False, help_text="Their web addresses, if any.",
        error_messages={"max_length": f"Other sites must be {MAX_OTHER} characters or fewer"})
    reason = forms.CharField(
        label="Why does the team need the access for its work?", max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the business reason for the access",
                        "max_length": f"The reason must be {MAX_REASON} characters or fewer"})
    expires = GovukDateField(
        label="When should the access end?", error_name="The end date",
        help_text="The last day of access, for example 31 3 2027. Ask again before then if the team still needs it.")
    work_only = forms.BooleanField(
        label="I confirm the access is for work purposes only, and the sites will not be used for personal use at "
              "any time, including during lunch breaks",
        # Required here too, so that a missing tick is listed with the form's other errors; the service refuses a
        # request without it whoever sends it (Sefton 5.4).
        error_messages={"required": "Confirm that the access is for work purposes only"})
    field_options = {"team": FieldOptions(label_size="m"), "people": FieldOptions(label_size="m"),
                     "sites": FieldOptions(label_size="m"), "other_sites": FieldOptions(label_size="s"),
                     "reason": FieldOptions(label_size="m", character_count=MAX_REASON),
                     "expires": FieldOptions(label_size="m")}


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(label="What do you want to do?", widget=forms.RadioSelect,
                                 error_messages={"required": "Select what you want to do",
                                                 "invalid_choice": "Select one of the choices"})
    note = forms.CharField(
        label="Reasons or note", required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed to return or refuse a request, and for the Assistant Director's e-mail: who sent it, when, "
                  "and its reference. It is shown to the requester.",
        error_messages={"max_length": f"The note must be {MAX_NOTE} characters or fewer"})
    needs_ad = forms.BooleanField(label="The requester's Assistant Director must approve this request too",
                                  required=False)
    field_options = {"decision": FieldOptions(label_size="m"), "note": FieldOptions(label_size="s",
                                                                                    character_count=MAX_NOTE)}

    def __init__(self, *args: Any, decisions: list[str], ask_ad: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(d, DECISIONS[d].label) for d in decisions]
        if not ask_ad and not {"ad_approve", "ad_refuse"} & set(decisions):
            self.fields["note"].help_text = "Needed to return or refuse a request. It is shown to the requester."
        if not ask_ad:
            del self.fields["needs_ad"]
