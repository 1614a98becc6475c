"""The start page: what this person can do in the council they are working in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from civicguard.apps.access.checks import can, roles_in
from civicguard.apps.access.councils import choose_council
from civicguard.apps.access.pages import council_page
from civicguard.apps.access.roles import label
from civicguard.apps.councils.models import Council
from civicguard.apps.dashboard.forms import CouncilForm
from civicguard.apps.notifications.collect import grouped, waiting
from civicguard.apps.posts.selectors import notices_for, overrides_to_confirm, posts_to_decide, posts_visible

HOME_WAITING = 10  # the rest are on /notifications/


@require_GET
@council_page("personal.check")  # every role holds it: the start page is for anyone with a role
def home(request: HttpRequest, council: Council) -> HttpResponse:
    user = request.user
    items = waiting(user, council)  # what each app says waits on the person (apps/<app>/waiting.py)
    context = {
        "waiting": grouped(items[:HOME_WAITING], timezone.localdate()), "waiting_count": len(items),
        "roles": sorted(label(r) for r in roles_in(user, council)),
        "to_decide": posts_to_decide(user=user, council=council).count()
        if can(user, "post.approve", council) else None,
        "my_posts": posts_visible(user=user, council=council).filter(author=user)[:10]
        if can(user, "post.draft", council) else [],
        "can_draft": can(user, "post.draft", council),
        # What was decided on the person's posts since they last opened them (written by the deciding service).
        "notices": list(notices_for(user=user, council=council)[:10]),
        "to_confirm": overrides_to_confirm(user=user, council=council).count()
        if can(user, "post.approve", council) else None,
        "can_see_overrides": can(user, "overrides.view", council),
    }
    return render(request, "dashboard/home.html", context)


@require_POST
@login_required
def switch_council(request: HttpRequest) -> HttpResponse:
    form = CouncilForm(request.POST)
    if form.is_valid():
        choose_council(request, form.cleaned_data["council"])  # one of the person's councils, or nothing changes
    return redirect("dashboard:home")
