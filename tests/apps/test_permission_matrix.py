"""The permission matrix: every role against every page and API endpoint, in its own council and from another.

`MATRIX` is the specification. Each row names a page or endpoint (URL name, method, and a variant where one
endpoint behaves differently by its input), the St Helens object its URL names, the body it is sent, and the
roles of St Helens that may use it. The sets come from `civicguard.apps.access.capabilities.holders()` (the capability
each view's `council_page(...)` or service asks for); where the object matters too, the row's note says so.

Every (row, role) pair is played four ways against the objects of St Helens in `World` (built once for each module
that plays rows, with the factories; each test runs in a savepoint, so what one test changes the next never sees).
The first two ways are played from test_permission_matrix_st_helens.py and test_permission_matrix_sefton.py, so that
the two test processes of `pytest -n 2 --dist loadfile` share the matrix; the other two, and the tests at the end,
from here:

* a person holding that role in St Helens: an allowed role succeeds (2xx, or a redirect that is not to the
  sign-in page, and a state-changing request changes the state); any other role gets 403, or 404 where the
  row says the object is hidden from that role (the API answers 404 for a post the person may not see);
  a refused request leaves the state as it was and shows nothing of St Helens;
* a person holding that role in Sefton: never any St Helens data in the answer, never a change to St Helens'
  state, and a status that does not depend on whether the St Helens object exists (see `Row.elsewhere`);
* a signed-in person with no role anywhere;
* nobody signed in: a page sends them to /sign-in/, the API answers 401.

"The representative" of St Helens in the matrix is the author of the world's posts and represents their account (a
part may supply the cast's person for another role the same way: see `World.cast`);
the tests at the end cover the people the object rules tell apart (a representative who is not the author, a
representative of another account, an approver who wrote the post).
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from types import ModuleType
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from civicguard.apps.access.capabilities import holders
from civicguard.apps.access.checks import forget_roles
from civicguard.apps.access.councils import SESSION_KEY
from civicguard.apps.access.roles import ROLES
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.councils.models import Council
from civicguard.apps.embargo.models import EmbargoedDocument
from civicguard.apps.moderation.models import (
    Comment,
    CommentCheck,
    CommentStatus,
    DeadLetter,
    Delivery,
    Handoff,
    ModerationDecision,
)
from civicguard.apps.moderation.services import ingest, routing, scan
from civicguard.apps.moderation.services.decisions import decide as moderation_decide
from civicguard.apps.people.models import StaffRecord
from civicguard.apps.posts import services as post_services
from civicguard.apps.posts.models import Approval, KeptCheck, OutboxEntry, Post, PostCheck, PostImage, PostStatus
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.apps.social_accounts.services import account_add
from civicguard.apps.staff.models import RoleAssignment
from civicguard.apps.staff.services import role_assign, role_revoke, token_issue
from tests.apps.factories import AccountFactory, UserFactory, council, onboard, person, staff_record
from tests.apps.matrix import ALL, LOGIN, MARKER, OK, SIGN_IN, Expect, Key, Row, api, page, roles


def _parts() -> list[ModuleType]:
    """The rows each later app adds: tests/apps/<app>/matrix.py (see tests/apps/matrix.py), in app order."""
    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        name = f"tests.apps.{config.label}.matrix"
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:  # the app has no tests/apps/<label>/ package
            continue
        if config.name.startswith("civicguard.apps.") and spec is not None:
            found.append(importlib.import_module(name))
    return found


PARTS = _parts()

DRAFT_TEXT = "Quillfeather Library opens late on Thursdays this month."
SUBMITTED_TEXT = "Quillfeather Library's reading group meets on Saturday mornings."
APPROVED_TEXT = "Quillfeather Library has new large-print books this week."
NEW_TEXT = "Sherdley Park's café is open until 4pm this weekend."
# Blocked (a private person's phone number): an approver has asked for an override, waiting for a second person.
REQUESTED_TEXT = "Quillfeather Library: please call Mrs Joan Hughes on 07700 900123 about her overdue books."
KEPT_TEXT = "Quillfeather Library's quiz night is on Friday, all welcome."
EDIT_TEXT = "Our libraries open late on Thursdays."
# Residents' comments on St Helens' comments account (whose handle does not carry the marker, so that an import
# body may name it): the first is offensive, so the check puts it in the moderator's queue.
FLAGGED_TEXT = "Quillfeather Library staff are useless twats, every one of them."
ROUTED_TEXT = "The Quillfeather Library book drop has been full since Monday, can someone empty it?"
UNKNOWN_TEXT = "Quillfeather Library's reading group was brilliant again this week."
REMOVAL_TEXT = "Quillfeather Library's new manager is a useless twat, sack him."
COMMENTS_HANDLE = "@SthReadingRooms"


# Who holds each capability in a council (each app's capabilities.py, collected by civicguard.apps.access). Spelt
# out here so that the matrix is the specification: a change to any of them fails test_the_legend_is_the_apps_rules
# until the matrix agrees.
EVERYONE = ALL                                                                         # personal.check
REPRESENTATIVES = roles("representative")                                              # post.draft
POST_VIEWERS = roles("representative", "approver", "service-manager", "line-manager", "img")  # post.view
POST_VIEWERS_ALL = roles("approver", "service-manager", "line-manager", "img")         # post.view_all
APPROVERS = roles("approver")                                                          # post.approve
OUTBOX_VIEWERS = roles("representative", "approver", "img")                            # outbox.view
OVERRIDE_VIEWERS = roles("approver", "img")                                            # overrides.view
MODERATORS = roles("moderator", "representative", "approver")                          # check.moderation
EMBARGO_VIEWERS = roles("approver", "legal")                                           # embargo.view
EMBARGO_MANAGERS = roles("approver")                                                   # embargo.manage
AUDIT_VIEWERS = roles("img", "computer-auditor")                                       # audit.view
AUDIT_EXPORTERS = roles("img")                                                         # audit.export
ACCOUNT_VIEWERS = ALL                                                                  # accounts.view
ACCOUNT_MANAGERS = roles("approver", "admin")                                          # accounts.manage (no page yet)
COMMENT_VIEWERS = roles("moderator", "approver", "legal")                               # comments.view
COMMENT_MODERATORS = roles("moderator")                                                # comments.moderate
COMMENT_IMPORTERS = roles("moderator", "admin")                                        # comments.import
COMMENT_EXPORTERS = roles("legal", "img")                                              # comments.export
DEAD_LETTER_KEEPERS = roles("moderator", "admin")                                      # comments.dead_letters
ADMINS = roles("admin")                                                                # staff.manage
STAFF_RECORD_VIEWERS = roles("hr", "admin")                                           # staff.view
STAFF_RECORD_EDITORS = roles("hr", "admin")                                           # staff.edit (no page yet)
RESTRICTION_SETTERS = roles("hr")                                                      # staff.restrict
LEGEND = {
    "personal.check": EVERYONE, "accounts.view": ACCOUNT_VIEWERS, "post.draft": REPRESENTATIVES,
    "post.view": POST_VIEWERS, "post.view_all": POST_VIEWERS_ALL, "post.approve": APPROVERS,
    "outbox.view": OUTBOX_VIEWERS, "overrides.view": OVERRIDE_VIEWERS,
    "check.moderation": MODERATORS, "embargo.view": EMBARGO_VIEWERS, "embargo.manage": EMBARGO_MANAGERS,
    "audit.view": AUDIT_VIEWERS, "audit.export": AUDIT_EXPORTERS, "accounts.manage": ACCOUNT_MANAGERS,
    "comments.view": COMMENT_VIEWERS, "comments.moderate": COMMENT_MODERATORS,
    "comments.import": COMMENT_IMPORTERS, "comments.export": COMMENT_EXPORTERS,
    "comments.dead_letters": DEAD_LETTER_KEEPERS,
    "staff.manage": ADMINS, "staff.view": STAFF_RECORD_VIEWERS, "staff.edit": STAFF_RECORD_EDITORS,
    "staff.restrict": RESTRICTION_SETTERS,
}
for _part in PARTS:
    LEGEND.update(_part.LEGEND)
NOT_POST_VIEWERS = ALL - POST_VIEWERS
NOT_COMMENT_VIEWERS = ALL - COMMENT_VIEWERS
NOT_DEAD_LETTER_KEEPERS = ALL - DEAD_LETTER_KEEPERS


# ---- the world: what each test plays against ------------------------------------------------------------------

@dataclass
class World:
    """St Helens' objects (and an empty Sefton). `Row.target` names one of the attributes marked *."""

    council: Council
    account: SocialAccount      # a St Helens Facebook account, @QuillfeatherLibraries
    author: Any                 # a representative for `account`: "the representative" of the matrix
    draft: Post                 # * a draft by `author` (made through the service, so it is in the audit trail)
    submitted: Post             # * a post by `author` waiting for approval; its text passes the check
    approved: Post              # an approved post by `author`, in the outbox
    requested: Post             # * a blocked post by `author` whose override waits for a second person
    kept: KeptCheck             # * `author`'s saved personal check (theirs alone)
    document: EmbargoedDocument  # * on St Helens' embargo register, in force
    colleague: Any              # a St Helens employee, username quillfeather-colleague
    colleague_role: RoleAssignment  # * the colleague's employee role (the one staff:revoke removes)
    comments_account: SocialAccount  # St Helens' Facebook account for comments, @SthReadingRooms (account_add)
    comment: Comment            # * a resident's comment on it, checked and flagged offensive: in the queue
    routed: Comment             # a comment routed to the Contact Centre by a St Helens moderator
    delivery: Delivery          # * the e-mail delivery of that hand-off, failed (what retry_delivery retries)
    dead_letter: DeadLetter     # * a St Helens delivery that could not be read
    unknown_letter: DeadLetter  # * a comment that came in before its account was registered: retake takes it now
    removal: Comment            # * a comment whose removal a St Helens moderator asked for: waits for a second person
    staff: StaffRecord          # * a St Helens staff record (the colleague's), not politically restricted
    extra: dict[str, Any] = field(default_factory=dict)  # * the objects the later apps' rows name (PARTS)
    # The person the cast uses for a role, where a part supplies one (its `build` returns them under the key
    # ("person", council slug, role)): e.g. the author of the business cases is the matrix's service manager.
    cast: dict[tuple[str, str], Any] = field(default_factory=dict)

    def target(self, name: str) -> Any:
        return self.extra[name] if name in self.extra else getattr(self, name)


def build_world() -> World:
    sth = council("st-helens")
    council("sefton")
    account = AccountFactory(council=sth, handle="@QuillfeatherLibraries")
    author = person("representative", account=account, username="sth-author")
    draft = post_services.post_create(actor=author, account=account, text=DRAFT_TEXT)
    submitted = Post.objects.create(council=sth, account=account, author=author, text=SUBMITTED_TEXT,
                                    status=PostStatus.SUBMITTED, submitted=timezone.now())
    approved = Post.objects.create(council=sth, account=account, author=author, text=APPROVED_TEXT,
                                   status=PostStatus.APPROVED, submitted=timezone.now())
    OutboxEntry.objects.create(post=approved, council=sth, payload={"post": {"id": approved.pk,
                                                                            "text": APPROVED_TEXT}})
    requested = post_services.post_create(actor=author, account=account, text=REQUESTED_TEXT)
    post_services.post_submit(post=requested, actor=author)
    post_services.post_decide(post=requested, actor=person("approver", username="sth-first-approver"),
                              decision="override", justification="Mrs Hughes asked us to; consent on file")
    assert requested.status == PostStatus.OVERRIDE_REQUESTED, requested.status
    _, kept = post_services.personal_check(actor=author, council=sth, text=KEPT_TEXT, keep=True)
    document = EmbargoedDocument.objects.create(
        council=sth, title="Quillfeather leisure review", registered_by=author,
        text="The leisure review proposes closing two swimming pools in 2027 to save 1.2 million pounds.",
        until=timezone.localdate() + timedelta(days=60))
    colleague = person("employee", username="quillfeather-colleague")
    # Comment moderation, through the services a platform's delivery goes through. The scan is called directly:
    # the check queued on commit never runs inside this module's transaction.
    unknown = ingest.ingest(source="json", council=sth, body=_comment_file(
        {"id": "sth-unknown-1", "text": UNKNOWN_TEXT, "account": COMMENTS_HANDLE}))
    comments_account = account_add(council=sth, platform="facebook", handle=COMMENTS_HANDLE,
                                   platform_id="204811930027")
    taken = ingest.ingest(source="json", account=comments_account, body=_comment_file(
        {"id": "sth-flagged-1", "text": FLAGGED_TEXT}, {"id": "sth-routed-1", "text": ROUTED_TEXT}))
    scan.scan(taken.created)
    comment, routed = (Comment.objects.get(platform_id=pid) for pid in ("sth-flagged-1", "sth-routed-1"))
    assert comment.status == CommentStatus.NEEDS_REVIEW, comment.status
    handoff = routing.route_comment(comment=routed, actor=person("moderator", username="sth-desk-moderator"),
                                    route="contact_centre", reason_code="service-request")
    delivery = handoff.deliveries.get(channel=Delivery.Channel.EMAIL)
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, attempts=5, next_attempt=None,
                                                   last_error="SMTPServerDisconnected: Connection closed")
    dead = ingest.dead_letter(source="json", council=sth, body=json.dumps({"comments": [{"text": FLAGGED_TEXT}]}),
                              reason="Comment 1 on @QuillfeatherLibraries has no id and no created_at.")
    # A removal waiting for a second person (St Helens asks for one): another moderator or an approver answers it.
    removal_taken = ingest.ingest(source="json", account=comments_account,
                                  body=_comment_file({"id": "sth-removal-1", "text": REMOVAL_TEXT}))
    scan.scan(removal_taken.created)
    removal = Comment.objects.get(platform_id="sth-removal-1")
    moderation_decide(comment=removal, actor=person("moderator", username="sth-removal-moderator"), action="remove",
                      reason_code="offensive")
    world = World(council=sth, account=account, author=author, draft=draft, submitted=submitted, approved=approved,
                 requested=requested, kept=kept,
                 document=document, colleague=colleague,
                 colleague_role=RoleAssignment.objects.get(user=colleague),
                 comments_account=comments_account, comment=comment, routed=Comment.objects.get(pk=routed.pk),
                 delivery=Delivery.objects.get(pk=delivery.pk), dead_letter=dead,
                 unknown_letter=DeadLetter.objects.get(pk=unknown.dead_letters[0]),
                 removal=Comment.objects.get(pk=removal.pk),
                 staff=staff_record(user=colleague, name="Quillfeather Colleague"))
    for part in PARTS:
        for key, value in part.build(world).items():
            if isinstance(key, tuple) and key[0] == "person":
                assert key[1:] not in world.cast, f"two parts supply the cast's {key[1:]}"
                world.cast[key[1], key[2]] = value
            else:
                world.extra[key] = value
    # A part may publish a new policy version (policyreview): the author, and each person a part supplied for the
    # cast, sign it again.
    onboard(world.author)
    for (slug, _), user in world.cast.items():
        onboard(user, slug)
    return world


def _comment_file(*items: dict[str, Any]) -> bytes:
    """A generic JSON comment file of Facebook comments made on 14 March 2025."""
    return json.dumps({"comments": [{"platform": "facebook", "created_at": f"2025-03-14T09:{n:02d}:00Z", **item}
                                    for n, item in enumerate(items)]}).encode()


def st_helens_state(world: World) -> tuple[Any, ...]:
    """Everything of St Helens a request could change."""
    sth = world.council
    return (
        list(Post.objects.filter(council=sth).order_by("pk")
             .values_list("pk", "status", "text", "links", "latest_check_id")),
        PostCheck.objects.filter(post__council=sth).count(),
        PostImage.objects.filter(post__council=sth).count(),
        Approval.objects.filter(post__council=sth).count(),
        OutboxEntry.objects.filter(council=sth).count(),
        KeptCheck.objects.filter(council=sth).count(),
        list(EmbargoedDocument.objects.filter(council=sth).order_by("pk").values_list("pk", "withdrawn")),
        list(RoleAssignment.objects.filter(council=sth).order_by("pk").values_list("pk", "user_id", "role")),
        AuditEntry.objects.filter(council=sth.slug).count(),
        list(Comment.objects.filter(council=sth).order_by("pk").values_list("pk", "status", "latest_check_id")),
        CommentCheck.objects.filter(comment__council=sth).count(),
        ModerationDecision.objects.filter(comment__council=sth).count(),
        Handoff.objects.filter(council=sth).count(),
        list(Delivery.objects.filter(handoff__council=sth).order_by("pk").values_list("pk", "status", "attempts")),
        list(DeadLetter.objects.filter(council=sth).order_by("pk").values_list("pk", "resolved", "resolution")),
        list(StaffRecord.objects.filter(council=sth).order_by("pk").values_list("pk", "politically_restricted")),
        *(part.state(sth) for part in PARTS),
    )


class StateReader:
    """`st_helens_state`, read about twenty times faster for the 12,800 cases that compare it before and after a
    request: the same SQL statements, recorded once for the module (each state function's queries depend only on the
    council, never on what they find: see tests/apps/matrix.py), replayed without building querysets or converting
    values. On PostgreSQL they go in one round trip, each statement's rows as text in an array; elsewhere they go
    straight to the cursor. Two readings are equal exactly when the rows `st_helens_state` reads are equal."""

    def __init__(self, world: World) -> None:
        statements: list[tuple[str, tuple[Any, ...]]] = []

        def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            statements.append((sql, tuple(params or ())))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            st_helens_state(world)
        assert statements and all(sql.lstrip().upper().startswith("SELECT") for sql, _ in statements), statements
        self.statements = tuple(statements)
        self.combined: str | None = None
        if connection.vendor == "postgresql":  # prepared once: planning the 80 statements costs as much as running them
            self.combined = f"cg_matrix_state_{id(self)}"
            with connection.cursor() as cursor:
                cursor.execute(f"PREPARE {self.combined} AS SELECT "
                               + ", ".join(f"ARRAY(SELECT t::text FROM ({sql}) t)" for sql, _ in statements),
                               [p for _, params in statements for p in params])

    def close(self) -> None:
        if self.combined is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"DEALLOCATE {self.combined}")

    def read(self) -> tuple[Any, ...]:
        with connection.cursor() as cursor:
            if self.combined is not None:
                cursor.execute(f"EXECUTE {self.combined}")
                return tuple(cursor.fetchone())
            found = []
            for sql, params in self.statements:
                cursor.execute(sql, params)
                found.append(cursor.fetchall())
            return tuple(found)


# ---- request bodies (each would succeed for an allowed role) ---------------------------------------------------

def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


PNG = _png()


def _until() -> dict[str, str]:
    day = timezone.localdate() + timedelta(days=90)
    return {"until-day": str(day.day), "until-month": str(day.month), "until-year": str(day.year)}


BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "switch to St Helens": lambda w: {"council": "st-helens"},
    "personal check, kept": lambda w: {"text": NEW_TEXT, "keep": "yes"},
    "new post for the account": lambda w: {"account": w.account.pk, "text": NEW_TEXT},
    "new text": lambda w: {"text": EDIT_TEXT},
    "a PNG image": lambda w: {"image": SimpleUploadedFile("photo.png", PNG, "image/png"),
                              "alt_text": "Books on a shelf"},
    "approve": lambda w: {"decision": "approve"},
    "confirm the override": lambda w: {"decision": "confirm_override"},
    "register a document": lambda w: {"title": "Library opening hours review", **_until(),
                                      "text": "The review proposes longer opening hours at three libraries."},
    "give the colleague the HR role": lambda w: {"username": w.colleague.username, "role": "hr"},
    "politically restricted, with a reason": lambda w: {"restricted": "yes", "reason": "Chief officer's post"},
    "check as personal": lambda w: {"text": NEW_TEXT, "council": "st-helens", "as": "personal"},
    "check as official": lambda w: {"text": NEW_TEXT, "council": "st-helens", "as": "official"},
    "check as reply": lambda w: {"text": NEW_TEXT, "council": "st-helens", "as": "reply"},
    "check as comment": lambda w: {"text": NEW_TEXT, "council": "st-helens", "as": "comment"},
    "hide as offensive": lambda w: {"action": "hide", "reason_code": "offensive"},
    "hide the comment as offensive": lambda w: {"ids": [w.comment.pk], "action": "hide", "reason_code": "offensive"},
    "yes, hide it too": lambda w: {"hide": "yes", "reason_code": "offensive"},
    "confirm the removal": lambda w: {"action": "confirm_removal"},
    "to the Contact Centre": lambda w: {"route": "contact_centre", "reason_code": "service-request"},
    "dealt with": lambda w: {"resolution": "Asked the page's owner to send the comment again."},
    # Sent as JSON, read by the import as the raw body. The account is named, not the marker.
    "a comment file for the comments account": lambda w: json.loads(_comment_file(
        {"id": "sth-import-1", "text": NEW_TEXT, "account": COMMENTS_HANDLE})),
}
for _part in PARTS:
    BODIES.update(_part.BODIES)


# ---- the matrix -------------------------------------------------------------------------------------------------


MATRIX: dict[Key, Row] = {
    # -- signing in and the start page ---------------------------------------------------------------------------
    ("login", "GET", ""): Row(EVERYONE, anonymous=OK, stranger=OK, elsewhere=(OK, OK),
                              note="signed in already: redirected to the start page"),
    ("logout", "POST", ""): Row(EVERYONE, signs_out=True, anonymous=OK, stranger=OK, elsewhere=(OK, OK),
                                note="success is a redirect to the sign-in page with the session ended"),
    ("dashboard:home", "GET", ""): page(EVERYONE),
    ("dashboard:council", "POST", ""): page(
        EVERYONE, body="switch to St Helens", stranger=OK, elsewhere=(OK, OK),
        note="only to one of the person's own councils: from Sefton it redirects but St Helens is not chosen"),
    # -- personal posts (St Helens 5.1: every member of staff) ----------------------------------------------------
    ("posts:personal_check", "GET", ""): page(EVERYONE),
    ("posts:personal_check", "POST", ""): page(EVERYONE, body="personal check, kept", changes=True,
                                               note="stores nothing unless kept; a kept check is the person's"),
    ("posts:kept_checks", "GET", ""): page(EVERYONE, shows=REPRESENTATIVES,
                                           note="each person's own saved checks: the representative kept the one"),
    ("posts:kept_check", "GET", ""): page(REPRESENTATIVES, target="kept", gate=EVERYONE, shows=REPRESENTATIVES,
                                          hidden=ALL - REPRESENTATIVES, note="its owner only; anyone else: 404"),
    ("posts:kept_check_delete", "POST", ""): page(REPRESENTATIVES, target="kept", gate=EVERYONE, changes=True,
                                                  hidden=ALL - REPRESENTATIVES, note="its owner only; audited"),
    # -- official posts -----------------------------------------------------------------------------------------
    ("posts:list", "GET", ""): page(POST_VIEWERS, shows=POST_VIEWERS,
                                    note="a representative sees the posts of the accounts they represent"),
    ("posts:new", "GET", ""): page(REPRESENTATIVES),
    ("posts:new", "POST", ""): page(
        REPRESENTATIVES, body="new post for the account", changes=True, elsewhere=(400, 403),
        note="a representative of that account; from Sefton the St Helens account is not among theirs (400)"),
    ("posts:outbox", "GET", ""): page(OUTBOX_VIEWERS, shows=OUTBOX_VIEWERS),
    ("posts:detail", "GET", ""): page(POST_VIEWERS, target="draft", shows=POST_VIEWERS),
    ("posts:edit", "POST", ""): page(REPRESENTATIVES, target="draft", body="new text", changes=True,
                                     note="the author only, while a draft or returned"),
    ("posts:check", "POST", ""): page(
        REPRESENTATIVES | APPROVERS, target="draft", changes=True, gate=POST_VIEWERS,
        note="a representative of the post's account, or an approver; other viewers are refused by the service"),
    ("posts:image", "POST", ""): page(REPRESENTATIVES, target="draft", body="a PNG image", changes=True,
                                      note="the author only, while a draft or returned"),
    ("posts:submit", "POST", ""): page(REPRESENTATIVES, target="draft", changes=True, note="the author only"),
    ("posts:decide", "POST", ""): page(APPROVERS, target="submitted", body="approve", changes=True,
                                       note="an approver who is not the author; a block needs the pack's role"),
    ("posts:decide", "POST", "confirm_override"): page(
        APPROVERS, target="requested", body="confirm the override", changes=True,
        note="a second person: neither the author nor the approver who asked for the override"),
    ("posts:overrides", "GET", ""): page(OVERRIDE_VIEWERS, shows=OVERRIDE_VIEWERS),
    # -- the embargo register (confidential: comms and legal) ----------------------------------------------------
    ("embargo:list", "GET", ""): page(EMBARGO_VIEWERS, shows=EMBARGO_VIEWERS),
    ("embargo:new", "GET", ""): page(EMBARGO_MANAGERS),
    ("embargo:new", "POST", ""): page(EMBARGO_MANAGERS, body="register a document", changes=True),
    ("embargo:detail", "GET", ""): page(EMBARGO_VIEWERS, target="document", shows=EMBARGO_VIEWERS),
    ("embargo:withdraw", "POST", ""): page(EMBARGO_MANAGERS, target="document", changes=True),
    # -- accounts, audit, people ------------------------------------------------------------------------------
    ("social_accounts:list", "GET", ""): page(ACCOUNT_VIEWERS, shows=ACCOUNT_VIEWERS),
    ("audit:list", "GET", ""): page(AUDIT_VIEWERS, shows=AUDIT_VIEWERS),
    ("audit:export", "GET", "csv"): page(AUDIT_EXPORTERS, query="format=csv", shows=AUDIT_EXPORTERS),
    ("audit:export", "GET", "json"): page(AUDIT_EXPORTERS, query="format=json", shows=AUDIT_EXPORTERS),
    ("staff:list", "GET", ""): page(ADMINS, shows=ADMINS),
    ("staff:assign", "POST", ""): page(
        ADMINS, body="give the colleague the HR role", changes=True,
        note="only people who already hold a role in the council; from Sefton it redirects, changing nothing"),
    ("staff:revoke", "POST", ""): page(ADMINS, target="colleague_role", changes=True,
                                       note="never one's own administrator role"),
    ("people:list", "GET", ""): page(STAFF_RECORD_VIEWERS, shows=STAFF_RECORD_VIEWERS),
    ("people:detail", "GET", ""): page(STAFF_RECORD_VIEWERS, target="staff", shows=STAFF_RECORD_VIEWERS),
    ("people:restriction", "GET", ""): page(RESTRICTION_SETTERS, target="staff", shows=RESTRICTION_SETTERS),
    ("people:restriction", "POST", ""): page(RESTRICTION_SETTERS, target="staff",
                                             body="politically restricted, with a reason", changes=True,
                                             note="HR, never for their own record (St Helens 5.7)"),
    # -- comment moderation (St Helens 9.6-9.7) -------------------------------------------------------------
    ("moderation:queue", "GET", ""): page(COMMENT_VIEWERS, shows=COMMENT_VIEWERS),
    ("moderation:bulk", "POST", ""): page(
        COMMENT_MODERATORS, body="hide the comment as offensive", changes=True, elsewhere=(400, 403),
        note="only comments of the person's council: from Sefton the St Helens comment is not in the queue (400)"),
    ("moderation:detail", "GET", ""): page(COMMENT_VIEWERS, target="comment", shows=COMMENT_VIEWERS),
    ("moderation:decide", "POST", ""): page(COMMENT_MODERATORS, target="comment", body="hide as offensive",
                                            changes=True),
    ("moderation:route", "POST", ""): page(COMMENT_MODERATORS, target="comment", body="to the Contact Centre",
                                           changes=True, note="a hand-off with its deliveries, and the decision"),
    ("moderation:hide_too", "GET", ""): page(COMMENT_MODERATORS, target="comment", shows=COMMENT_MODERATORS,
                                             note="asked after a safeguarding hand-off: hide the comment too?"),
    ("moderation:hide_too", "POST", ""): page(COMMENT_MODERATORS, target="comment", body="yes, hide it too",
                                              changes=True),
    ("moderation:removal", "POST", ""): page(
        COMMENT_MODERATORS | APPROVERS, target="removal", body="confirm the removal", changes=True,
        gate=COMMENT_VIEWERS,
        note="someone other than who asked: a moderator or the role the pack names (St Helens: the approver)"),
    ("moderation:handoffs", "GET", ""): page(COMMENT_VIEWERS, shows=COMMENT_VIEWERS),
    ("moderation:retry_delivery", "POST", ""): page(COMMENT_MODERATORS, target="delivery", changes=True,
                                                    note="a failed delivery goes back to waiting"),
    ("moderation:dead_letters", "GET", ""): page(DEAD_LETTER_KEEPERS, shows=DEAD_LETTER_KEEPERS),
    ("moderation:dead_letter", "GET", ""): page(DEAD_LETTER_KEEPERS, target="dead_letter",
                                                shows=DEAD_LETTER_KEEPERS),
    ("moderation:dead_letter_resolve", "POST", ""): page(DEAD_LETTER_KEEPERS, target="dead_letter",
                                                         body="dealt with", changes=True),
    ("moderation:dead_letter_retake", "POST", ""): page(
        DEAD_LETTER_KEEPERS, target="unknown_letter", changes=True,
        note="the account is registered now: the comment is stored and the letter resolved"),
    ("moderation:export", "GET", ""): page(COMMENT_EXPORTERS, shows=COMMENT_EXPORTERS,
                                           note="the form: the council's accounts to choose from"),
    ("moderation:export", "GET", "download=1"): page(COMMENT_EXPORTERS, query="download=1",
                                                     shows=COMMENT_EXPORTERS, note="CSV; the export is audited"),
    # -- /api/v1 ------------------------------------------------------------------------------------------------
    ("api-checks", "POST", "as=personal"): api(EVERYONE, body="check as personal"),
    ("api-checks", "POST", "as=official"): api(
        REPRESENTATIVES | APPROVERS, body="check as official", changes=True,
        note="audited (posts.check.official); the text is not kept"),
    ("api-checks", "POST", "as=reply"): api(MODERATORS, body="check as reply"),
    ("api-checks", "POST", "as=comment"): api(MODERATORS, body="check as comment"),
    ("api-posts", "GET", ""): api(EVERYONE, shows=POST_VIEWERS, stranger=OK, elsewhere=(OK, OK),
                                  note="every post the person may see, in all their councils"),
    ("api-posts", "GET", "council=st-helens"): api(EVERYONE, query="council=st-helens", shows=POST_VIEWERS,
                                                   note="a council that is not the person's: 404"),
    ("api-posts", "POST", ""): api(REPRESENTATIVES, body="new post for the account", changes=True,
                                   note="a representative of that account"),
    ("api-post", "GET", ""): api(POST_VIEWERS, target="draft", hidden=NOT_POST_VIEWERS, shows=POST_VIEWERS),
    ("api-post", "PATCH", ""): api(REPRESENTATIVES, target="draft", body="new text", changes=True,
                                   hidden=NOT_POST_VIEWERS, note="the author only, while a draft or returned"),
    ("api-post-check", "POST", ""): api(REPRESENTATIVES | APPROVERS, target="draft", changes=True,
                                        hidden=NOT_POST_VIEWERS,
                                        note="a representative of the post's account, or an approver"),
    ("api-post-submit", "POST", ""): api(REPRESENTATIVES, target="draft", changes=True,
                                         hidden=NOT_POST_VIEWERS, note="the author only"),
    ("api-post-approvals", "GET", ""): api(POST_VIEWERS, target="submitted", hidden=NOT_POST_VIEWERS),
    ("api-post-approvals", "POST", ""): api(APPROVERS, target="submitted", body="approve",
                                            changes=True, hidden=NOT_POST_VIEWERS,
                                            note="an approver who is not the author"),
    ("api-post-approvals", "POST", "confirm_override"): api(
        APPROVERS, target="requested", body="confirm the override", changes=True, hidden=NOT_POST_VIEWERS,
        note="a second person: neither the author nor the approver who asked for the override"),
    ("api-comments", "GET", ""): api(
        COMMENT_VIEWERS, shows=COMMENT_VIEWERS, stranger=403, elsewhere=(OK, 403),
        note="every council where the person may see comments; where they may in none, 403"),
    ("api-comments", "GET", "council=st-helens"): api(COMMENT_VIEWERS, query="council=st-helens",
                                                      shows=COMMENT_VIEWERS,
                                                      note="a council that is not the person's: 404"),
    ("api-comment", "GET", ""): api(COMMENT_VIEWERS, target="comment", hidden=NOT_COMMENT_VIEWERS,
                                    shows=COMMENT_VIEWERS),
    ("api-comment-decisions", "POST", ""): api(COMMENT_MODERATORS, target="comment", body="hide as offensive",
                                               changes=True, hidden=NOT_COMMENT_VIEWERS),
    ("api-comment-handoffs", "POST", ""): api(COMMENT_MODERATORS, target="comment", body="to the Contact Centre",
                                              changes=True, hidden=NOT_COMMENT_VIEWERS),
    ("api-comments-import", "POST", ""): api(
        COMMENT_IMPORTERS, query="source=json", body="a comment file for the comments account", changes=True,
        stranger=403, elsewhere=(OK, 403),
        note="comments for an account of another council are kept as a dead letter of no council (200)"),
    ("api-dead-letters", "GET", ""): api(DEAD_LETTER_KEEPERS, shows=DEAD_LETTER_KEEPERS, stranger=403,
                                         elsewhere=(OK, 403),
                                         note="every council where the person may; where they may in none, 403"),
    ("api-dead-letter", "GET", ""): api(DEAD_LETTER_KEEPERS, target="dead_letter",
                                        hidden=NOT_DEAD_LETTER_KEEPERS, shows=DEAD_LETTER_KEEPERS),
}
for _part in PARTS:
    MATRIX.update(_part.ROWS)
# A public page (the register of a council's live accounts: tests/apps/register/matrix.py) shows what the council
# publishes to anyone, so finding the marker there is no leak; its part says instead what would be one.
PUBLIC_LEAKS: dict[Key, Callable[[str], bool]] = {}
for _part in PARTS:
    PUBLIC_LEAKS.update(getattr(_part, "PUBLIC_LEAKS", {}))


# ---- the cast: built once for the module, inside a transaction rolled back at its end ------------------------

@dataclass
class Cast:
    world: World
    people: dict[tuple[str, str], Any]  # (council slug, role) -> a person holding that one role there
    nobody: Any  # signed in, with no role in any council
    tokens: dict[int, str]  # user pk -> their live API token
    sessions: dict[int, str]  # user pk -> the key of a session they signed in to (force_login), for the pages
    state: StateReader  # what st_helens_state(world) reads, read fast


@pytest.fixture(scope="module")
def cast(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Cast]:
    """The world and a person of every role in each council, made once: each test runs in a savepoint inside
    this transaction (pytest-django's `db`), so whatever a test changes is undone before the next one."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        supplied = {("st-helens", "representative"): world.author, **world.cast}
        people = {(slug, role): supplied[slug, role] if (slug, role) in supplied else person(role, slug)
                  for slug in ("st-helens", "sefton") for role in sorted(ALL)}
        nobody = UserFactory(username="no-role")
        tokens = {user.pk: token_issue(user=user) for user in [*people.values(), nobody]}
        sessions = {user.pk: _signed_in(user) for user in [*people.values(), nobody]}
        # Check the deferred foreign keys of everything made so far now, once: otherwise each test's closing check
        # (pytest-django's, at the end of its savepoint) checks them all again.
        connection.check_constraints()
        state = StateReader(world)
        yield Cast(world=world, people=people, nobody=nobody, tokens=tokens, sessions=sessions, state=state)
        state.close()
        transaction.set_rollback(True)


def _signed_in(user: Any) -> str:
    signing_in = Client()
    signing_in.force_login(user)
    return signing_in.cookies[settings.SESSION_COOKIE_NAME].value


# ---- playing a row ----------------------------------------------------------------------------------------------

_HANDLERS: dict[type, Any] = {}


def _fast(http: Any) -> Any:
    """Each test client builds its own request handler, and with it WhiteNoise's index of every static file
    (WHITENOISE_USE_FINDERS: about 0.4 s a client). One handler of each kind for the whole module keeps the
    matrix fast; a handler keeps no state between requests, so the answers are the same."""
    http.handler = _HANDLERS.setdefault(type(http.handler), http.handler)
    return http


def _api(token: str | None = None) -> APIClient:
    http = _fast(APIClient())
    if token:
        http.credentials(HTTP_AUTHORIZATION="Bearer " + token)
    return http


def _api_as(user: Any) -> APIClient:
    return _api(token_issue(user=user))


def _client(web: Any, cast: Cast, user: Any | None, row: Row) -> Any:
    if row.api:
        return _api(cast.tokens[user.pk] if user is not None else None)
    if user is not None:  # signed in once for the module: the same as force_login, without its writes each test
        web.cookies[settings.SESSION_COOKIE_NAME] = cast.sessions[user.pk]
    return web


def _call(http: Any, key: Key, row: Row, world: World, *, pk: int | None = None) -> Any:
    name, method, _ = key
    args = [pk if pk is not None else world.target(row.target).pk] if row.target else []
    url = reverse(name, args=args) + (f"?{row.query}" if row.query else "")
    data = BODIES[row.body](world) if row.body else None
    if method == "GET":
        return http.get(url)
    if row.api:
        return getattr(http, method.lower())(url, data, format="json")
    return http.post(url, data or {})


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _succeeded(response: Any, row: Row) -> bool:
    where = response.get("Location", "")
    if row.signs_out:
        return response.status_code == 302 and where.startswith(SIGN_IN)
    return 200 <= response.status_code < 300 or (response.status_code == 302 and not where.startswith(SIGN_IN))


def _is(response: Any, row: Row, expected: Expect) -> bool:
    if expected == OK:
        return _succeeded(response, row)
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(SIGN_IN)
    return response.status_code == expected


def _shown(text: str) -> bool:
    return MARKER in text.lower()


def _leaks(key: Key, text: str) -> bool:
    """St Helens data in an answer that should have none (for a public page: what it must never publish)."""
    return PUBLIC_LEAKS[key](text) if key in PUBLIC_LEAKS else _shown(text)


def _why(response: Any, body: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    return f"{response.status_code} {response.get('Location', '')} {text[-400:]}"


def _id(key: Key, role: str | None = None) -> str:
    name, method, variant = key
    return " ".join(filter(None, (name, method, variant, role)))


@pytest.fixture
def web(client: Any) -> Any:
    """pytest-django's client, on the module's shared handler."""
    return _fast(client)


OWN_CASES = [pytest.param(key, role, id=_id(key, role)) for key in MATRIX for role in sorted(ALL)]
KEYS = [pytest.param(key, id=_id(key)) for key in MATRIX]


# Played by test_permission_matrix_st_helens.py and test_permission_matrix_sefton.py, each with a cast of its own: the
# two halves of the matrix then run side by side on two test processes (pytest -n 2 --dist loadfile keeps a file on
# one process).

def a_person_in_st_helens(key: Key, role: str, cast: Cast, web: Any) -> None:
    row, world = MATRIX[key], cast.world
    http = _client(web, cast, cast.people["st-helens", role], row)
    before = cast.state.read()
    response = _call(http, key, row, world)
    body = _body(response)
    after = cast.state.read()
    if role in row.allowed:
        assert _succeeded(response, row), f"{role} should be allowed: {_why(response, body)}"
        if row.changes:
            assert after != before, f"{role} was answered {response.status_code} but nothing changed"
        if row.shows is not None:
            assert _shown(body) == (role in row.shows), f"{role}: St Helens data shown should be {role in row.shows}"
        if key in PUBLIC_LEAKS:
            assert not PUBLIC_LEAKS[key](body), f"{role} was shown what the public page must not publish"
    else:
        expected = 404 if role in row.hidden else 403
        assert response.status_code == expected, f"{role} should get {expected}: {_why(response, body)}"
        assert after == before, f"{role} was refused but St Helens' state changed"
        assert not _shown(body), f"{role} was refused but shown St Helens data"


def a_person_in_sefton(key: Key, role: str, cast: Cast, web: Any) -> None:
    row, world = MATRIX[key], cast.world
    http = _client(web, cast, cast.people["sefton", role], row)
    before = cast.state.read()
    response = _call(http, key, row, world)
    body = _body(response)
    expected = row.elsewhere[0] if role in row.let_in else row.elsewhere[1]
    assert _is(response, row, expected), f"Sefton {role} should get {expected}: {_why(response, body)}"
    assert not _leaks(key, body), f"Sefton {role} was shown St Helens data"
    assert cast.state.read() == before, f"Sefton {role} changed St Helens' state"
    if key[0] == "dashboard:council":
        assert http.session.get(SESSION_KEY) != "st-helens"
    if row.target and row.anonymous != OK:  # the answer must not tell whether the St Helens object exists (a
        # public page, such as the register of a council's accounts, tells anyone: an unknown council is a 404)
        missing = _call(http, key, row, world, pk=10**9)
        assert missing.status_code == response.status_code


@pytest.mark.parametrize("key", KEYS)
def test_a_person_with_no_role_anywhere(key: Key, cast: Cast, web: Any) -> None:
    row, world = MATRIX[key], cast.world
    http = _client(web, cast, cast.nobody, row)
    before = cast.state.read()
    response = _call(http, key, row, world)
    body = _body(response)
    assert _is(response, row, row.stranger), f"should get {row.stranger}: {_why(response, body)}"
    assert not _leaks(key, body)
    assert cast.state.read() == before
    if row.target and row.anonymous != OK:
        assert _call(http, key, row, world, pk=10**9).status_code == response.status_code


@pytest.mark.parametrize("key", KEYS)
def test_nobody_signed_in(key: Key, cast: Cast, web: Any) -> None:
    row, world = MATRIX[key], cast.world
    http = _client(web, cast, None, row)
    before = cast.state.read()
    response = _call(http, key, row, world)
    body = _body(response)
    assert _is(response, row, row.anonymous), f"should get {row.anonymous}: {_why(response, body)}"
    assert not _leaks(key, body)
    assert cast.state.read() == before
    if row.api:  # a token that is not valid is no better than none
        response = _call(_api("cg_not-a-real-token"), key, row, world)
        assert response.status_code == 401 and cast.state.read() == before


def test_the_legend_is_the_apps_rules() -> None:
    assert frozenset(ROLES) == ALL, "a role was added or removed: every row of the matrix needs a look"
    assert holders() == LEGEND, "an app's capabilities.py changed: update the legend and the matrix rows that use it"


def test_the_matrix_is_well_formed() -> None:
    assert {role for row in MATRIX.values() for role in row.allowed} == ALL, "a role that can do nothing"
    for key, row in MATRIX.items():
        assert row.allowed <= ALL and row.hidden <= ALL - row.allowed, key
        assert row.shows is None or row.shows <= row.allowed, key
        assert row.target is None or row.target in World.__dataclass_fields__ or any(
            row.target in part.TARGETS for part in PARTS), key
        assert row.body is None or row.body in BODIES, key
        assert row.api == key[0].startswith("api-"), key


def _withdraw_the_document(world: World) -> None:
    EmbargoedDocument.objects.filter(pk=world.document.pk).update(withdrawn=timezone.now())


def _delete_the_kept_check(world: World) -> None:
    KeptCheck.objects.filter(pk=world.kept.pk).delete()


def _withdraw_the_unblock_request(world: World) -> None:  # a part's table (tests/apps/unblocking/matrix.py)
    from civicguard.apps.unblocking.models import UnblockRequest, UnblockStatus

    UnblockRequest.objects.filter(pk=world.target("unblock_submitted").pk).update(status=UnblockStatus.WITHDRAWN)


@pytest.mark.parametrize("change", [_withdraw_the_document, _delete_the_kept_check, _withdraw_the_unblock_request])
def test_the_fast_reading_of_the_state_sees_what_st_helens_state_sees(change: Callable[[World], None],
                                                                       cast: Cast) -> None:
    before = st_helens_state(cast.world), cast.state.read()
    assert (st_helens_state(cast.world), cast.state.read()) == before
    change(cast.world)
    after = st_helens_state(cast.world), cast.state.read()
    assert after[0] != before[0] and after[1] != before[1]


# ---- where the object decides ------------------------------------------------------------------------------

@pytest.fixture
def world(cast: Cast) -> World:
    forget_roles(cast.world.author)  # a test below changes the author's roles; the rollback undoes it in the database
    return cast.world


def test_a_representative_who_is_not_the_author_may_see_and_check_the_draft_but_not_change_it(
        world: World, web: Any) -> None:
    colleague = person("representative", account=world.account)
    web.force_login(colleague)
    http = _api_as(colleague)
    draft = world.draft.pk
    assert web.get(reverse("posts:detail", args=[draft])).status_code == 200
    before = st_helens_state(world)
    assert web.post(reverse("posts:edit", args=[draft]), {"text": EDIT_TEXT}).status_code == 403
    assert web.post(reverse("posts:submit", args=[draft])).status_code == 403
    assert web.post(reverse("posts:image", args=[draft]), BODIES["a PNG image"](world)).status_code == 403
    assert http.patch(reverse("api-post", args=[draft]), {"text": EDIT_TEXT}, format="json").status_code == 403
    assert http.post(reverse("api-post-submit", args=[draft])).status_code == 403
    assert st_helens_state(world) == before
    assert web.post(reverse("posts:check", args=[draft])).status_code == 302
    assert http.post(reverse("api-post-check", args=[draft])).status_code == 200


def test_a_representative_of_another_account_does_not_find_the_post(world: World, web: Any) -> None:
    other = person("representative", account=AccountFactory(council=world.council))
    web.force_login(other)
    http = _api_as(other)
    before = st_helens_state(world)
    assert web.get(reverse("posts:detail", args=[world.draft.pk])).status_code == 404
    for name in ("posts:check", "posts:edit", "posts:submit"):
        assert web.post(reverse(name, args=[world.draft.pk]), {"text": EDIT_TEXT}).status_code == 404
    assert not _shown(web.get(reverse("posts:list")).content.decode())
    # the account is not among theirs: the form says so (400); the API says they may not draft for it (403)
    assert web.post(reverse("posts:new"), BODIES["new post for the account"](world)).status_code == 400
    assert http.post(reverse("api-posts"), BODIES["new post for the account"](world),
                     format="json").status_code == 403
    for name in ("api-post", "api-post-approvals"):
        assert http.get(reverse(name, args=[world.draft.pk])).status_code == 404
    assert http.post(reverse("api-post-check", args=[world.draft.pk])).status_code == 404
    assert not _shown(http.get(reverse("api-posts")).content.decode())
    assert st_helens_state(world) == before


def test_an_approver_cannot_decide_on_a_post_they_wrote(world: World, web: Any) -> None:
    role_assign(user=world.author, council=world.council, role="approver")
    web.force_login(world.author)
    http = _api_as(world.author)
    before = st_helens_state(world)
    assert web.post(reverse("posts:decide", args=[world.submitted.pk]), {"decision": "approve"}).status_code == 403
    assert http.post(reverse("api-post-approvals", args=[world.submitted.pk]), {"decision": "approve"},
                     format="json").status_code == 403
    assert st_helens_state(world) == before


def test_an_administrator_cannot_remove_their_own_administrator_role(world: World, web: Any) -> None:
    admin = person("admin")
    web.force_login(admin)
    before = st_helens_state(world)
    mine = RoleAssignment.objects.get(user=admin, role="admin")
    assert web.post(reverse("staff:revoke", args=[mine.pk])).status_code == 302
    assert st_helens_state(world) == before


def test_a_person_with_roles_in_both_councils_works_in_the_one_they_choose(world: World, web: Any) -> None:
    both = person("employee", "sefton")
    role_assign(user=both, council=world.council, role="approver")
    web.force_login(both)
    web.post(reverse("dashboard:council"), {"council": "sefton"})
    assert web.get(reverse("embargo:list")).status_code == 403
    assert web.get(reverse("embargo:detail", args=[world.document.pk])).status_code == 403
    web.post(reverse("dashboard:council"), {"council": "st-helens"})
    assert _shown(web.get(reverse("embargo:detail", args=[world.document.pk])).content.decode())
    # the API needs no choice: each object answers to the person's roles in its own council
    assert _api_as(both).get(reverse("api-post", args=[world.draft.pk])).status_code == 200


def test_a_switched_off_person_is_let_in_nowhere(world: World, web: Any) -> None:
    img = person("img")
    http = _api_as(img)
    img.is_active = False
    img.save(update_fields=["is_active"])
    assert http.get(reverse("api-post", args=[world.draft.pk])).status_code == 401
    web.force_login(img)
    response = web.get(reverse("audit:list"))
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)


# ---- holes found while writing the matrix (now fixed): they stay as regression tests --------------------------

def test_a_former_representative_of_the_account_cannot_add_an_image_to_their_old_draft(
        world: World, web: Any) -> None:
    role_assign(user=world.author, council=world.council, role="representative",
                account=AccountFactory(council=world.council))
    role_revoke(assignment=RoleAssignment.objects.get(user=world.author, account=world.account))
    web.force_login(world.author)
    before = st_helens_state(world)
    assert web.post(reverse("posts:edit", args=[world.draft.pk]), {"text": EDIT_TEXT}).status_code == 403
    assert st_helens_state(world) == before
    response = web.post(reverse("posts:image", args=[world.draft.pk]), BODIES["a PNG image"](world))
    assert response.status_code == 403
    assert st_helens_state(world) == before, "refused with 403, yet the image was stored and audited"


def test_the_outbox_shows_a_representative_only_the_posts_they_may_see(world: World, web: Any) -> None:
    web.force_login(person("representative", account=AccountFactory(council=world.council)))
    assert web.get(reverse("posts:detail", args=[world.approved.pk])).status_code == 404
    assert not _shown(web.get(reverse("posts:outbox")).content.decode())
