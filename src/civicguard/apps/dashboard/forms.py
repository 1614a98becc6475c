"""The "Working in" council switch in every page's header (templates/base.html draws it beside its button)."""

from __future__ import annotations

from django import forms

from civicguard.common.forms import GovukForm


class CouncilForm(GovukForm):
    council = forms.CharField(label="Working in", max_length=100)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "%s-switch")
        super().__init__(*args, **kwargs)
