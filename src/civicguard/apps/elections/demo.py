"""Demo elections, made through the services (so each is in the audit trail):

* St Helens: the borough council elections, polling in three weeks, the notice of election published ten days ago:
  the pre-election period is on, so every St Helens page shows the banner, and a demo draft quoting a councillor
  has been checked and is blocked for it (the Code of Recommended Practice; St Helens 5.7);
* Sefton: the local elections in five months: on the calendar, its period not begun.

Idempotent: a council that has any election is left alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.elections.models import Election
from civicguard.apps.elections.services import election_add

QUOTE = ('Councillor Sarah Whitfield said: "The new play area at Victoria Park shows what this council can deliver '
         'for families."')


def load(ctx: Any) -> None:
    if Election.objects.filter(council=ctx.council).exists():
        return
    today = timezone.localdate()
    keeper = ctx.people["img"]
    if ctx.slug == "st-helens":
        election_add(actor=keeper, council=ctx.council, name="St Helens Borough Council elections", kind="local",
                     polling_day=today + timedelta(days=21), notice_published_on=today - timedelta(days=10))
        _blocked_draft(ctx)
    else:
        election_add(actor=keeper, council=ctx.council, name="Sefton Council local elections", kind="local",
                     polling_day=today + timedelta(days=150))


def _blocked_draft(ctx: Any) -> None:
    """A draft quoting a councillor, checked during the period: its check shows the pre-election block."""
    from civicguard.apps.posts.services import post_check, post_create

    author = ctx.people["representative"]
    post = post_create(actor=author, account=ctx.accounts[0], text=QUOTE)
    post_check(post=post, actor=author)
