"""The permission matrix's rows for the oversight dashboard (see tests/apps/matrix.py): the Information Management
Group, administrators and service managers see the figures and download the reports; confidential records behind a
figure open only for their readers (nobody in the matrix's cast holds both roles, so all get 404); the API takes
the council by slug."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from civicguard.apps.dashboard.models import MonthlyPack
from tests.apps.matrix import api, page, roles

VIEWERS = roles("img", "admin", "service-manager")  # dashboard.view
LEGEND = {"dashboard.view": VIEWERS}

BODIES: dict[str, Any] = {}

ROWS = {
    ("dashboard:oversight", "GET", ""): page(VIEWERS, note="counts of the council the person works in"),
    ("dashboard:records", "GET", ""): page(VIEWERS, query="figure=unenforced",
                                           note="the clauses nothing enforces: from the pack, for every viewer"),
    ("dashboard:records", "GET", "cases"): page(
        roles(), query="figure=cases", gate=VIEWERS, hidden=VIEWERS, elsewhere=(404, 403),
        note="open cases: only for viewers who are also HR (access/confidential.py); counts only for the rest"),
    ("dashboard:report-csv", "GET", ""): page(VIEWERS, note="audited"),
    ("dashboard:report-xlsx", "GET", ""): page(VIEWERS, note="audited"),
    ("dashboard:report-pdf", "GET", ""): page(VIEWERS, note="audited; the meeting pack"),
}
# /api/v1/dashboard (apps/dashboard/api_urls.py): its row joins once config/api_urls.py includes that module.
try:
    reverse("api-dashboard")
except NoReverseMatch:
    pass
else:
    ROWS[("api-dashboard", "GET", "")] = api(VIEWERS, query="council=st-helens", note="the same figures as JSON")

TARGETS: set[str] = set()


def build(world: Any) -> dict[str, Any]:
    return {}


def state(council: Any) -> tuple[Any, ...]:
    return (list(MonthlyPack.objects.filter(council=council).order_by("pk").values_list("pk", flat=True)),)
