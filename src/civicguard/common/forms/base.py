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
from civicguard.errors import BadInput, CivicGuardError

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
    choice_attrs: attributes of one radio, checkbox or option, by the choice's value
        (`{"offensive": {"data-actions": "hide remove"}}`); escaped.
    every_choice_attrs: attributes of every radio, checkbox or option (`{"data-cg-action": True}`).
    choice_ids: how each radio or checkbox is given its id, from the field's id (say `action`):
        "value" (the default): `action-approve`, `action-hide`, ...;
        "govuk": the Design System's own: `action`, `action-2`, `action-3`, ...;
        "first": the first is the field's id, the others by value: `action`, `action-hide`, ...
        With "govuk" and "first" the error summary's `#action` and a `<label for="action">` reach the first choice.
    character_count: a textarea's limit, shown with GOV.UK's character count ("You can enter up to N characters").
    """

    label_size: str = ""
    page_heading: bool = False
    classes: str = ""
    choice_hints: Mapping[str, str] = field(default_factory=dict)
    disabled_choices: frozenset[str] = frozenset()
    choice_attrs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    every_choice_attrs: Mapping[str, Any] = field(default_factory=dict)
    choice_ids: str = "value"
    character_count: int | None = None

    def __post_init__(self) -> None:
        if self.choice_ids not in {"value", "govuk", "first"}:
            raise ValueError(f"choice_ids must be value, govuk or first, not {self.choice_ids!r}")


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
    def auto_id(self) -> str:
        """The control's id: the widget's own `id` attribute if it has one (`attrs={"id": "images"}`), else the
        form's `id_prefix` and the field's name (`route_note`), as Django's `auto_id` says."""
        own = self.field.widget.attrs.get("id")
        return str(own) if own else str(super().auto_id)

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
        attrs: dict[str, Any] = {k: v for k, v in widget.attrs.items() if k != "id"}
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
    def hidden_values(self) -> list[str]:
        """A hidden field's values: one, or each of a MultipleHiddenInput's."""
        value = self.value()
        values = value if isinstance(value, list | tuple) else [value]
        out = [str(v) for v in values if v is not None]
        return out if out or isinstance(self.field.widget, forms.MultipleHiddenInput) else [""]

    @property
    def checked(self) -> bool:
        """A single checkbox's state."""
        return bool(self.value())

    @property
    def choices(self) -> list[tuple[Any, Any]]:
        """The field's choices; for a field without (a text the service checks, drawn as radios or a select),
        its widget's: `forms.CharField(widget=forms.RadioSelect(choices=...))` shows those choices and passes any
        value on, so the service's message, not "Select a valid choice", says what is wrong."""
        choices = getattr(self.field, "choices", None)
        return list(choices if choices is not None else getattr(self.field.widget, "choices", []))

    @property
    def items(self) -> list[dict[str, Any]]:
        """Each choice of a radios, checkboxes or select field: value, label, id, checked, hint, disabled, attrs."""
        return [item for group in self.option_groups for item in group["items"]]

    @property
    def option_groups(self) -> list[dict[str, Any]]:
        """The choices as a select draws them: Django's grouped choices (`("Area", [(value, label), ...])`) each an
        `<optgroup>` (`label`), the choices outside a group in groups without a label."""
        value = self.value()
        values = value if isinstance(value, list | tuple) else [value]
        chosen = {str(v) for v in values if v is not None}
        kind = self.kind
        options = self.options
        groups: list[dict[str, Any]] = []
        count = 0
        for raw, label in self.choices:
            grouped = isinstance(label, list | tuple)
            if grouped or not groups or groups[-1]["label"]:
                groups.append({"label": str(raw) if grouped else "", "items": []})
            for raw_value, text in (label if grouped else [(raw, label)]):
                key = str(raw_value)
                if key == "" and kind != "select":
                    continue  # Django's "---------" means nothing chosen; a radio for it would mean something.
                attrs = {**options.every_choice_attrs, **options.choice_attrs.get(key, {})}
                groups[-1]["items"].append({
                    "value": key, "label": text, "id": self._choice_id(key, count), "checked": key in chosen,
                    "hint": options.choice_hints.get(key, ""), "disabled": key in options.disabled_choices,
                    "attrs": flatatt({k: v for k, v in attrs.items() if v is not None and v is not False})})
                count += 1
        return groups

    def _choice_id(self, key: str, index: int) -> str:
        mode = self.options.choice_ids
        if index == 0 and mode in {"govuk", "first"}:
            return self.auto_id
        if mode == "govuk":
            return f"{self.auto_id}-{index + 1}"
        return f"{self.auto_id}-{key}"

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
    """The base of every page's form.

    id_prefix: put before every field's id (a class attribute, or `Form(data, id_prefix="route_")`), so that two
        forms on one page with fields of the same name (`note`) get ids of their own (`note`, `route_note`); the
        names posted stay the field names. A widget's own `id` attribute wins over it.
    error_anchor: the id the error summary links problems with the whole form to (and those of hidden fields,
        which have nowhere to show): by default the first field; a page may give a container's id (`actions`) and
        draw those messages there with `{% include "govuk/form_errors.html" %}`.
    """

    default_renderer = GovukFormRenderer
    bound_field_class = GovukBoundField
    use_required_attribute = False
    field_options: dict[str, FieldOptions] = {}  # by field name; an instance may set its own
    # Which field a service's BadInput(field=...) belongs to, when the service names it otherwise.
    error_fields: ClassVar[dict[str, str]] = {}
    id_prefix: str = ""
    error_anchor: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        id_prefix = kwargs.pop("id_prefix", None)
        if id_prefix is not None:
            self.id_prefix = str(id_prefix)
        kwargs.setdefault("auto_id", f"{self.id_prefix}%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def __getitem__(self, name: str) -> GovukBoundField:
        return super().__getitem__(name)

    @property
    def whole_form_anchor(self) -> str:
        if self.error_anchor:
            return self.error_anchor
        visible = [self[name] for name in self.fields if not self[name].is_hidden]
        return visible[0].anchor if visible else ""

    def whole_form_errors(self) -> list[str]:
        """The problems with the whole form and with its hidden fields: what `govuk/form_errors.html` draws."""
        if not self.is_bound:
            return []
        out = [str(e) for e in self.non_field_errors()]
        out += [bf.error_message for name in self.fields if (bf := self[name]).is_hidden and bf.errors]
        return out

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary: problems with the whole form first, then each field's in order."""
        if not self.is_bound:
            return []
        anchor = self.whole_form_anchor
        out = [(anchor, message) for message in self.whole_form_errors()]
        out += [(bf.anchor, bf.error_message) for name in self.fields if not (bf := self[name]).is_hidden
                and bf.errors]
        return out

    def add_problem(self, exc: CivicGuardError, *, default: str | None = None, capitalise: bool = False) -> None:
        """A service's refusal on this form: a BadInput beside its field (`attach_error`), anything else (not
        allowed, the record changed meanwhile) as a problem with the whole form."""
        if isinstance(exc, BadInput):
            attach_error(self, exc, default=default, capitalise=capitalise)
        else:
            self.add_error(None, ValidationError(sentence(exc.message) if capitalise else exc.message,
                                                 code=exc.code))

    def show(self, **values: Any) -> None:
        """Draw these values instead of the ones sent (a bound form shows what was sent): the comment's edit count
        now, the reply that was checked. After `is_valid()` the cleaned data stay as sent; before, the values
        shown are also the ones cleaned (a default for a link that left a field out)."""
        data: Any = self.__dict__["data"].copy()  # a QueryDict's copy can be changed
        for name, value in values.items():
            data[self.add_prefix(name)] = "" if value is None else str(value)
        self.data = data


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
