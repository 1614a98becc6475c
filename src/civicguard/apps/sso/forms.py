"""The sign-in pages' forms: which council's directory, the callback's state, and a two-factor code."""

from __future__ import annotations

from django import forms

from civicguard.common.forms import FieldOptions, GovukForm


class DirectoryForm(GovukForm):
    """The query string of "Sign in with <council>'s directory"."""

    council = forms.SlugField(max_length=50)


class CallbackForm(GovukForm):
    """The directory's answer: only the state is read here (the library reads the code and checks the state)."""

    state = forms.CharField(max_length=200, required=False)


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=12,
        help_text="The 6-digit code the app shows for CivicGuard now.",
        error_messages={"required": "Enter the 6-digit code your authenticator app shows now"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "spellcheck": "false"}))
    field_options = {"code": FieldOptions(classes="govuk-input--width-10")}
