"""Reading a Dashboard as a person reads the page: a figure by its label, a chart's numbers by its title."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.dashboard.figures import Chart, Dashboard, Figure, dashboard


def board(viewer: Any, council: Any, *, days: int = 30, area: Any = None) -> Dashboard:
    today = timezone.localdate()
    return dashboard(viewer=viewer, council=council, start=today - timedelta(days=days - 1), end=today,
                     service_area=area)


def fig(found: Dashboard, label: str) -> Figure:
    hits = [f for s in found.sections for f in s.figures if f.label == label]
    assert hits, f"no figure {label!r}: {[f.label for s in found.sections for f in s.figures]}"
    return hits[0]


def chart(found: Dashboard, title: str) -> Chart:
    return next(c for s in found.sections for c in s.charts if c.title == title)


def bars(found: Dashboard, title: str) -> dict[str, int]:
    c = chart(found, title)
    return dict(zip(c.labels, c.series[0][1], strict=True))
