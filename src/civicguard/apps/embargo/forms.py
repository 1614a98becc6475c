"""The "register a document" form: a title, the embargo's end as a GOV.UK date input (day, month, year) and either
pasted text or a file.

The form checks what was typed (a title, a real date, text or a file but not both) in the words GOV.UK's design
system uses; the service's own BadInput checks (a date in the future, a file it can read) stay the last word and
come back beside their field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm

DOCUMENT_TYPES = (".pdf,.docx,application/pdf,"
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


class RegisterForm(GovukForm):
    title = forms.CharField(
        label="Title", max_length=300,
        help_text="As it appears on the document, for example “Leisure services review: Cabinet report”.",
        error_messages={"required": "Enter a title for the document",
                        "max_length": "The title must be 300 characters or fewer"})
    until = GovukDateField(
        label="When does the embargo end?", error_name="The embargo end date",
        help_text="The first day the document may be public, for example 27 3 2026. Posts are checked against it "
                  "until the day before.")
    text = forms.CharField(label="Paste the text", required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 10}))
    file = forms.FileField(label="Or upload a file", required=False,
                           error_messages={"empty": "The selected file is empty"},
                           widget=forms.FileInput(attrs={"accept": DOCUMENT_TYPES}))
    field_options = {"title": FieldOptions(label_size="m"), "until": FieldOptions(label_size="m"),
                     "text": FieldOptions(label_size="s"), "file": FieldOptions(label_size="s")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hint = (f"PDF or Word (.docx), up to {settings.CIVICGUARD_MAX_UPLOAD_BYTES // (1024 * 1024)} MB. A scanned "
                "document has no text to read: paste the text instead.")
        chosen = self.files.get("file")
        if chosen is not None and chosen.name:
            hint += f" You chose {chosen.name}: choose it again."
        self.fields["file"].help_text = hint

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_text = bool(str(cleaned.get("text") or "").strip())
        chosen = self.files.get("file")
        if has_text and chosen is not None and chosen.name:
            self.add_error("text", "Either paste the text or upload a file, not both")
        elif not has_text and (chosen is None or not chosen.name):
            self.add_error("text", "Paste the document's text or upload a PDF or Word document")
        return cleaned

    def upload(self) -> tuple[str, bytes | None]:
        """The chosen file's name and contents, read to one byte past the limit (enough to know it is too large)."""
        chosen = self.cleaned_data.get("file")
        if not chosen:
            return "", None
        return chosen.name, chosen.read(settings.CIVICGUARD_MAX_UPLOAD_BYTES + 1)
