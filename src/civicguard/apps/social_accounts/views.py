"""The council's official accounts, read only (registering them comes with the accounts issue)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from civicguard.apps.access.checks import represents
from civicguard.apps.access.pages import council_page
from civicguard.apps.councils.models import Council
from civicguard.apps.social_accounts.models import SocialAccount


@require_GET
@council_page("accounts.view")
def account_list(request: HttpRequest, council: Council) -> HttpResponse:
    accounts = SocialAccount.objects.filter(council=council).select_related("service_area")
    rows = [{"account": a, "yours": represents(request.user, a)} for a in accounts]
    return render(request, "social_accounts/list.html", {"rows": rows})
