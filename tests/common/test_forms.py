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

from civicguard.common.forms import FieldOptions, GovukDateField, GovukDateInput, GovukForm, attach_error
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


def test_a_select_draws_grouped_choices_as_optgroups():
    class Grouped(GovukForm):
        what = forms.CharField(label="What", required=False, widget=forms.Select(choices=[
            ("", "Everything"), ("Posts", [("posts.", "All posts"), ("posts.create", "Drafted")]),
            ("Staff", [("staff.login", "Signed in")])]))

    tree = html(Grouped({"what": "posts.create"}), "what")
    assert [g.get("label") for g in select(tree, "optgroup")] == ["Posts", "Staff"]
    assert [o.get("value") for o in select(tree, "optgroup option")] == ["posts.", "posts.create", "staff.login"]
    assert [o.get("value") for o in select(tree, "option[selected]")] == ["posts.create"]
    assert [o.get("value") for o in tree.xpath("//select/option")] == [""]  # outside any group


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


# ---- choices with attributes and GOV.UK ids, forms side by side, whole-form problems ----------------------------

class Decide(GovukForm):
    """A moderation-like form: its radios carry attributes, the first has the field's id, and the reason is a
    text the service checks, drawn as a select."""

    action = forms.CharField(label="What to do", required=False,
                             widget=forms.RadioSelect(choices=[("approve", "Approve"), ("hide", "Hide")]))
    reason = forms.CharField(label="Reason", required=False, widget=forms.Select(
        choices=[("", "Choose a reason"), ("ok", "Fine"), ("rude", "Rude")], attrs={"data-cg-reason": True}))
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    edits = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_options = {"action": FieldOptions(choice_ids="first", every_choice_attrs={"data-cg-action": True},
                                            choice_attrs={"hide": {"data-shortcut": "h"}}),
                     "reason": FieldOptions(choice_attrs={"rude": {"data-actions": "hide <remove>"}})}


def test_each_choice_carries_its_attributes_escaped():
    tree = html(Decide(), "action")
    assert [(i.get("id"), i.get("data-cg-action"), i.get("data-shortcut")) for i in select(tree, "input")] == [
        ("action", "", None), ("action-hide", "", "h")]
    options = select(html(Decide(), "reason"), "option")
    assert [o.get("data-actions") for o in options] == [None, None, "hide <remove>"]
    assert 'data-actions="hide &lt;remove&gt;"' in str(Decide()["reason"])
    assert one(html(Decide(), "reason"), "select#reason").get("data-cg-reason") is not None


@pytest.mark.parametrize(("mode", "ids"), [("value", ["colour-red", "colour-blue"]),
                                           ("govuk", ["colour", "colour-2"]),
                                           ("first", ["colour", "colour-blue"])])
def test_choice_ids_follow_the_chosen_scheme_and_the_summary_links_the_first(mode, ids):
    form = Everything({"title": "T"})
    form.field_options = {**Everything.field_options, "colour": FieldOptions(choice_ids=mode)}
    assert not form.is_valid()
    assert [i.get("id") for i in select(html(form, "colour"), "input")] == ids
    assert (ids[0], "Choose a colour") in form.error_summary()
    with pytest.raises(ValueError):
        FieldOptions(choice_ids="numbers")


def test_a_text_drawn_as_choices_keeps_any_value_for_the_service():
    form = Decide({"action": "confirm_removal", "reason": "ok"})
    assert form.is_valid() and form.cleaned_data["action"] == "confirm_removal"
    assert select(html(form, "action"), "input:checked") == []
    assert [o.get("value") for o in select(html(form, "reason"), "option[selected]")] == ["ok"]


def test_two_forms_on_one_page_have_ids_of_their_own_and_post_the_same_names():
    page = str(Decide()) + str(Decide(id_prefix="route_"))
    tree = lxml.html.fragment_fromstring(page, create_parent="div")
    ids = [e.get("id") for e in tree.xpath("//*[@id]")]
    assert len(ids) == len(set(ids)), ids
    assert {"note", "route_note", "action", "route_action"} <= set(ids)
    assert one(tree, "label[for=route_note]").text == "Note"
    assert [t.get("name") for t in select(tree, "textarea")] == ["note", "note"]


def test_a_widgets_own_id_wins_over_the_prefix():
    class Route(Decide):
        id_prefix = "route_"
        reply = forms.CharField(label="Reply", required=False, widget=forms.Textarea(attrs={"id": "reply"}))

    tree = html(Route(), "reply")
    one(tree, "textarea#reply[name=reply]")
    one(tree, "label[for=reply]")
    one(html(Route(), "note"), "textarea#route_note")


def test_whole_form_problems_link_to_the_error_anchor_and_show_where_the_page_wants():
    from civicguard.errors import InvalidState

    form = Decide({"action": "hide", "edits": "x"}, id_prefix="route_")
    form.error_anchor = "actions"
    assert not form.is_valid()  # the hidden edit count is not a number: a problem with the whole form
    form.add_problem(InvalidState("someone edited the comment after you opened it"), capitalise=True)
    form.add_problem(BadInput("Choose a reason for your decision", field="reason"))
    assert form.error_summary() == [("actions", "Someone edited the comment after you opened it"),
                                    ("actions", "Enter a whole number."),
                                    ("route_reason", "Choose a reason for your decision")]
    shown = lxml.html.fragment_fromstring(render_to_string("govuk/form_errors.html", {"form": form}),
                                          create_parent="div")
    assert [p.text_content() for p in select(shown, "p.govuk-error-message")] == [
        "Error: Someone edited the comment after you opened it", "Error: Enter a whole number."]
    assert 'aria-describedby="route_reason-error"' in str(form["reason"])


def test_show_draws_a_value_other_than_the_one_sent():
    form = Decide({"action": "hide", "edits": "0", "note": "kept"})
    assert form.is_valid()
    form.show(edits=2)
    assert '<input type="hidden" name="edits" value="2">' in str(form["edits"])
    assert one(html(form, "note"), "textarea").text.strip() == "kept"


def test_a_date_may_also_be_given_as_an_iso_date():
    class Since(GovukForm):
        since = GovukDateField(label="Date from", error_name="Date from", required=False,
                               widget=GovukDateInput(iso=True))

    form = Since({"since": "2026-03-27"})
    assert form.is_valid() and form.cleaned_data["since"] == date(2026, 3, 27)
    assert [i.get("value") for i in select(html(form, "since"), "input")] == ["27", "3", "2026"]
    wrong = Since({"since": "2026-02-31"})
    assert not wrong.is_valid() and wrong.errors["since"] == ["Date from must be a real date"]
    assert [i.get("value") for i in select(html(wrong, "since"), "input")] == [None, None, None]
    boxes = Since({"since": "2026-01-01", "since-day": "2", "since-month": "1", "since-year": "2026"})
    assert boxes.is_valid() and boxes.cleaned_data["since"] == date(2026, 1, 2)  # the boxes win
