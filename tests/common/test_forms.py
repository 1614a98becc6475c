"""The GOV.UK form renderer (civicguard.common.forms): each kind of field's markup, its error state, and the
error summary's links to each field's id."""

from __future__ import annotations

import re
from datetime import date

import lxml.html
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm, attach_error
from civicguard.errors import BadInput

COLOURS = [("red", "Red"), ("blue", "Blue")]


class Everything(GovukForm):
    title = forms.CharField(label="Title", help_text="As on the document", max_length=30,
                            error_messages={"required": "Enter a title"})
    body = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    colour = forms.ChoiceField(label="Colour", choices=COLOURS, widget=forms.RadioSelect,
                               error_messages={"required": "Choose a colour"})
    extras = forms.MultipleChoiceField(label="Extras", choices=COLOURS, widget=forms.CheckboxSelectMultiple,
                                       required=False)
    agree = forms.BooleanField(label="I agree", required=False)
    size = forms.ChoiceField(label="Size", choices=[("", "Choose"), ("s", "Small"), ("l", "Large")], required=False)
    until = GovukDateField(label="When does it end?", error_name="The end date")
    upload = forms.FileField(label="File", required=False)
    field_options = {"title": FieldOptions(label_size="m", classes="govuk-input--width-20"),
                     "body": FieldOptions(character_count=100),
                     "colour": FieldOptions(choice_hints={"red": "Warm"})}
    error_fields = {"heading": "title"}


def html(form: GovukForm, name: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(str(form[name]), create_parent="div")


def select(tree: lxml.html.HtmlElement, css: str) -> list[lxml.html.HtmlElement]:
    """The few CSS selectors these tests use (tag, #id, .class, [attr], [attr=value], :checked, descendants)."""
    steps = []
    for compound in css.split():
        tag, rest = re.match(r"([\w-]*)(.*)", compound).groups()  # type: ignore[union-attr]
        tests = []
        for kind, name, value in re.findall(r"([#.:[])([\w-]+)(?:=([\w-]+))?\]?", rest):
            tests.append({"#": f"@id='{name}'", ".": f"contains(concat(' ', @class, ' '), ' {name} ')",
                          ":": "@checked", "[": f"@{name}='{value}'" if value else f"@{name}"}[kind])
        steps.append((tag or "*") + "".join(f"[{t}]" for t in tests))
    return tree.xpath(".//" + "//".join(steps))


def one(tree: lxml.html.HtmlElement, css: str) -> lxml.html.HtmlElement:
    found = select(tree, css)
    assert len(found) == 1, f"{css}: {len(found)} found"
    return found[0]


def test_text_input_has_label_hint_value_and_plain_ids():
    tree = html(Everything(initial={"title": "Budget"}), "title")
    assert one(tree, "label.govuk-label.govuk-label--m[for=title]").text == "Title"
    field = one(tree, "input#title.govuk-input.govuk-input--width-20")
    assert (field.get("name"), field.get("value"), field.get("maxlength")) == ("title", "Budget", "30")
    assert field.get("aria-describedby") == "title-hint" and one(tree, "#title-hint").text == "As on the document"
    assert field.get("required") is None, "GOV.UK pages validate on the server"


def test_error_marks_group_field_and_message():
    form = Everything({"title": ""})
    assert not form.is_valid()
    tree = html(form, "title")
    one(tree, ".govuk-form-group.govuk-form-group--error")
    assert one(tree, "input#title").get("class") == "govuk-input govuk-input--error govuk-input--width-20"
    assert one(tree, "input#title").get("aria-describedby") == "title-hint title-error"
    assert one(tree, "p#title-error.govuk-error-message").text_content() == "Error: Enter a title"


def test_textarea_keeps_text_and_counts_characters():
    tree = html(Everything({"body": "line one\nline two"}), "body")
    area = one(tree, "textarea#body.govuk-textarea.govuk-js-character-count")
    assert area.text.strip() == "line one\nline two" and area.get("rows") == "4"
    assert one(tree, ".govuk-character-count").get("data-maxlength") == "100"
    assert one(tree, "#body-info").text == "You can enter up to 100 characters"


def test_radios_have_value_ids_hints_and_the_choice_kept():
    form = Everything({"colour": "blue"})
    form.is_valid()
    tree = html(form, "colour")
    assert one(tree, "fieldset legend.govuk-fieldset__legend").text_content() == "Colour"
    assert [i.get("id") for i in select(tree, "input.govuk-radios__input")] == ["colour-red", "colour-blue"]
    assert one(tree, "#colour-blue").get("checked") is not None and one(tree, "#colour-red").get("checked") is None
    assert one(tree, "#colour-red-item-hint.govuk-radios__hint").text == "Warm"


def test_checkboxes_and_single_checkbox():
    form = Everything({"extras": ["red", "blue"], "agree": "yes"})
    form.is_valid()
    boxes = select(html(form, "extras"), "input.govuk-checkboxes__input:checked")
    assert [b.get("id") for b in boxes] == ["extras-red", "extras-blue"]
    assert form.cleaned_data["agree"] is True
    agree = one(html(form, "agree"), "input#agree.govuk-checkboxes__input")
    assert agree.get("checked") is not None and one(html(form, "agree"), "label[for=agree]").text == "I agree"


def test_select_marks_the_chosen_option():
    tree = html(Everything({"size": "l"}), "size")
    one(tree, "select#size.govuk-select")
    assert [o.get("value") for o in select(tree, "option[selected]")] == ["l"]


def test_file_upload():
    form = Everything({}, {"upload": SimpleUploadedFile("a.pdf", b"%PDF")})
    form.is_valid()
    assert form.cleaned_data["upload"].name == "a.pdf"
    one(html(form, "upload"), "input#upload.govuk-file-upload[type=file][name=upload]")


def test_date_reads_three_boxes_with_govuk_names():
    form = Everything({"title": "T", "colour": "red", "until-day": "27", "until-month": "3", "until-year": "2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["until"] == date(2026, 3, 27)
    tree = html(Everything(initial={"until": date(2026, 3, 27)}), "until")
    one(tree, "fieldset[role=group] div.govuk-date-input#until")
    assert [(i.get("name"), i.get("value")) for i in select(tree, "input")] == [
        ("until-day", "27"), ("until-month", "3"), ("until-year", "2026")]
    assert one(tree, "#until-year").get("class") == "govuk-input govuk-date-input__input govuk-input--width-4"


@pytest.mark.parametrize(("day", "month", "year", "message", "marked"), [
    ("", "", "", "Enter the end date", ["until-day", "until-month", "until-year"]),
    ("27", "", "", "The end date must include a month and year", ["until-month", "until-year"]),
    ("27", "x", "2026", "The end date must be a real date", ["until-month"]),
    ("27", "3", "26", "Year must include 4 numbers", ["until-year"]),
    ("31", "2", "2026", "The end date must be a real date", ["until-day", "until-month", "until-year"]),
])
def test_date_errors_mark_only_the_boxes_to_fix(day, month, year, message, marked):
    form = Everything({"until-day": day, "until-month": month, "until-year": year})
    assert not form.is_valid() and form.errors["until"] == [message]
    tree = html(form, "until")
    assert [i.get("id") for i in select(tree, "input.govuk-input--error")] == marked
    assert (marked[0], message) in form.error_summary()


def test_error_summary_links_each_field_in_order():
    form = Everything({"title": "", "until-day": "1", "until-month": "1"})
    assert not form.is_valid()
    out = render_to_string("govuk/error_summary.html", {"form": form})
    tree = lxml.html.fragment_fromstring(out, create_parent="div")
    one(tree, ".govuk-error-summary[data-module=govuk-error-summary] [role=alert]")
    links = [(a.get("href"), a.text) for a in select(tree, ".govuk-error-summary__list a")]
    assert links == [("#title", "Enter a title"), ("#colour-red", "Choose a colour"),
                     ("#until-year", "The end date must include a year")]


def test_no_summary_when_nothing_is_wrong():
    assert render_to_string("govuk/error_summary.html", {"form": Everything()}).strip() == ""


def test_a_services_bad_input_goes_beside_its_field_or_to_the_form():
    form = Everything({"title": "ok", "colour": "red", "until-day": "1", "until-month": "1", "until-year": "2027"})
    assert form.is_valid()
    attach_error(form, BadInput("the title is already registered", field="heading"), capitalise=True)
    attach_error(form, BadInput("Something about the whole thing", field="elsewhere"))
    assert form.errors["title"] == ["The title is already registered"]
    assert form.error_summary() == [("title", "Something about the whole thing"),
                                    ("title", "The title is already registered")]


def test_whole_form_renders_every_field_once():
    tree = lxml.html.fragment_fromstring(str(Everything()), create_parent="div")
    for name in ("title", "body", "colour-red", "extras-red", "agree", "size", "until-day", "upload"):
        one(tree, f"#{name}")
