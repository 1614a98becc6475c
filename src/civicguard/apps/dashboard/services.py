"""The dashboard's two changes of state: a report downloaded (audited) and the monthly pack sent (once a month).
Views, the API, the command line and the task call these; none decides for itself."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from civicguard.apps.access.checks import require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.dashboard import reports
from civicguard.apps.dashboard.figures import Dashboard, dashboard, facts_of, previous_month
from civicguard.apps.dashboard.models import MonthlyPack
from civicguard.errors import BadInput

log = logging.getLogger(__name__)


def dashboard_read(*, actor: Any, council: Council, start: date, end: date,
                   service_area: ServiceArea | None = None) -> Dashboard:
    """The figures, for someone holding `dashboard.view` in the council (no role there: NotFound). `actor` None is
    the system (the command line without --as): counts, no links."""
    if actor is not None:
        require(actor, "dashboard.view", council)
    if start > end:
        raise BadInput("The end of the period must be the same as or after its start", field="to")
    return dashboard(viewer=actor, council=council, start=start, end=end, service_area=service_area)


def report_download(*, actor: Any, council: Council, start: date, end: date, fmt: str,
                    service_area: ServiceArea | None = None, via: str = "page") -> reports.Report:
    """One report file of the figures, and its audit entry (the period, the format and where; never the figures)."""
    if fmt not in reports.FORMATS:
        raise BadInput("Choose a format: csv, xlsx or pdf", field="format")
    board = dashboard_read(actor=actor, council=council, start=start, end=end, service_area=service_area)
    report = reports.render(board, fmt)
    audit_record(event="dashboard.report.download", actor=actor, council=council,
                 subject=("dashboard.report", f"{start.isoformat()}..{end.isoformat()}"),
                 after={"format": fmt, "period_from": start.isoformat(), "period_to": end.isoformat(),
                        "service_area": service_area.name if service_area else "All service areas", "via": via})
    return report


def pack_recipients(council: Council) -> list[Any]:
    """The active people holding the pack's `facts.reports.recipients` roles in the council, with an e-mail."""
    from civicguard.apps.staff.models import RoleAssignment

    roles = facts_of(council).reports.recipients
    found = {a.user.pk: a.user for a in RoleAssignment.objects.filter(council=council, role__in=roles)
             .select_related("user") if a.user.is_active and a.user.email}
    return [found[k] for k in sorted(found)]


def monthly_pack_send(*, council: Council, today: date | None = None) -> MonthlyPack | None:
    """On the pack's day of the month (or after it, if the day was missed), e-mail the PDF meeting pack of the
    previous month to the group, once per council and month. None when it is not the day, or already sent."""
    today = today or timezone.localdate()
    facts = facts_of(council).reports
    if today.day < facts.day_of_month:
        return None
    start, end = previous_month(today)
    if MonthlyPack.objects.filter(council=council, month=start).exists():
        return None
    people = pack_recipients(council)
    if not people:
        log.warning("no one in %s holds the roles %s: the monthly pack was not sent", council.slug,
                    ", ".join(facts.recipients))
        return None
    viewer = people[0]
    board = dashboard(viewer=viewer, council=council, start=start, end=end)
    # Counts only for everyone: the e-mail goes to all recipients alike.
    report = reports.render(board, "pdf")
    try:
        with transaction.atomic():
            sent = MonthlyPack.objects.create(council=council, month=start, recipients=len(people))
            audit_record(event="dashboard.pack.send", council=council, subject=sent,
                         after={"month": f"{start:%B %Y}", "recipients": len(people)})
    except IntegrityError:  # another worker sent it a moment ago
        return None
    message = EmailMessage(
        subject=f"CivicGuard: {council.name}'s social media policy pack for {start:%B %Y}",
        body=(f"The Information Management Group's meeting pack for {start:%B %Y} is attached: checks of posts, "
              "moderation, the User Agreement and training, official accounts, cases and breaches (counts only) "
              "and the policy's review.\n\nThe figures, with links to the records behind them, are on the "
              "dashboard in CivicGuard."),
        to=[p.email for p in people])
    message.attach(report.filename, report.content, "application/pdf")
    try:
        message.send(fail_silently=False)
    except Exception:  # recorded as sent: the log says the mail server failed, and a person can download it
        log.exception("could not e-mail the monthly pack of %s", council.slug)
    return sent
