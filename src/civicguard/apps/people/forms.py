"""The "politically restricted" form: yes or no, and the reason (St Helens 5.7). The service decides who may."""

from __future__ import annotations

from django import forms

from civicguard.apps.people.services import MAX_REASON
from civicguard.common.forms import FieldOptions, GovukForm


class RestrictionForm(GovukForm):
    restricted = forms.ChoiceField(
        label="Is this person's post politically restricted?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
        help_text="A politically restricted post limits what the person may say about politics, including on their "
                  "own social media.",
        error_messages={"required": "Select yes if the post is politically restricted",
                        "invalid_choice": "Select yes or no"})
    reason = forms.CharField(
        label="Reason for the change", max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the post's grade or duties, or the exemption granted. It is kept in the audit trail.",
        error_messages={"required": "Enter the reason for the change",
                        "max_length": f"The reason must be {MAX_REASON} characters or fewer"})
    field_options = {"restricted": FieldOptions(label_size="m"),
                     "reason": FieldOptions(label_size="m", character_count=MAX_REASON)}
