"""The administrator's "give someone a role" form. It reads the username, the role and the account; whether the
person may be given the role is the service's rule (services.role_assign)."""

from __future__ import annotations

from typing import Any

from django import forms

from civicguard.apps.access.roles import ROLES
from civicguard.common.forms import FieldOptions, GovukForm


class AssignForm(GovukForm):
    username = forms.CharField(label="Username", max_length=150,
                               widget=forms.TextInput(attrs={"spellcheck": "false"}))
    role = forms.ChoiceField(label="Role", choices=list(ROLES.items()))
    account = forms.ChoiceField(label="Account (representatives only)", required=False,
                                help_text="Leave as “All accounts” to let a representative post for every account.")
    field_options = {"username": FieldOptions(classes="govuk-!-width-one-third")}

    def __init__(self, *args: Any, accounts: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "assign-%s")  # the page's other forms are the Remove buttons
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [("", "All accounts"), *((str(a.pk), str(a)) for a in accounts)]
