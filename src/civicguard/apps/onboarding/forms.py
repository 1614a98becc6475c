"""The forms of the onboarding pages: signing the User Agreement, recording a course completion. What is allowed
(the name matching HR's record, the declarations, who may record whose training) is the services' rule."""

from __future__ import annotations

from typing import Any

from django import forms

from civicguard.apps.onboarding.services import MAX_AGREEMENT, MAX_NAME, MAX_VALIDITY_DAYS
from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm


class SignForm(GovukForm):
    typed_name = forms.CharField(
        label="Type your full name to sign", max_length=MAX_NAME,
        help_text="As your staff record has it. Typing your name here is your signature.",
        error_messages={"required": "Type your full name to sign",
                        "max_length": f"Your name must be {MAX_NAME} characters or fewer"})
    personal_devices = forms.BooleanField(
        label="I will not use my personal devices (my own phone, tablet or computer) to access the council's social "
              "media accounts", required=False)
    personal_use_at_work = forms.BooleanField(
        label="I will not use social media for personal purposes at work, including editing online encyclopedias "
              "in a personal capacity", required=False)
    field_options = {"typed_name": FieldOptions(label_size="m", classes="govuk-!-width-two-thirds")}


class PersonLinkForm(forms.Form):
    """Which person the completion form is about: from the team page's link (?person=) or the posted form, read
    before the full form so that someone outside the person's team is refused as the service would refuse."""

    person = forms.CharField(required=False, max_length=20)

    def chosen(self) -> str:
        return self.cleaned_data.get("person", "") if self.is_valid() else ""


class RecordForm(GovukForm):
    person = forms.ChoiceField(label="Who completed the course", error_messages={
        "required": "Choose who completed the course", "invalid_choice": "Choose someone from your team"})
    course = forms.ChoiceField(label="Course", error_messages={
        "required": "Choose the course", "invalid_choice": "Choose one of the council's courses"})
    completed = GovukDateField(error_name="The date the course was completed", label="Date completed",
                               help_text="For example, 27 3 2026")
    field_options = {"person": FieldOptions(label_size="s"), "course": FieldOptions(label_size="s"),
                     "completed": FieldOptions(label_size="s")}

    def __init__(self, *args: Any, people: list[tuple[str, str]], courses: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose a person"), *people]
        self.fields["course"].choices = [("", "Choose a course"), *courses]


class PublishForm(GovukForm):
    text = forms.CharField(
        label="The agreement's text", max_length=MAX_AGREEMENT, widget=forms.Textarea(attrs={"rows": 14}),
        help_text="In full, as people will read it before they sign.",
        error_messages={"required": "Enter the text of the agreement",
                        "max_length": f"The agreement must be {MAX_AGREEMENT:,} characters or fewer"})
    effective = GovukDateField(error_name="The date it comes into force", label="When does it come into force?",
                               help_text="From this day everyone signs it again before they post or moderate. For "
                                         "example, 1 4 2027")
    field_options = {"text": FieldOptions(label_size="m"), "effective": FieldOptions(label_size="m")}


class CourseForm(GovukForm):
    """Adding a course (`with_slug`) or changing one: its name and how long a completion counts. What a good short
    name, name and validity are, and that the short name is not taken, is course_create's and course_update's rule."""

    slug = forms.CharField(
        label="Short name", max_length=50,
        help_text="Lower-case letters and digits, words joined by hyphens, for example social-media. The learning "
                  "system's export names the course by it; it cannot be changed later.",
        error_messages={"required": "Enter the course's short name",
                        "max_length": "The short name must be 50 characters or fewer"})
    name = forms.CharField(
        label="Name", max_length=MAX_NAME, help_text="As people will see it, for example Social media for officers.",
        error_messages={"required": "Enter the course's name",
                        "max_length": f"The name must be {MAX_NAME} characters or fewer"})
    validity_days = forms.IntegerField(
        label="How long a completion counts, in days", required=False, min_value=1, max_value=MAX_VALIDITY_DAYS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),  # GOV.UK: no type=number
        help_text="After this the course is taken again, for example 365 for a year. Leave it empty if a completion "
                  "never expires.",
        error_messages={"invalid": "Enter how many days a completion counts, as a whole number",
                        "min_value": "Enter how many days a completion counts, as a whole number from 1",
                        "max_value": f"A completion can count for at most {MAX_VALIDITY_DAYS:,} days"})
    field_options = {"slug": FieldOptions(label_size="s", classes="govuk-input--width-20"),
                     "name": FieldOptions(label_size="s"),
                     "validity_days": FieldOptions(label_size="s", classes="govuk-input--width-5")}

    def __init__(self, *args: Any, with_slug: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_slug:
            del self.fields["slug"]
