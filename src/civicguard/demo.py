"""Demo data: both councils, a person for every role, official accounts, example posts at each stage and
residents' comments waiting in the moderation queue (one hidden and one routed by the demo moderator; a
safeguarding concern waiting in each council; in St Helens, a removal waiting for a second person).

Idempotent: running it again changes nothing that is already there. The demo password comes from
CIVICGUARD_DEMO_PASSWORD, or is generated once and kept in CIVICGUARD_HOME/demo_password (never in the code).
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.roles import ROLES
from civicguard.apps.councils.models import Council
from civicguard.apps.councils.services import council_sync, service_area_add
from civicguard.apps.moderation.models import Comment, Delivery
from civicguard.apps.moderation.services import decisions, ingest, routing
from civicguard.apps.moderation.services import scan as comment_scan
from civicguard.apps.people.importing import staff_import
from civicguard.apps.people.models import AreaManager, StaffRecord
from civicguard.apps.posts import services as posts
from civicguard.apps.posts.models import Approval, Decision
from civicguard.apps.posts.notices import without_email
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.apps.social_accounts.services import account_add
from civicguard.apps.staff.services import role_assign, user_create

PREFIX = {"st-helens": "sth", "sefton": "sef"}
# The ids are those the comment fixtures use (tests/apps/moderation/fixtures/README.md), so their files import
# onto the demo accounts. New accounts go at the end: the first is the posts' account, the second has a rep.
ACCOUNTS = {
    "st-helens": [("facebook", "@StHelensCouncil", "110000000000001"), ("x", "@StHelensCouncil", "1357924680"),
                  ("instagram", "@sthelenscouncil", "178400000000001"),
                  ("youtube", "@sthelenscouncil", "UCsthelens0000000000000a")],
    "sefton": [("facebook", "@SeftonCouncil", "104729384756"), ("x", "@SeftonCouncil", "2000000002"),
               ("youtube", "@SeftonCouncilTV", "UCsefton000000000000001"),
               ("instagram", "@seftoncouncil", "17841400000000001"),
               ("mastodon", "@seftoncouncil", "109000000000000001")],
}
# Platform ids earlier versions of the demo gave, replaced by the fixtures' ids when the demo runs again.
OLD_PLATFORM_IDS = {("x", "2000000001"), ("facebook", "110000000000002")}
AREAS = [("communications", "Communications"), ("highways", "Highways"), ("libraries", "Libraries")]
# Staff records, as HR's export would give them: (role of the demo person, name, employment type, service area,
# role of their line manager, politically restricted). In St Helens the employee's post is politically restricted.
STAFF = [
    ("service-manager", "Sam Service-Manager", "employee", "Communications", "", False),
    ("line-manager", "Lee Line-Manager", "employee", "Communications", "service-manager", False),
    ("representative", "Rae Representative", "employee", "Communications", "line-manager", False),
    ("approver", "Abi Approver", "employee", "Communications", "service-manager", False),
    ("moderator", "Mo Moderator", "agency-worker", "Communications", "line-manager", False),
    ("employee", "Emma Employee", "temporary", "Libraries", "line-manager", True),
    ("hr", "Hari HR", "employee", "", "", False),
]
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


# Overrides of a block (issue 15): one waiting for a second person, one confirmed. (stage, text, the first
# approver's justification, the second's). Invented people; phone numbers in Ofcom's drama range.
OVERRIDES = {
    "st-helens": [
        ("override_requested", "Congratulations to Mrs Eileen Forshaw of Parr, 100 today! Her family say she would "
                               "love a card: ring them on 07700 900456.",
         "Her daughter asked us to share this and signed our consent form (ref SH-CF-0412).", ""),
        ("overridden", "Well done to Jordan Mercer, 14, of Rainford High for raising £2,000 for Willowbrook Hospice.",
         "Jordan's parents gave written consent for his name and school (ref SH-CF-0398).",
         "Consent form seen; the hospice has published the same story."),
    ],
    "sefton": [
        ("override_requested", "Happy retirement to Pat Kearney of Bootle, our lollipop lady for 30 years. Send "
                               "her your messages on 07700 900789.",
         "Pat asked us to share her number for retirement messages; her consent is on file (ref SE-CF-117).", ""),
        ("overridden", "Congratulations to Aisha Rahman, 15, of Litherland High on her county swimming title!",
         "Aisha's mother signed our consent form for her name and school (ref SE-CF-109).",
         "Consent seen and checked with the school."),
    ],
}


# Residents' comments (invented people; phone numbers in Ofcom's drama range): (id, platform, hours ago,
# author, text). "hide" and "route" are decided by the demo moderator so the history and hand-offs have content.
COMMENTS: dict[str, list[tuple[str, str, int, str, str]]] = {
    "st-helens": [
        ("clean-1", "facebook", 30, "Joanne Platt",
         "Great to see the new play area at Sherdley Park finally open, the kids loved it."),
        ("hide", "facebook", 28, "Gaz Rimmer",
         "Three weeks and still no bin collection on Gerard Street. You lot are f*cking useless."),
        ("personal", "x", 26, "@wa9_watcher",
         "Ask Colin Barker at 22 Elton Head Road, St Helens WA9 5AX why he dumps his rubbish on the field. "
         "His number is 07700 900321."),
        ("complaint", "facebook", 9, "Maureen Ashton",
         "I want to complain about the state of Victoria Park, the grass hasn't been cut in months and nobody "
         "replies to my emails."),
        ("route", "x", 7, "@haydock_dad",
         "There's a huge pothole on Chester Lane outside the school, can someone come and fix it before someone "
         "gets hurt?"),
        ("remove", "facebook", 12, "Kev Ashurst",
         "Whoever runs this page is a useless twat. Sack the lot of you, you absolute c*nts."),
        ("press", "youtube", 5, "Sian Roberts",
         "I'm a reporter at the St Helens Star, could the council give a statement on the Town Hall roof repairs?"),
        ("safeguarding", "instagram", 3, "parr_resident",
         "I'm really worried about the little girl next door, she's left on her own all night and I think she's "
         "being hurt."),
        ("clean-2", "youtube", 1, "Rugby Town Fan",
         "Lovely fireworks at the rugby ground last night, thanks to everyone who organised it."),
    ],
    "sefton": [
        ("clean-1", "facebook", 31, "Dave Lunt", "Southport Pier looks brilliant after the repairs, well done "
                                                 "everyone involved."),
        ("hide", "instagram", 27, "netherton_nige",
         "Dropped kerb took three months to sort, absolute joke. F*cking useless council."),
        ("personal", "facebook", 25, "Ian Kenny",
         "Tell Brenda Hollis of 9 Marine Drive, Southport PR8 1RY to keep her dogs in, her mobile is 07700 900765."),
        ("route", "facebook", 8, "Carol Doyle",
         "I'd like to make a complaint: my green bin has been missed three weeks running on Moor Lane, Crosby."),
        ("service", "mastodon", 6, "formby_walker",
         "The street light on Liverpool Road in Formby, by the bus stop, has been out for two weeks. Please can it "
         "be fixed?"),
        ("press", "x", 4, "@echo_newsdesk",
         "I'm a journalist at the Liverpool Echo, can the council comment on the Bootle leisure centre closure?"),
        ("safeguarding", "instagram", 2, "litherland_mum",
         "I think the kids next door in Litherland are being neglected, they're left alone at night and have "
         "bruises."),
        ("clean-2", "youtube", 1, "Crosby Reader",
         "Thanks to the library staff in Crosby for the reading club, my son loves it."),
    ],
}
DEMO_NOT_SENT = ("demo data: not sent, so the demo never e-mails a council's real address. Retry sends it with "
                 "this installation's e-mail settings.")


@dataclass
class DemoContext:
    """What each app's `demo.py` (`def load(ctx: DemoContext) -> None`, idempotent) is given for one council."""

    slug: str                     # the pack id: "st-helens" or "sefton"
    prefix: str                   # the demo usernames' prefix: "sth" or "sef"
    council: Council
    accounts: list[SocialAccount]  # ACCOUNTS[slug], registered: the first is the posts' account
    people: dict[str, Any]        # role slug (and "approver2") -> the demo user holding it
    password: str
    usernames: list[tuple[str, str]] = field(default_factory=list)  # more demo sign-ins to print: (name, what)


def _app_demos() -> list[Any]:
    """Each app's `demo.py` module, in INSTALLED_APPS order (onboarding before the posts that need it)."""
    import importlib
    import importlib.util

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name.startswith("civicguard.apps.") and importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return found


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
        accounts = [_account(council, platform, handle, platform_id)
                    for platform, handle, platform_id in ACCOUNTS[slug]]
        people = {role: _user(f"{prefix}-{role}", council, role, password) for role in ROLES}
        # A second approver, so that one can approve what the other wrote, and a representative per account.
        people["approver2"] = _user(f"{prefix}-approver2", council, "approver", password)
        _user(f"{prefix}-rep-{accounts[1].platform}", council, "representative", password, account=accounts[1])

        if not StaffRecord.objects.filter(council=council).exists():
            _example_staff(slug, prefix, council)
        context = DemoContext(slug=slug, prefix=prefix, council=council, accounts=accounts, people=people,
                              password=password)
        for module in _app_demos():
            module.load(context)
        result.usernames[council.name] = [(f"{prefix}-{role}", label) for role, label in ROLES.items()]
        result.usernames[council.name] += context.usernames
        if not Approval.objects.filter(post__council=council, decision=Decision.REQUEST_OVERRIDE).exists():
            _example_overrides(slug, accounts[0], people)
        _example_comments(slug, accounts, people["moderator"])
    return result


def _example_staff(slug: str, prefix: str, council: Council) -> None:
    """Staff records through HR's import (linked to the demo sign-ins by e-mail); the service manager manages
    Communications."""
    def email(role: str) -> str:
        return f"{prefix}-{role}@example.gov.uk" if role else ""

    rows = [{"email": email(role), "name": name, "employment_type": kind, "service_area": area,
             "line_manager_email": email(manager), "hr_reference": f"{prefix.upper()}-{n:04d}",
             "politically_restricted": "yes" if restricted and slug == "st-helens" else "no"}
            for n, (role, name, kind, area, manager, restricted) in enumerate(STAFF, start=1)]
    staff_import(council=council, rows=rows)
    manager = StaffRecord.objects.get(council=council, work_email=email("service-manager"))
    for area in council.service_areas.filter(slug="communications"):
        AreaManager.objects.get_or_create(area=area, defaults={"manager": manager})


def _account(council: Council, platform: str, handle: str, platform_id: str) -> SocialAccount:
    """The demo account, registered once; an account from an earlier demo gets the fixtures' platform id."""
    existing = SocialAccount.objects.filter(platform=platform, handle__iexact=handle).first()
    taken = SocialAccount.objects.filter(platform=platform, platform_id=platform_id).first()
    if existing is None:
        return taken or account_add(council=council, platform=platform, handle=handle, platform_id=platform_id)
    if (taken is None and existing.platform_id != platform_id
            and (not existing.platform_id or (platform, existing.platform_id) in OLD_PLATFORM_IDS)):
        existing.platform_id = platform_id
        existing.save(update_fields=["platform_id"])
    return existing


def _example_overrides(slug: str, account: SocialAccount, people: dict[str, Any]) -> None:
    """A blocked post whose override waits for a second person, and one that a second approver confirmed. The
    authors' notices are written; no e-mail is sent to the demo's invented addresses."""
    author, first, second = people["representative"], people["approver"], people["approver2"]
    with without_email():
        for stage, text, why, confirmed in OVERRIDES[slug]:
            post = posts.post_create(actor=author, account=account, text=text)
            posts.post_submit(post=post, actor=author)
            posts.post_decide(post=post, actor=first, decision="override", justification=why)
            if stage == "overridden":
                posts.post_decide(post=post, actor=second, decision="confirm_override", justification=confirmed)


def _example_comments(slug: str, accounts: list[SocialAccount], moderator: Any) -> None:
    """Take the demo comments in through the JSON import (once each), check them now so the queue has work
    on first start, and have the moderator hide one and route one."""
    prefix = PREFIX[slug]
    by_platform = {a.platform: a for a in accounts}
    now = timezone.now()
    items = [{"id": f"demo-{prefix}-{key}", "platform": platform, "account_id": by_platform[platform].platform_id,
              "created_at": (now - timedelta(hours=hours)).isoformat(), "author": author,
              "author_id": f"demo-{platform}-{author.lower().lstrip('@').replace(' ', '-')}", "text": text}
             for key, platform, hours, author, text in COMMENTS[slug]]
    report = ingest.ingest(source="json", body=json.dumps({"comments": items}).encode())
    for comment in Comment.objects.filter(pk__in=report.created):
        # As if each arrived a few minutes after it was made, so the review clock has something to show.
        Comment.objects.filter(pk=comment.pk).update(received=comment.created_at + timedelta(minutes=3))
    comment_scan.scan(report.created)  # now, not after the commit: the decisions below need checked comments

    def demo_comment(key: str) -> Comment | None:
        platform = next(p for k, p, *_ in COMMENTS[slug] if k == key)
        comment = Comment.objects.filter(platform=platform, platform_id=f"demo-{prefix}-{key}").first()
        if comment is None or comment.decisions.exists() or not comment.in_queue:
            return None  # decided already (a second run), or not found as flagged
        return comment

    hidden = demo_comment("hide")
    if hidden is not None:
        decisions.decide(comment=hidden, actor=moderator, action="hide", reason_code="offensive",
                         note="Abusive language: hidden under the house rules.")
    routed = demo_comment("route")
    if routed is not None:
        handoff = routing.route_comment(comment=routed, actor=moderator, route="contact_centre",
                                        reason_code="service-request", note="Passed on for a job to be raised.")
        Delivery.objects.filter(handoff=handoff).update(status=Delivery.Status.FAILED, next_attempt=None,
                                                        last_error=DEMO_NOT_SENT)
    # Where the pack asks for a second person (St Helens), a removal waits for one: hidden meanwhile, on its own
    # clock in the queue; another moderator or the approver (sth-approver) confirms or refuses it.
    asked = demo_comment("remove") if any(key == "remove" for key, *_ in COMMENTS[slug]) else None
    if asked is not None and decisions.moderation_facts(asked.council).removal_needs_second_moderator:
        decisions.decide(comment=asked, actor=moderator, action="remove", reason_code="offensive",
                         note="Abuse aimed at staff: remove, once a second person agrees.")
