"""The forms of the concern and case pages. They check the shape of what was typed; what is required (reasons for
changing a classification, the sanction of formal action, a screenshot of the removal) stays in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from civicguard.apps.cases.models import Classification, Outcome
from civicguard.apps.cases.services import MAX_NOTE, MAX_TEXT, MAX_WORRY, Upload
from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm

IMAGES = "image/png,image/jpeg,image/webp,image/gif"


def read_upload(chosen: Any) -> Upload | None:
    """A chosen file's name and bytes, read to one byte past the limit (enough to know it is too large)."""
    if not chosen:
        return None
    return Upload(str(chosen.name or ""), chosen.read(int(settings.CIVICGUARD_MAX_UPLOAD_BYTES) + 1))


def _screenshot(label: str, hint: str) -> forms.FileField:
    return forms.FileField(label=label, required=False, help_text=hint,
                           error_messages={"empty": "The selected file is empty"},
                           widget=forms.FileInput(attrs={"accept": IMAGES}))


class ReportForm(GovukForm):
    subject = forms.ChoiceField(label="Who posted it?", help_text="Choose your colleague from the council's staff.",
                                error_messages={"required": "Choose the colleague who posted it"})
    link = forms.CharField(label="Link to the post", max_length=2000,
                           help_text="Copy the address of the post from your browser, starting https://",
                           error_messages={"required": "Enter the link to the post"})
    text = forms.CharField(label="The text of the post", max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="Copy the words exactly as they appear. CivicGuard checks them against the "
                                     "council's policy.",
                           error_messages={"required": "Copy the text of the post as you see it"})
    screenshot = _screenshot("A screenshot of the post (optional)",
                             "A picture of the post as you saw it: PNG or JPEG. It is kept as evidence.")
    worry = forms.CharField(label="What worries you about it?", max_length=MAX_WORRY,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            error_messages={"required": "Say what worries you about the post"})
    field_options = {"subject": FieldOptions(label_size="m"), "link": FieldOptions(label_size="m"),
                     "text": FieldOptions(label_size="m"), "screenshot": FieldOptions(label_size="m"),
                     "worry": FieldOptions(label_size="m", character_count=MAX_WORRY)}

    def __init__(self, *args: Any, staff: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", "Choose a colleague"), *staff]


class CaseNewForm(GovukForm):
    subject = forms.ChoiceField(label="Who is the case about?",
                                error_messages={"required": "Choose the member of staff the case is about"})
    summary = forms.CharField(label="What is the case about? (optional)", max_length=MAX_NOTE, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    field_options = {"subject": FieldOptions(label_size="m"), "summary": FieldOptions(label_size="m")}

    def __init__(self, *args: Any, staff: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff is None:
            del self.fields["subject"]
        else:
            self.fields["subject"].choices = [("", "Choose a member of staff"), *staff]


class ClassifyForm(GovukForm):
    classification = forms.ChoiceField(label="Classification", choices=Classification.choices,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": "Choose the classification"})
    reasons = forms.CharField(label="Reasons", max_length=MAX_NOTE, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Why you confirm the proposed classification, or why you change it.")
    field_options = {"classification": FieldOptions(label_size="s"), "reasons": FieldOptions(label_size="s")}


class DecideForm(GovukForm):
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome"})
    sanction = forms.CharField(label="Sanction (formal disciplinary action only)", max_length=300, required=False,
                               help_text="For example: a final written warning.")
    reasons = forms.CharField(label="Reasons", max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Give the reasons for the outcome"})
    field_options = {"outcome": FieldOptions(label_size="s"), "sanction": FieldOptions(label_size="s"),
                     "reasons": FieldOptions(label_size="s")}


class NoteForm(GovukForm):
    note = forms.CharField(label="Add a note", max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Write the note"})
    field_options = {"note": FieldOptions(label_size="s")}


class OwnerForm(GovukForm):
    owner = forms.ChoiceField(label="Owner", error_messages={"required": "Choose the owner"})
    field_options = {"owner": FieldOptions(label_size="s")}

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose"), *people]


class DeadlineForm(GovukForm):
    deadline = GovukDateField(label="Deadline", error_name="The deadline", help_text="For example 18 12 2026.")
    deadline_for = forms.CharField(label="What is due by then?", max_length=200,
                                   error_messages={"required": "Say what is due by then"})
    field_options = {"deadline": FieldOptions(label_size="s"), "deadline_for": FieldOptions(label_size="s")}


class EvidenceForm(GovukForm):
    file = _screenshot("Screenshot", "A picture of the post or page: PNG or JPEG.")
    description = forms.CharField(label="What does it show?", max_length=300,
                                  error_messages={"required": "Say what the screenshot shows"})
    source_url = forms.CharField(label="Where was it captured? (optional)", max_length=2000, required=False)
    field_options = {"file": FieldOptions(label_size="s"), "description": FieldOptions(label_size="s"),
                     "source_url": FieldOptions(label_size="s")}


class RemovalForm(GovukForm):
    postings = forms.CharField(label="Links of the postings to remove", widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=20 * 2001, help_text="One link a line.",
                               error_messages={"required": "Enter the link of each posting to remove, one a line"})
    deadline = GovukDateField(label="Remove them by (optional)", error_name="The deadline", required=False,
                              help_text="Leave it empty for the council's usual time.")
    note = forms.CharField(label="Message to the employee (optional)", max_length=MAX_NOTE, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    field_options = {"postings": FieldOptions(label_size="s"), "deadline": FieldOptions(label_size="s"),
                     "note": FieldOptions(label_size="s")}


class ConfirmRemovalForm(GovukForm):
    screenshot = _screenshot("A screenshot showing the postings are gone",
                             "For example your profile page without them: PNG or JPEG.")
    note = forms.CharField(label="Anything to add? (optional)", max_length=MAX_NOTE, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    field_options = {"screenshot": FieldOptions(label_size="s"), "note": FieldOptions(label_size="s")}


class NoticeForm(GovukForm):
    rule = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label="What they are told", max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Write what they are told"})
    field_options = {"text": FieldOptions(label_size="s")}


class EmptyForm(GovukForm):
    """A button only (refer, start the investigation, close, acknowledge)."""


class SourceForm(GovukForm):
    """The address of the "open a case" page: ?concern=, ?comment= or ?post= (what the case is opened from)."""

    concern = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    comment = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    post = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class OpenEvidenceForm(GovukForm):
    """The address of an evidence item: ?download=1 to download it rather than view it."""

    download = forms.BooleanField(required=False, widget=forms.HiddenInput)
