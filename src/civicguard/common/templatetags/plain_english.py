"""Template filters that turn the engine's codes into the words a person reads (engine/labels.py holds the names).

Registered as a template builtin (settings TEMPLATES OPTIONS "builtins"), so every template can write
`{{ finding.category|category_label }}` without loading it. The API and the exports keep the codes.
"""

from __future__ import annotations

from django import template

from civicguard.engine import labels

register = template.Library()


@register.filter
def category_label(code: object) -> str:
    """`personal_data` -> "Personal information"."""
    return labels.category_label(str(code or ""))


@register.filter
def severity_label(code: object) -> str:
    """`block` -> "Must not go out"."""
    return labels.severity_label(str(code or ""))


@register.filter
def verdict_label(code: object) -> str:
    """`warn` -> "Warning"."""
    return labels.verdict_label(str(code or ""))
