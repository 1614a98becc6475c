"""The daily e-mail choice on the notifications page."""

from __future__ import annotations

from django import forms

from civicguard.common.forms import FieldOptions, GovukForm


class DigestForm(GovukForm):
    send_digest = forms.ChoiceField(
        label="Send me a daily e-mail of what is waiting for me?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
        help_text="One e-mail a day, only on days when something is waiting. This page always lists everything.",
        error_messages={"required": "Select yes if you want the daily e-mail", "invalid_choice": "Select yes or no"})
    field_options = {"send_digest": FieldOptions(label_size="m")}
