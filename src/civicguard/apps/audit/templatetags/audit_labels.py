"""`{% load audit_labels %}`: audit event names in plain English on any page that shows an entry."""

from __future__ import annotations

from django import template

from civicguard.apps.audit import labels

register = template.Library()


@register.filter
def event_label(name: object) -> str:
    """`posts.post.override` -> "Approved with an override"."""
    return labels.event_label(str(name or ""))
