"""Reading the register form: a GOV.UK date input (day, month, year) and either pasted text or a file.

Errors come back as {field: message} in the words GOV.UK's design system uses, so the page can show them in the
error summary and beside each field; the services' own BadInput checks stay the last word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.http import QueryDict

PARTS = ("day", "month", "year")


@dataclass
class DateInput:
    """A GOV.UK date input's three boxes, as typed, and what they mean."""

    day: str = ""
    month: str = ""
    year: str = ""
    value: date | None = None
    error: str = ""
    bad_parts: tuple[str, ...] = ()

    @property
    def first_bad(self) -> str:
        return self.bad_parts[0] if self.bad_parts else "day"


def read_date(data: QueryDict, name: str, label: str, *, required: bool) -> DateInput:
    """Read `{name}-day`, `{name}-month`, `{name}-year`. `label` starts the error messages ("Date from")."""
    parts = {p: data.get(f"{name}-{p}", "").strip()[:10] for p in PARTS}
    out = DateInput(**parts)
    missing = tuple(p for p in PARTS if not parts[p])
    if len(missing) == 3:
        if required:
            out.error, out.bad_parts = f"Enter {label.lower()}", PARTS
        return out
    if missing:
        out.error = f"{label} must include a {' and '.join(missing)}"
        out.bad_parts = missing
        return out
    if not all(parts[p].isdigit() for p in PARTS):
        out.error = f"{label} must be a real date"
        out.bad_parts = tuple(p for p in PARTS if not parts[p].isdigit())
        return out
    if len(parts["year"]) != 4:
        out.error, out.bad_parts = "Year must include 4 numbers", ("year",)
        return out
    try:
        out.value = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        out.error, out.bad_parts = f"{label} must be a real date", PARTS
    return out


@dataclass
class RegisterForm:
    """What a person typed into the "register a document" page."""

    title: str = ""
    until: DateInput = field(default_factory=DateInput)
    text: str = ""
    upload_name: str = ""
    upload_data: bytes | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_request(cls, post: QueryDict, files: Any) -> RegisterForm:
        form = cls(title=post.get("title", "").strip(), text=post.get("text", ""))
        form.until = read_date(post, "until", "The embargo end date", required=True)
        if form.until.error:
            form.errors["until"] = form.until.error
        if not form.title:
            form.errors["title"] = "Enter a title for the document"
        elif len(form.title) > 300:
            form.errors["title"] = "The title must be 300 characters or fewer"
        upload = files.get("file")
        if upload is not None and upload.name:
            form.upload_name = upload.name
            # One byte more than allowed is enough to know it is too large.
            form.upload_data = upload.read(settings.CIVICGUARD_MAX_UPLOAD_BYTES + 1)
            if not form.upload_data:
                form.errors["file"] = "The selected file is empty"
        has_text = bool(form.text.strip())
        if has_text and form.upload_name:
            form.errors["text"] = "Either paste the text or upload a file, not both"
        elif not has_text and not form.upload_name:
            form.errors["text"] = "Paste the document's text or upload a PDF or Word document"
        return form

    def anchor(self, field_name: str) -> str:
        """The id of the input an error summary link should move focus to."""
        if field_name == "until":
            return f"until-{self.until.first_bad}"
        return field_name

    def summary(self) -> list[tuple[str, str]]:
        order = ["title", "until", "text", "file"]
        keys = sorted(self.errors, key=lambda k: order.index(k) if k in order else len(order))
        return [(self.anchor(k), self.errors[k]) for k in keys]


def sentence(message: str) -> str:
    """A service's message as a page shows it: starting with a capital."""
    return message[:1].upper() + message[1:]
