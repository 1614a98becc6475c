"""The forms of the reviews pages: upload a service area's procedure, and a review's checklist and sign-off.

They check the shape of what was sent; what is allowed (who may upload for an area, who signs off, that every item
is confirmed, that the file is a document it can keep) is the services' to say, beside the field it concerns.
"""

from __future__ import annotations

from typing import Any

from django import forms

from civicguard.apps.reviews.files import ACCEPT, max_bytes, size_words
from civicguard.apps.reviews.services import CHECKLIST, MAX_NOTES, MAX_TITLE, MAX_VERSION
from civicguard.common.forms import FieldOptions, GovukForm

OTHER = "other"  # the choice of a version not listed: the version is typed in `other_version`
CHECKLIST_LABELS = {
    "content_appropriate": "The account's content is still appropriate",
    "representatives_current": "Its representatives are current (nobody has left or changed role)",
    "feedback_current": "Its feedback and complaints information is current",
    "inappropriate_removed": "Inappropriate content posted on or linked to it has been removed",
}


class ProcedureLinkForm(GovukForm):
    """What a link to "Upload a procedure" may choose (`?area=<id>`, from a procedure's page or the waiting list):
    a service area the person may upload for; any other is left for them to choose."""

    area = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", ""), *areas]

    @property
    def area_chosen(self) -> str:
        return str(self.cleaned_data.get("area") or "") if self.is_valid() else ""


class ProcedureForm(GovukForm):
    service_area = forms.ChoiceField(
        label="Service area", error_messages={"required": "Choose the service area the procedure is for",
                                              "invalid_choice": "Choose a service area from the list"})
    title = forms.CharField(
        label="Title", max_length=MAX_TITLE, help_text="For example, “Libraries: social media procedure”.",
        error_messages={"required": "Enter the procedure's title",
                        "max_length": f"The title must be {MAX_TITLE} characters or fewer"})
    policy_version = forms.ChoiceField(
        label="Which version of the council's policy does it follow?", widget=forms.RadioSelect,
        error_messages={"required": "Choose the version of the policy the procedure follows",
                        "invalid_choice": "Choose a version from the list"})
    other_version = forms.CharField(
        label="The earlier version it follows", required=False, max_length=MAX_VERSION,
        help_text="Only if it follows a version not listed, for example “2019”. It will show as out of date.",
        error_messages={"max_length": f"The version must be {MAX_VERSION} characters or fewer"})
    file = forms.FileField(label="Upload the procedure", error_messages={"required": "Select the procedure's file",
                                                                         "empty": "The selected file is empty"},
                           widget=forms.FileInput(attrs={"accept": ACCEPT}))
    field_options = {"service_area": FieldOptions(label_size="m"), "title": FieldOptions(label_size="m"),
                     "policy_version": FieldOptions(label_size="m", choice_ids="govuk"),
                     "other_version": FieldOptions(label_size="s"), "file": FieldOptions(label_size="m")}

    def __init__(self, *args: Any, areas: list[tuple[str, str]], versions: list[str], current: str,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].choices = [("", "Choose a service area"), *areas]
        self.fields["policy_version"].choices = [
            *[(v, f"{v} (the version in force)" if v == current else v) for v in versions],
            (OTHER, "An earlier version not listed")]
        hint = f"PDF, Word (.docx) or OpenDocument (.odt), smaller than {size_words(max_bytes())}."
        chosen = self.files.get("file")
        if chosen is not None and chosen.name:
            hint += f" You chose {chosen.name}: choose it again."
        self.fields["file"].help_text = hint

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("policy_version") == OTHER and not str(cleaned.get("other_version") or "").strip():
            self.add_error("other_version", "Enter the earlier version the procedure follows")
        return cleaned

    def version(self) -> str:
        """The version chosen, or the one typed when it is not listed."""
        chosen = self.cleaned_data["policy_version"]
        return self.cleaned_data["other_version"] if chosen == OTHER else chosen

    def upload(self) -> tuple[str, bytes]:
        """The chosen file's name and contents, read to one byte past the limit (enough to know it is too large)."""
        chosen = self.cleaned_data["file"]
        return chosen.name, chosen.read(max_bytes() + 1)


class SignOffForm(GovukForm):
    checklist = forms.MultipleChoiceField(
        label="Confirm each of these", widget=forms.CheckboxSelectMultiple, required=False,
        choices=[(name, CHECKLIST_LABELS[name]) for name in CHECKLIST],
        help_text="Select all that apply. Every one must be true before you sign off: if one is not, put it right "
                  "first.", error_messages={"invalid_choice": "Choose from the list"})
    notes = forms.CharField(
        label="Notes (optional)", required=False, max_length=MAX_NOTES, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you looked at, and anything you put right.",
        error_messages={"max_length": f"The notes must be {MAX_NOTES} characters or fewer"})
    field_options = {"checklist": FieldOptions(label_size="m"),
                     "notes": FieldOptions(label_size="m", character_count=MAX_NOTES)}
    error_fields = {name: "checklist" for name in CHECKLIST}

    def ticks(self) -> dict[str, bool]:
        chosen = set(self.cleaned_data.get("checklist") or [])
        return {name: name in chosen for name in CHECKLIST}
