"""The audit trail's pages: the IMG and the computer auditor browse their council's entries; the IMG exports them.

Read only: every view answers GET alone, so nothing here can change or remove an entry (the model refuses too).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.audit.forms import AuditExportForm, AuditFilterForm
from civicguard.apps.audit.selectors import export_csv, export_json, readable
from civicguard.apps.audit.services import audit_export_noted
from civicguard.apps.councils.models import Council

PAGE_SIZE = 50


def _pages(page: Page, filters: AuditFilterForm) -> dict[str, Any]:
    """The GOV.UK pagination component's items: first, last, and the pages either side of this one."""
    last = page.paginator.num_pages
    wanted = sorted({1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1)))
    items: list[dict[str, Any]] = []
    for n in wanted:
        if items and n - items[-1]["number"] > 1:
            items.append({"number": n - 1, "ellipsis": True})
        items.append({"number": n, "url": "?" + filters.query(page=str(n)), "current": n == page.number})
    return {
        "items": items,
        "prev": "?" + filters.query(page=str(page.number - 1)) if page.has_previous() else "",
        "next": "?" + filters.query(page=str(page.number + 1)) if page.has_next() else "",
    }


@require_GET
@council_page("audit.view")
def entry_list(request: HttpRequest, council: Council) -> HttpResponse:
    filters = AuditFilterForm(request.GET)
    show = filters.is_valid()
    context: dict[str, Any] = {
        "form": filters, "can_export": can(request.user, "audit.export", council),
        "csv_url": "", "json_url": "", "page": None, "show": show,
    }
    if show:
        page = Paginator(filters.entries(council), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update({
            "page": page,
            "rows": [{"entry": e, "created": timezone.localtime(e.created), "read": readable(e)}
                     for e in page.object_list],
            "pagination": _pages(page, filters) if page.paginator.num_pages > 1 else None,
            "csv_url": reverse("audit:export") + "?" + filters.query(format="csv"),
            "json_url": reverse("audit:export") + "?" + filters.query(format="json"),
            "filtered": filters.filtered,
        })
    return render(request, "audit/list.html", context, status=200 if show else 400)


@require_GET
@council_page("audit.export")
def export(request: HttpRequest, council: Council) -> HttpResponse:
    form = AuditExportForm(request.GET)
    if not form.is_valid():  # a download link or a script: the problems as text
        return HttpResponse("; ".join(message for _, message in form.error_summary()) + "\n", status=400,
                            content_type="text/plain; charset=utf-8")
    fmt = form.cleaned_data["format"]
    audit_export_noted(actor=request.user, council=council, fmt=fmt, filters=form.as_filters())
    # Exports run in chain order, oldest first.
    entries = form.entries(council).order_by("seq").iterator(chunk_size=2000)
    body = export_csv(entries) if fmt == "csv" else export_json(entries)
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8" if fmt == "csv"
                                     else "application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-{council.slug}-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
