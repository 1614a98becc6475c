"""The policy review pages' forms. They read and re-display what was typed; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from civicguard.apps.policyreview.services import MAX_TEXT, MAX_VERSION
from civicguard.common.forms import FieldOptions, GovukDateField, GovukForm

REASON_HINT = "For example, a change in legislation. It is kept with the version and in the audit trail."


class RecordVersionForm(GovukForm):
    published = GovukDateField(label="When was this version published?", error_name="The date it was published",
                               help_text="The date it came into force, for example 1 7 2023.")
    review_due = GovukDateField(label="When is its review due? (optional)", error_name="The review date",
                                required=False,
                                help_text="Leave it empty for the policy's interval after publication. An earlier "
                                          "date needs a reason.")
    early_review_reason = forms.CharField(
        label="Why is the review due sooner? (optional)", required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}), help_text=REASON_HINT,
        error_messages={"max_length": f"The reason must be {MAX_TEXT} characters or fewer"})
    field_options = {"published": FieldOptions(label_size="m"), "review_due": FieldOptions(label_size="m"),
                     "early_review_reason": FieldOptions(label_size="m")}


class ReviewDueForm(GovukForm):
    review_due = GovukDateField(label="When is the review due now?", error_name="The review date",
                                help_text="A date before the one it is due now, for example 1 9 2026.")
    early_review_reason = forms.CharField(
        label="Why is the review due sooner?", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=REASON_HINT,
        error_messages={"required": "Enter why the review is due sooner, for example a change in legislation",
                        "max_length": f"The reason must be {MAX_TEXT} characters or fewer"})
    field_options = {"review_due": FieldOptions(label_size="m"), "early_review_reason": FieldOptions(label_size="m")}


class StartForm(GovukForm):
    reason = forms.CharField(
        label="Why is the review starting? (optional)", required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave it empty for the annual review; otherwise, for example, a change in legislation.",
        error_messages={"max_length": f"The reason must be {MAX_TEXT} characters or fewer"})
    field_options = {"reason": FieldOptions(label_size="m")}


class CommentForm(GovukForm):
    consultee = forms.ChoiceField(label="Who are the comments from?", widget=forms.RadioSelect,
                                  error_messages={"required": "Select who the comments are from",
                                                  "invalid_choice": "Select one of the consultees"})
    comment = forms.CharField(
        label="Their comments", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="As they gave them: from the meeting's minutes, a letter or an e-mail.",
        error_messages={"required": "Enter the consultee's comments",
                        "max_length": f"The comments must be {MAX_TEXT} characters or fewer"})
    field_options = {"consultee": FieldOptions(label_size="m"),
                     "comment": FieldOptions(label_size="m", character_count=MAX_TEXT)}

    def __init__(self, *args: Any, consultees: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultee"].choices = [(c, c) for c in consultees]


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label="What did the review decide?", widget=forms.RadioSelect,
        choices=[("no-change", "No change: the policy stands as it is"),
                 ("new-version", "A new version of the policy")],
        error_messages={"required": "Select no change or a new version",
                        "invalid_choice": "Select no change or a new version"})
    new_version = forms.CharField(
        label="The new version (if there is one)", required=False, max_length=MAX_VERSION,
        help_text="As the policy document names it, for example July 2026.",
        error_messages={"max_length": f"The version must be {MAX_VERSION} characters or fewer"})
    approved_by = forms.CharField(
        label="Who approved it?", max_length=200,
        help_text="The body that approved the outcome, and when, as its minutes record it.",
        error_messages={"required": "Enter who approved the outcome",
                        "max_length": "This must be 200 characters or fewer"})
    notes = forms.CharField(
        label="Notes on the decision (optional)", required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The notes must be {MAX_TEXT} characters or fewer"})
    field_options = {"outcome": FieldOptions(label_size="m"), "new_version": FieldOptions(label_size="s"),
                     "approved_by": FieldOptions(label_size="m"), "notes": FieldOptions(label_size="m")}
