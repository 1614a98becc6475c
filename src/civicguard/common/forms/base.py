"""The form, bound field and renderer that give every Django form GOV.UK Frontend 6 markup.

`GovukForm` sets the renderer, ids without Django's `id_` prefix (the pages' links and tests use `#title`,
`#decision-approve`), and no browser validation (GOV.UK pages validate on the server, with `novalidate`).
Each field is drawn by `templates/govuk/fields/<kind>.html`; `GovukBoundField` works out the kind and the
attributes, so the templates hold markup only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.safestring import SafeString

from civicguard.common.forms.fields import PARTS, GovukDateInput
from civicguard.errors import BadInput

# The GOV.UK class of each kind of control; "--error" is added to it when the field has an error.
_CONTROL_CLASS = {"input": "govuk-input", "textarea": "govuk-textarea", "select": "govuk-select",
                  "file": "govuk-file-upload"}


class GovukFormRenderer(TemplatesSetting):
    """Finds templates through the project's TEMPLATES setting, where `govuk/` lives."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


@dataclass(frozen=True)
class FieldOptions:
    """How a field is shown, beyond what Django's field says (label, help_text as the hint, required).

    label_size: "s", "m", "l" or "xl" (govuk-label--m, or the legend's size for radios, checkboxes and dates).
    page_heading: the label or legend is the page's h1.
    classes: added to the control, e.g. "govuk-input--width-10" or "govuk-radios--small".
    choice_hints: a hint under a radio or checkbox, by the choice's value.
    disabled_choices: choices shown but not selectable.
    character_count: a textarea's limit, shown with GOV.UK's character count ("You can enter up to N characters").
    """

    label_size: str = ""
    page_heading: bool = False
    classes: str = ""
    choice_hints: Mapping[str, str] = field(default_factory=dict)
    disabled_choices: frozenset[str] = frozenset()
    character_count: int | None = None


_PLAIN = FieldOptions()


class GovukBoundField(forms.BoundField):
    """A field as the GOV.UK templates need it: its kind, ids, classes and, for choices and dates, its items."""

    form: GovukForm

    def __str__(self) -> str:
        return self.as_field_group()

    @property
    def options(self) -> FieldOptions:
        return getattr(self.form, "field_options", {}).get(self.name, _PLAIN)

    @property
    def kind(self) -> str:
        widget = self.field.widget
        if isinstance(widget, GovukDateInput):
            return "date"
        if widget.is_hidden:
            return "hidden"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.Select):
            return "select"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.Textarea):
            return "textarea"
        if isinstance(widget, forms.FileInput):
            return "file"
        return "input"

    @property
    def kind_template(self) -> str:
        return f"govuk/fields/{self.kind}.html"

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def error_message(self) -> str:
        """The first problem: GOV.UK shows one message a field."""
        return str(self.errors[0]) if self.errors else ""

    @property
    def describedby(self) -> str:
        ids = [self.hint_id] if self.help_text else []
        if self.options.character_count:
            ids.append(f"{self.auto_id}-info")
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def control_attrs(self) -> SafeString:
        """Every attribute of an input, textarea, select or file upload, escaped, with a leading space."""
        kind = self.kind
        widget = self.field.widget
        attrs: dict[str, Any] = dict(widget.attrs)
        base = _CONTROL_CLASS[kind]
        classes = [base, *([f"{base}--error"] if self.errors else []), self.options.classes, attrs.pop("class", "")]
        if kind == "textarea" and self.options.character_count:
            classes.append("govuk-js-character-count")
        attrs.update({"class": " ".join(c for c in classes if c), "id": self.auto_id, "name": self.html_name})
        if kind == "input":
            attrs["type"] = getattr(widget, "input_type", "text")
            value = widget.format_value(self.value())
            if value not in (None, "") and not (isinstance(widget, forms.PasswordInput) and not widget.render_value):
                attrs["value"] = value
        elif kind == "file":
            attrs["type"] = "file"
        elif kind == "select" and getattr(widget, "allow_multiple_selected", False):
            attrs["multiple"] = True
        if self.field.disabled:
            attrs["disabled"] = True
        if self.describedby:
            attrs["aria-describedby"] = self.describedby
        return flatatt({k: v for k, v in attrs.items() if v is not None and v is not False})

    @property
    def text_value(self) -> str:
        """A textarea's content."""
        value = self.field.widget.format_value(self.value())
        return "" if value is None else str(value)

    @property
    def checked(self) -> bool:
        """A single checkbox's state."""
        return bool(self.value())

    @property
    def items(self) -> list[dict[str, Any]]:
        """Each choice of a radios, checkboxes or select field: value, label, id, checked, hint, disabled."""
        value = self.value()
        values = value if isinstance(value, list | tuple) else [value]
        chosen = {str(v) for v in values if v is not None}
        kind = self.kind
        out = []
        for raw, label in self.field.choices:
            key = str(raw)
            if key == "" and kind != "select":
                continue  # Django's "---------" means nothing chosen; a radio for it would mean something.
            out.append({"value": key, "label": label, "id": f"{self.auto_id}-{key}", "checked": key in chosen,
                        "hint": self.options.choice_hints.get(key, ""),
                        "disabled": key in self.options.disabled_choices})
        return out

    @property
    def bad_parts(self) -> tuple[str, ...]:
        """The parts of a date the error is about (the boxes to mark), all three unless the error says."""
        if not self.errors:
            return ()
        for error in self.form.errors[self.name].as_data():
            parts = (error.params or {}).get("parts")
            if parts:
                return tuple(parts)
        return PARTS

    @property
    def date_parts(self) -> list[dict[str, Any]]:
        value = self.value()
        if not isinstance(value, list | tuple):
            value = self.field.widget.decompress(value)
        bad = self.bad_parts
        return [{"name": f"{self.html_name}-{part}", "id": f"{self.auto_id}-{part}", "label": part.title(),
                 "value": value[i] or "", "width": 4 if part == "year" else 2, "error": part in bad}
                for i, part in enumerate(PARTS)]

    @property
    def anchor(self) -> str:
        """The id an error summary link moves focus to: the box or the first choice to put right."""
        kind = self.kind
        if kind == "date":
            return f"{self.auto_id}-{(self.bad_parts or PARTS)[0]}"
        if kind in {"radios", "checkboxes"}:
            items = self.items
            return items[0]["id"] if items else self.auto_id
        return self.auto_id


class GovukForm(forms.Form):
    """The base of every page's form."""

    default_renderer = GovukFormRenderer
    bound_field_class = GovukBoundField
    use_required_attribute = False
    field_options: dict[str, FieldOptions] = {}  # by field name; an instance may set its own
    # Which field a service's BadInput(field=...) belongs to, when the service names it otherwise.
    error_fields: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def __getitem__(self, name: str) -> GovukBoundField:
        return super().__getitem__(name)

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary: problems with the whole form first, then each field's in order."""
        if not self.is_bound:
            return []
        fields = [self[name] for name in self.fields]
        visible = [bf for bf in fields if not bf.is_hidden]
        first = visible[0].anchor if visible else ""
        out = [(first, str(e)) for e in self.non_field_errors()]
        out += [(first, bf.error_message) for bf in fields if bf.is_hidden and bf.errors]
        out += [(bf.anchor, bf.error_message) for bf in visible if bf.errors]
        return out


def sentence(message: str) -> str:
    """A service's message as a page shows it: starting with a capital."""
    return message[:1].upper() + message[1:]


def attach_error(form: GovukForm, exc: BadInput, *, default: str | None = None, capitalise: bool = False) -> None:
    """Show a service's BadInput beside the field it names (`exc.data["field"]`, through `form.error_fields`).

    A field the form does not have goes to `default`, or to the whole form (the summary links to its first field).
    The message is the service's, as the API gives it; `capitalise` starts it with a capital letter.
    Call after `form.is_valid()`.
    """
    name = str(exc.data.get("field") or "")
    name = form.error_fields.get(name, name)
    target = name if name in form.fields else default
    message = sentence(exc.message) if capitalise else exc.message
    form.add_error(target, ValidationError(message, code=exc.code))
