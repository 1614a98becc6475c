"""Demo data: both councils, a person for every role, official accounts and example posts at each stage.

Idempotent: running it again changes nothing that is already there. The demo password comes from
CIVICGUARD_DEMO_PASSWORD, or is generated once and kept in CIVICGUARD_HOME/demo_password (never in the code).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from civicguard.apps.councils.models import Council
from civicguard.apps.councils.services import council_sync, service_area_add
from civicguard.apps.posts import services as posts
from civicguard.apps.posts.models import Post
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.apps.social_accounts.services import account_add
from civicguard.apps.staff.services import role_assign, user_create
from civicguard.common.roles import ROLES

PREFIX = {"st-helens": "sth", "sefton": "sef"}
ACCOUNTS = {
    "st-helens": [("facebook", "@StHelensCouncil", "110000000000001"), ("x", "@StHelensCouncil", "2000000001"),
                  ("instagram", "@sthelenscouncil", "178400000000001")],
    "sefton": [("facebook", "@SeftonCouncil", "110000000000002"), ("x", "@SeftonCouncil", "2000000002"),
               ("youtube", "@SeftonCouncilTV", "UCsefton000000000000001")],
}
AREAS = [("communications", "Communications"), ("highways", "Highways"), ("libraries", "Libraries")]
POSTS = {
    "st-helens": [
        ("approved", "Sherdley Park's café is open until 4pm this weekend. Pop in after the fun run!"),
        ("submitted", "Bin collections move to Saturday next week because of the bank holiday. Check your "
                      "day at www.sthelens.gov.uk/bins"),
        ("draft", "Well done to Derek Ainsworth (DOB 02/03/1951) of 12 Kiln Lane, WA10 1AB, on 50 years of "
                  "volunteering!"),
    ],
    "sefton": [
        ("approved", "Southport Pier is open again after repairs. Thank you for your patience."),
        ("draft", "Call Mrs Joan Hughes on 07700 900123 about her housing application, ref HB-2291-77."),
    ],
}


@dataclass
class DemoResult:
    password: str
    usernames: dict[str, list[tuple[str, str]]]


def demo_password() -> str:
    from_env = os.environ.get("CIVICGUARD_DEMO_PASSWORD", "").strip()
    if from_env:
        return from_env
    path = Path(settings.HOME) / "demo_password"
    if not path.exists():
        path.write_text("Demo-" + secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


def _user(username: str, council: Council, role: str, password: str,
          account: SocialAccount | None = None) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return user_create(username=username, council=council, role=role, password=password,
                           email=f"{username}@example.gov.uk", account=account, validate=False)
    if not user.role_assignments.filter(council=council, role=role).exists():
        role_assign(user=user, council=council, role=role, account=account)
    return user


@transaction.atomic
def load_demo() -> DemoResult:
    password = demo_password()
    result = DemoResult(password=password, usernames={})
    for slug, prefix in PREFIX.items():
        council = council_sync(pack_id=slug)
        for area_slug, name in AREAS:
            service_area_add(council=council, slug=area_slug, name=name)
        accounts = []
        for platform, handle, platform_id in ACCOUNTS[slug]:
            existing = SocialAccount.objects.filter(platform=platform, handle=handle).first()
            accounts.append(existing or account_add(council=council, platform=platform, handle=handle,
                                                    platform_id=platform_id))
        people = {role: _user(f"{prefix}-{role}", council, role, password) for role in ROLES}
        # A second approver, so that one can approve what the other wrote, and a representative per account.
        people["approver2"] = _user(f"{prefix}-approver2", council, "approver", password)
        _user(f"{prefix}-rep-{accounts[1].platform}", council, "representative", password, account=accounts[1])
        result.usernames[council.name] = [(f"{prefix}-{role}", label) for role, label in ROLES.items()]
        if not Post.objects.filter(council=council).exists():
            _example_posts(slug, council, accounts[0], people)
    return result


def _example_posts(slug: str, council: Council, account: SocialAccount, people: dict[str, Any]) -> None:
    author, approver = people["representative"], people["approver"]
    for stage, text in POSTS[slug]:
        post = posts.post_create(actor=author, account=account, text=text)
        posts.post_check(post=post, actor=author)
        if stage in {"submitted", "approved"}:
            posts.post_submit(post=post, actor=author)
        if stage == "approved":
            posts.post_decide(post=post, actor=approver, decision="approve")
