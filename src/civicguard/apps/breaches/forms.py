"""The breach pages' forms. They check the shape of what was typed (a real date, a time on the 24-hour clock, a
number); what is required and allowed (the reason when the ICO need not be told, the reasons for a late report, the
art. 34(3) exceptions) stays in the services, whose BadInput is shown beside the field it names."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from civicguard.apps.breaches.models import DATA_CHOICES, PEOPLE_CHOICES, NotToldReason, Risk, Source
from civicguard.apps.breaches.services import MAX_REFERENCE, MAX_TEXT
from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm

TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")
YES_NO = [("yes", "Yes"), ("no", "No")]


def _textarea(label: str, hint: str = "", required: bool = False, missing: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=hint, max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": rows}), error_messages={"required": missing})


def _time(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=5, help_text="On the 24-hour clock, for example "
                                                                               "14:05.",
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


def combine(form: GovukForm, day_field: str, time_field: str) -> datetime | None:
    """The moment typed as a date and a time, in the council's local time; an error beside the time when it is not
    one. None when the date was left empty."""
    day: date | None = form.cleaned_data.get(day_field)
    typed = str(form.cleaned_data.get(time_field) or "")
    if day is None:
        return None
    match = TIME.match(typed)
    if not match:
        form.add_error(time_field, ValidationError("Enter the time on the 24-hour clock, for example 14:05"
                                                   if typed else "Enter the time"))
        return None
    return timezone.make_aware(datetime.combine(day, time(int(match[1]), int(match[2]))))


class FromForm(GovukForm):
    """The query string of /breaches/new/: the comment (or post) the record is opened from."""

    comment = forms.IntegerField(required=False, min_value=1)
    post = forms.IntegerField(required=False, min_value=1)

    def chosen(self) -> tuple[str, int] | None:
        if not self.is_valid():
            return None
        for kind in ("comment", "post"):
            if self.cleaned_data.get(kind):
                return kind, int(self.cleaned_data[kind])
        return None


class OpenForm(GovukForm):
    source = forms.ChoiceField(label="Where did it happen?", choices=Source.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose where the breach happened"})
    comment = forms.IntegerField(label="Comment number", required=False, min_value=1,
                                 help_text="The number on the comment's moderation page.")
    post = forms.IntegerField(label="Post number", required=False, min_value=1)
    source_description = _textarea("Where and when, if neither", "The website, e-mail, letter or meeting.", rows=2)
    what = _textarea("What happened?", "What was disclosed, to whom, and how it came to light. Do not copy the "
                     "personal data itself here.", required=True, missing="Describe what happened")
    people_categories = forms.MultipleChoiceField(label="Whose data is it?", choices=PEOPLE_CHOICES,
                                                  widget=forms.CheckboxSelectMultiple, required=False)
    data_categories = forms.MultipleChoiceField(label="What data?", choices=DATA_CHOICES, required=False,
                                                widget=forms.CheckboxSelectMultiple,
                                                help_text="Health and other special category data, and service "
                                                          "users' records, call for more people to be told.")
    people_count = forms.IntegerField(label="About how many people?", min_value=1,
                                      widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                      error_messages={"required": "Enter about how many people's data",
                                                      "invalid": "Enter about how many people's data, as a number",
                                                      "min_value": "Enter about how many people's data: at least 1"})
    aware_on = GovukDateField(label="When did the council become aware?", required=False,
                              error_name="The date the council became aware",
                              help_text="For a comment or a flagged post, CivicGuard sets this itself. For example "
                                        "6 12 2026.")
    aware_time = _time("Time")
    error_fields = {"aware_at": "aware_on"}
    containment = _textarea("What has been done to contain it?", "For example: the comment was removed, the "
                            "recipient asked to delete the e-mail.")
    field_options = {
        "source": FieldOptions(label_size="m"),
        "comment": FieldOptions(label_size="s", classes="govuk-input--width-10"),
        "post": FieldOptions(label_size="s", classes="govuk-input--width-10"),
        "source_description": FieldOptions(label_size="s", character_count=MAX_TEXT),
        "what": FieldOptions(label_size="m", character_count=MAX_TEXT),
        "people_categories": FieldOptions(label_size="m"), "data_categories": FieldOptions(label_size="m"),
        "people_count": FieldOptions(label_size="m", classes="govuk-input--width-10"),
        "aware_on": FieldOptions(label_size="m"), "aware_time": FieldOptions(label_size="s",
                                                                             classes="govuk-input--width-5"),
        "containment": FieldOptions(label_size="m", character_count=MAX_TEXT),
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["aware_at"] = combine(self, "aware_on", "aware_time")
        return data


class AssessForm(GovukForm):
    risk = forms.ChoiceField(label="What is the risk to the people whose data it is?", choices=Risk.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose the risk to the people whose data it is"})
    risk_reasons = _textarea("Why?", "What could happen to them: distress, discrimination, fraud, harm to their "
                             "safety; how likely and how serious.", required=True,
                             missing="Give the reasons for the risk you chose")
    ico_required = forms.ChoiceField(label="Must the ICO be told?", choices=YES_NO, widget=forms.RadioSelect,
                                     help_text="Yes, unless the breach is unlikely to result in a risk to people.",
                                     error_messages={"required": "Say whether the ICO must be told"})
    ico_not_required_reason = _textarea("If not, why not?", rows=3)
    field_options = {"risk": FieldOptions(label_size="m"), "risk_reasons": FieldOptions(label_size="s",
                                                                                         character_count=MAX_TEXT),
                     "ico_required": FieldOptions(label_size="m"),
                     "ico_not_required_reason": FieldOptions(label_size="s", character_count=MAX_TEXT)}
    error_fields = {"ico_not_required_reason": "ico_not_required_reason"}


class IcoForm(GovukForm):
    told_on = GovukDateField(label="When was the ICO told?", error_name="The date the ICO was told")
    told_time = _time("Time")
    reference = forms.CharField(label="The ICO's reference", max_length=MAX_REFERENCE,
                                error_messages={"required": "Enter the reference the ICO gave"})
    late_reason = _textarea("If it was late, why?", "Needed when the ICO was told more than 72 hours after the "
                            "council became aware.", rows=3)
    field_options = {"told_on": FieldOptions(label_size="m"),
                     "told_time": FieldOptions(label_size="s", classes="govuk-input--width-5"),
                     "reference": FieldOptions(label_size="m", classes="govuk-input--width-20"),
                     "late_reason": FieldOptions(label_size="s", character_count=MAX_TEXT)}
    error_fields = {"ico_told_at": "told_on", "ico_reference": "reference", "ico_late_reason": "late_reason"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["told_at"] = combine(self, "told_on", "told_time")
        return data


class PeopleForm(GovukForm):
    outcome = forms.ChoiceField(label="Were the people told?",
                                choices=[("told", "Yes, they were told"), *NotToldReason.choices],
                                widget=forms.RadioSelect,
                                error_messages={"required": "Say whether the people were told, or why not"})
    told_on = GovukDateField(label="When were they told?", required=False, error_name="The date they were told")
    told_time = _time("Time")
    how = _textarea("How were they told?", "Letter, e-mail, phone call, in person, or a public notice, and what "
                    "they were told.", rows=3)
    not_told_reason = _textarea("If not, why does the exception apply?", rows=3)
    field_options = {"outcome": FieldOptions(label_size="m"), "told_on": FieldOptions(label_size="s"),
                     "told_time": FieldOptions(label_size="s", classes="govuk-input--width-5"),
                     "how": FieldOptions(label_size="s", character_count=MAX_TEXT),
                     "not_told_reason": FieldOptions(label_size="s", character_count=MAX_TEXT)}
    error_fields = {"people_told_at": "told_on", "people_told_how": "how", "not_told": "outcome"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["told_at"] = combine(self, "told_on", "told_time")
        return data


class NoticeForm(GovukForm):
    rule = forms.CharField(widget=forms.HiddenInput, max_length=60)
    text = _textarea("What they are told", "No personal data: they are told to ask the Data Protection Officer.",
                     rows=4)
    field_options = {"text": FieldOptions(label_size="s", character_count=MAX_TEXT)}


class CloseForm(GovukForm):
    note = _textarea("Anything to add before closing (optional)", "Lessons learned, what will change.", rows=3)
    field_options = {"note": FieldOptions(label_size="s", character_count=MAX_TEXT)}
