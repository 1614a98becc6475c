"""The advice forms: a question to one of the council's advisers, and an answer. The services decide who may."""

from __future__ import annotations

from typing import Any

from django import forms

from civicguard.apps.advice.services import MAX_ANSWER, MAX_QUESTION, MAX_REFERENCE
from civicguard.common.forms import FieldOptions, GovukForm


class AskForm(GovukForm):
    adviser = forms.ChoiceField(label="Who do you want to ask?", widget=forms.RadioSelect,
                                error_messages={"required": "Select who you want to ask",
                                                "invalid_choice": "Select one of the advisers"})
    question = forms.CharField(
        label="Your question", max_length=MAX_QUESTION, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what you plan to do and what you are unsure about. Do not include more personal data than "
                  "the adviser needs.",
        error_messages={"required": "Enter your question",
                        "max_length": f"The question must be {MAX_QUESTION} characters or fewer"})
    post = forms.IntegerField(
        label="Is it about an official post? (optional)", required=False, min_value=1, max_value=2**63 - 1,
        help_text="The post's number, as shown on its page.", widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Enter the post's number, like 12", "min_value": "Enter the post's number, like 12",
                        "max_value": "Enter the post's number, like 12"})
    account = forms.ChoiceField(label="Is it about one of the council's accounts? (optional)", required=False,
                                error_messages={"invalid_choice": "Select one of the council's accounts"})
    reference = forms.CharField(
        label="What else does it concern? (optional)", max_length=MAX_REFERENCE, required=False,
        help_text="For example a post, an account, an event or a case reference.",
        error_messages={"max_length": f"The reference must be {MAX_REFERENCE} characters or fewer"})
    field_options = {"adviser": FieldOptions(label_size="m"),
                     "question": FieldOptions(label_size="m", character_count=MAX_QUESTION),
                     "post": FieldOptions(label_size="s", classes="govuk-input--width-10"),
                     "account": FieldOptions(label_size="s"), "reference": FieldOptions(label_size="s")}

    def __init__(self, *args: Any, advisers: list[tuple[str, str, str]], accounts: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser"].choices = [(slug, name) for slug, name, _ in advisers]
        self.fields["account"].choices = [("", "No account"), *accounts]
        self.field_options = {**self.field_options,
                              "adviser": FieldOptions(label_size="m",
                                                      choice_hints={slug: about for slug, _, about in advisers})}


class AnswerForm(GovukForm):
    answer = forms.CharField(
        label="Your answer", max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The person who asked, and the Information Management Group, will see it.",
        error_messages={"required": "Enter your answer",
                        "max_length": f"The answer must be {MAX_ANSWER} characters or fewer"})
    field_options = {"answer": FieldOptions(label_size="m", character_count=MAX_ANSWER)}
