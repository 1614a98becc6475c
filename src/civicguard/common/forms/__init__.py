"""Django forms drawn with the GOV.UK Design System's markup (GOV.UK Frontend 6), for every app's pages.

A form reads and re-displays what a person typed: it cleans types and required fields. What is allowed stays in
the services, which raise BadInput(field=...); `attach_error` puts that message beside the field it names, so the
API and the pages share one rule. Why our own templates rather than a library: docs/forms.md.
"""

from civicguard.common.forms.base import FieldOptions, GovukBoundField, GovukForm, GovukFormRenderer, attach_error
from civicguard.common.forms.fields import GovukDateField, GovukDateInput

__all__ = [
    "FieldOptions", "GovukBoundField", "GovukDateField", "GovukDateInput", "GovukForm", "GovukFormRenderer",
    "attach_error",
]
