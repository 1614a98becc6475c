"""The disclosure pages' forms. They check the shape of what was typed; what a request needs (someone to search
for, a real e-mail address, dates in order) stays in the services."""

from __future__ import annotations

from django import forms

from civicguard.apps.disclosure.models import Kind
from civicguard.apps.disclosure.services import MAX_NAME, MAX_TEXT
from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm


class RequestForm(GovukForm):
    kind = forms.ChoiceField(label="What kind of request is it?", choices=Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select Freedom of Information or subject access"})
    requester_name = forms.CharField(label="Requester's name", max_length=MAX_NAME,
                                     error_messages={"required": "Enter the requester's name"})
    requester_email = forms.CharField(label="Requester's e-mail address (optional)", required=False, max_length=254)
    requester_address = forms.CharField(label="Requester's postal address (optional)", required=False,
                                        max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    subject_name = forms.CharField(label="Name of the person to search for", required=False, max_length=MAX_NAME,
                                   help_text="For a subject access request, the requester (or the person they act "
                                             "for).")
    subject_handles = forms.CharField(label="Their social media handles (optional)", required=False,
                                      max_length=MAX_TEXT, help_text="Separate them with commas, like @jane, @jsmith.")
    subject_emails = forms.CharField(label="Their e-mail addresses (optional)", required=False, max_length=MAX_TEXT,
                                     help_text="Separate them with commas.")
    date_from = GovukDateField(label="Search from (optional)", error_name="The start of the date range",
                               required=False, help_text="For example, 27 3 2025.")
    date_to = GovukDateField(label="Search to (optional)", error_name="The end of the date range", required=False)
    received_on = GovukDateField(label="When was the request received?", error_name="The date it was received",
                                 required=False, help_text="Leave empty for today. The due date counts from it.")
    field_options = {"kind": FieldOptions(label_size="m"), "requester_name": FieldOptions(label_size="s"),
                     "requester_email": FieldOptions(label_size="s"), "requester_address": FieldOptions(label_size="s"),
                     "subject_name": FieldOptions(label_size="s"), "subject_handles": FieldOptions(label_size="s"),
                     "subject_emails": FieldOptions(label_size="s"), "date_from": FieldOptions(label_size="s"),
                     "date_to": FieldOptions(label_size="s"), "received_on": FieldOptions(label_size="s")}


class CloseForm(GovukForm):
    reason = forms.CharField(label="Why is the request closed?", max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example: answered, withdrawn by the requester, or refused under an "
                                       "exemption (name it).",
                             error_messages={"required": "Say why the request is closed"})
    field_options = {"reason": FieldOptions(label_size="m")}
