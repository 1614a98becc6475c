"""The investigations pages' forms. They check the shape of what was typed; what is required (the crime threshold,
who may decide, the repeat-viewing rule) stays in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from civicguard.apps.investigations.models import Decision, Kind, Purpose, Threshold
from civicguard.apps.investigations.services import MAX_LINE, MAX_REFERENCE, MAX_TEXT
from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm


def _area(label: str, missing: str, hint: str = "", required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=MAX_TEXT, required=required, help_text=hint,
                           widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": missing})


class InvestigationForm(GovukForm):
    reference = forms.CharField(label="Reference", max_length=MAX_REFERENCE, help_text="Your service's own, for "
                                "example TS/2026/014.", error_messages={"required": "Enter the investigation's "
                                                                                    "reference"})
    offence = forms.CharField(label="Offence being investigated", max_length=MAX_LINE,
                              error_messages={"required": "Enter the offence being investigated"})
    service = forms.ChoiceField(label="Service", widget=forms.RadioSelect,
                                error_messages={"required": "Choose the service"})
    officers = forms.MultipleChoiceField(label="Other officers on the investigation", required=False,
                                         widget=forms.CheckboxSelectMultiple,
                                         help_text="They, you and the Authorising Officers can read its records.")

    def __init__(self, *args: Any, services: list[str], colleagues: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(s, s) for s in services]
        self.fields["officers"].choices = colleagues
        self.field_options = {"reference": FieldOptions(label_size="s", classes="govuk-input--width-20"),
                              "offence": FieldOptions(label_size="s"),
                              "service": FieldOptions(label_size="s", choice_ids="govuk"),
                              "officers": FieldOptions(label_size="s")}


class ViewForm(GovukForm):
    profile_url = forms.CharField(label="The profile's address", max_length=1000,
                                  help_text="Copy it from the browser's address bar, for example "
                                            "https://www.facebook.com/jo.bloggs",
                                  error_messages={"required": "Enter the profile's address"})
    purpose = forms.ChoiceField(label="Why are you viewing it?", choices=Purpose.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose why you are viewing it"})
    purpose_detail = _area("The purpose, in your words", "", required=False)
    recorded = _area("What did you record?", "", "Screenshots taken, notes made. Leave it empty if nothing.",
                     required=False)
    field_options = {"profile_url": FieldOptions(label_size="s"), "purpose": FieldOptions(label_size="s"),
                     "purpose_detail": FieldOptions(label_size="s", character_count=MAX_TEXT),
                     "recorded": FieldOptions(label_size="s", character_count=MAX_TEXT)}


class ApplyForm(GovukForm):
    kind = forms.ChoiceField(label="What is the application for?", choices=Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose directed surveillance or a covert human "
                                                         "intelligence source"})
    subject = forms.CharField(label="Who is the subject?", max_length=200,
                              error_messages={"required": "Name the person the surveillance is of"})
    profiles = forms.CharField(label="The profiles it covers", required=False, max_length=20 * 1000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="One address on each line. Only these may be viewed under it.")
    necessity = _area("Why is it necessary?", "Say why the surveillance is necessary")
    proportionality = _area("Why is it proportionate?", "Say why it is proportionate to what it seeks to achieve",
                            "Why less intrusive ways will not do.")
    collateral_intrusion = _area("Collateral intrusion", "Say what intrusion into the privacy of others is likely, "
                                 "and how it will be kept down", "Other people whose privacy may be intruded on, and "
                                 "how it will be kept down.")
    threshold = forms.ChoiceField(label="The crime threshold (directed surveillance)", required=False,
                                  choices=Threshold.choices, widget=forms.RadioSelect)
    threshold_offence = forms.ChoiceField(label="Which listed offence?", required=False)
    confidential_likely = forms.BooleanField(label="Confidential or privileged information is likely to be obtained",
                                             required=False)

    def __init__(self, *args: Any, offences: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["threshold_offence"].choices = [("", "Not a listed offence"), *((o, o) for o in offences)]
        self.field_options = {
            "kind": FieldOptions(label_size="m"), "subject": FieldOptions(label_size="s"),
            "profiles": FieldOptions(label_size="s"),
            "necessity": FieldOptions(label_size="s", character_count=MAX_TEXT),
            "proportionality": FieldOptions(label_size="s", character_count=MAX_TEXT),
            "collateral_intrusion": FieldOptions(label_size="s", character_count=MAX_TEXT),
            "threshold": FieldOptions(label_size="s"), "threshold_offence": FieldOptions(label_size="s"),
        }


class DecideForm(GovukForm):
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect,
                                 choices=[("authorise", "Authorise it (it then needs a magistrate's approval)"),
                                          ("refuse", "Refuse it")],
                                 error_messages={"required": "Choose whether you authorise or refuse it"})
    grade = forms.ChoiceField(label="Your grade", widget=forms.RadioSelect,
                              error_messages={"required": "Choose your grade"})
    reasons = _area("Your reasons", "Give your reasons: why it is, or is not, necessary and proportionate",
                    "Why it is, or is not, necessary and proportionate.")
    involved_declared = forms.BooleanField(label="I am directly involved in this investigation", required=False)

    def __init__(self, *args: Any, grades: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [(g, g) for g in grades]
        self.field_options = {"decision": FieldOptions(label_size="s"),
                              "grade": FieldOptions(label_size="s", choice_ids="govuk"),
                              "reasons": FieldOptions(label_size="s", character_count=MAX_TEXT)}


class CourtForm(GovukForm):
    heard_on = GovukDateField(label="Date of the hearing", error_name="The hearing's date",
                              help_text="For example 6 12 2026.")
    court = forms.CharField(label="Magistrates' court", max_length=200,
                            error_messages={"required": "Enter the magistrates' court"})
    decision = forms.ChoiceField(label="The magistrate's decision", choices=Decision.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose the magistrate's decision"})
    notes = _area("Notes", "", required=False)
    id_prefix = "court_"
    field_options = {"heard_on": FieldOptions(label_size="s"), "court": FieldOptions(label_size="s"),
                     "decision": FieldOptions(label_size="s"), "notes": FieldOptions(label_size="s")}


class ReviewForm(GovukForm):
    notes = _area("Review", "Record the review: is it still necessary and proportionate?",
                  "Is the surveillance still necessary and proportionate? What has it produced?")
    id_prefix = "review_"
    field_options = {"notes": FieldOptions(label_size="s", character_count=MAX_TEXT)}


class RenewForm(GovukForm):
    reasons = _area("Reasons for renewing", "Give your reasons: why it is still necessary and proportionate")
    id_prefix = "renew_"
    field_options = {"reasons": FieldOptions(label_size="s", character_count=MAX_TEXT)}


class CancelForm(GovukForm):
    reason = _area("Reason for cancelling", "Give the reason for cancelling it")
    id_prefix = "cancel_"
    field_options = {"reason": FieldOptions(label_size="s", character_count=MAX_TEXT)}


class LastViewingForm(GovukForm):
    """The query string of an investigation's page after a viewing: which viewing to show the outcome of."""

    viewed = forms.IntegerField(required=False, min_value=1)


class PrefillForm(GovukForm):
    """The query string of the application page opened from a refused or warned viewing: the profile."""

    profile = forms.CharField(required=False, max_length=1000)


class CloseForm(GovukForm):
    """No fields: the button that closes an investigation."""
