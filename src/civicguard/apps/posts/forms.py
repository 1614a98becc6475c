"""The approval page's form. It checks the shape of what was sent; what is allowed is the service's rule
(services.post_decide), and which decisions the page offers comes from services.decisions_open_to."""

from __future__ import annotations

from django import forms

from civicguard.apps.posts.models import Decision
from civicguard.apps.posts.services import ASKED, MAX_TEXT

# What each decision is called on the page, and the hint under it.
_SHOWN = [
    (Decision.APPROVE, "Approve", "The check found nothing. The post goes to the outbox."),
    (Decision.OVERRIDE, "Approve, overriding the check",
     "Only for a warning or a block, and you must give a justification. An override of a block waits for a second "
     "person to confirm it."),
    (Decision.RETURN, "Return to the author", "Say in your comments what they should change."),
    (Decision.CONFIRM_OVERRIDE, "Confirm the override",
     "You agree the post may go out despite the check. It goes to the outbox, marked as overridden, with both your "
     "names."),
    (Decision.REFUSE_OVERRIDE, "Refuse the override", "The post goes back to its author. Say why in your comments."),
]
CHOICES: dict[str, tuple[str, str]] = {str(value): (label, hint) for value, label, hint in _SHOWN}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(value, CHOICES[value][0]) for value in ASKED],
        error_messages={"required": "Choose a decision", "invalid_choice": "Choose one of the decisions shown"})
    comment = forms.CharField(required=False, max_length=MAX_TEXT, error_messages={
        "max_length": f"Comments must be {MAX_TEXT:,} characters or fewer"})
    justification = forms.CharField(required=False, max_length=MAX_TEXT, error_messages={
        "max_length": f"The justification must be {MAX_TEXT:,} characters or fewer"})

    def first_error(self) -> tuple[str, str]:
        """(field, message) of the first problem, for the page's error summary."""
        for field, errors in self.errors.items():
            return field, str(errors[0])
        return "decision", "Choose a decision"


def choices_for(decisions: list[str]) -> list[tuple[str, str, str]]:
    """(value, label, hint) of each decision offered."""
    return [(value, *CHOICES[value]) for value in decisions]
