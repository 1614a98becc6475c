"""The audit trail's pages: the IMG and the computer auditor browse their council's entries; the IMG exports them.

Read only: every view answers GET alone, so nothing here can change or remove an entry (the model refuses too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.audit import labels
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.audit.selectors import audit_entries, export_csv, export_json, readable
from civicguard.apps.audit.services import audit_export_noted
from civicguard.apps.councils.models import Council
from civicguard.common.dates import DateRange, read_date_range

PAGE_SIZE = 50


@dataclass
class Filters(DateRange):
    """The browse page's filters, as typed (to show again) and as understood."""

    event: str = ""
    actor: str = ""

    def entries(self, council: Council) -> QuerySet[AuditEntry]:
        system = self.actor.lower() == "system"
        qs = audit_entries(council=council.slug, event=self.event, actor="" if system else self.actor,
                           since=self.since, until=self.until)
        return qs.filter(actor="") if system else qs


def read_filters(data: QueryDict) -> Filters:
    filters = Filters(event=data.get("event", "").strip()[:80], actor=data.get("actor", "").strip()[:150])
    read_date_range(data, into=filters)
    return filters


def _query(filters: Filters, **extra: str) -> str:
    """The filters as a query string (dates as ISO), for page links and the export links."""
    q = QueryDict(mutable=True)
    for key, value in (("event", filters.event), ("actor", filters.actor)):
        if value:
            q[key] = value
    if filters.since:
        q["since"] = filters.since.isoformat()
    if filters.until:
        q["until"] = filters.until.isoformat()
    for key, value in extra.items():
        q[key] = value
    return q.urlencode()


def event_options(chosen: str) -> list[dict[str, Any]]:
    """The event filter's choices in plain English, grouped by area; each area whose events share one namespace
    starts with "All ..." (the namespace, matched as a prefix). A value typed into the address that is neither
    (an older bookmark's prefix) is kept as its own choice, so the page still says what it is filtering by."""
    groups: list[dict[str, Any]] = []
    values: set[str] = {""}
    for area, events in labels.event_choices():
        spaces = {code.split(".", 1)[0] for code, _ in events}
        options = [{"value": code, "label": label} for code, label in events]
        if len(spaces) == 1 and len(events) > 1:
            options.insert(0, {"value": f"{spaces.pop()}.", "label": f"Everything in {area[:1].lower()}{area[1:]}"})
        values.update(o["value"] for o in options)
        groups.append({"label": area, "options": options})
    if chosen not in values:
        groups.insert(0, {"label": "As asked", "options": [{"value": chosen, "label": f"Events starting “{chosen}”"}]})
    return groups


def _pages(page: Page, filters: Filters) -> dict[str, Any]:
    """The GOV.UK pagination component's items: first, last, and the pages either side of this one."""
    last = page.paginator.num_pages
    wanted = sorted({1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1)))
    items: list[dict[str, Any]] = []
    for n in wanted:
        if items and n - items[-1]["number"] > 1:
            items.append({"number": n - 1, "ellipsis": True})
        items.append({"number": n, "url": "?" + _query(filters, page=str(n)), "current": n == page.number})
    return {
        "items": items,
        "prev": "?" + _query(filters, page=str(page.number - 1)) if page.has_previous() else "",
        "next": "?" + _query(filters, page=str(page.number + 1)) if page.has_next() else "",
    }


@require_GET
@council_page("audit.view")
def entry_list(request: HttpRequest, council: Council) -> HttpResponse:
    filters = read_filters(request.GET)
    context: dict[str, Any] = {
        "filters": filters, "errors": filters.summary(), "date_fields": filters.date_fields(),
        "event_groups": event_options(filters.event),
        "can_export": can(request.user, "audit.export", council),
        "csv_url": "", "json_url": "", "page": None, "show": not filters.errors,
    }
    if not filters.errors:
        page = Paginator(filters.entries(council), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update({
            "page": page,
            "rows": [{"entry": e, "created": timezone.localtime(e.created), "read": readable(e)}
                     for e in page.object_list],
            "pagination": _pages(page, filters) if page.paginator.num_pages > 1 else None,
            "csv_url": reverse("audit:export") + "?" + _query(filters, format="csv"),
            "json_url": reverse("audit:export") + "?" + _query(filters, format="json"),
            "filtered": bool(filters.event or filters.actor or filters.since or filters.until),
        })
    return render(request, "audit/list.html", context, status=400 if filters.errors else 200)


@require_GET
@council_page("audit.export")
def export(request: HttpRequest, council: Council) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in {"csv", "json"}:
        return HttpResponse("format must be csv or json\n", status=400, content_type="text/plain; charset=utf-8")
    filters = read_filters(request.GET)
    if filters.errors:
        return HttpResponse("; ".join(filters.errors.values()) + "\n", status=400,
                            content_type="text/plain; charset=utf-8")
    audit_export_noted(actor=request.user, council=council, fmt=fmt,
                       filters={"event": filters.event, "actor": filters.actor,
                                "since": filters.since.isoformat() if filters.since else "",
                                "until": filters.until.isoformat() if filters.until else ""})
    # Exports run in chain order, oldest first.
    entries = filters.entries(council).order_by("seq").iterator(chunk_size=2000)
    body = export_csv(entries) if fmt == "csv" else export_json(entries)
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8" if fmt == "csv"
                                     else "application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-{council.slug}-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
