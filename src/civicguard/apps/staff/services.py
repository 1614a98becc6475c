"""People, their roles and their API tokens. Every change is audited (`staff.*`)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from civicguard.apps.access.checks import forget_roles
from civicguard.apps.access.roles import ROLES
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.apps.staff.models import ApiToken, RoleAssignment
from civicguard.apps.staff.selectors import home_council
from civicguard.errors import BadInput

User = get_user_model()
TOKEN_PREFIX = "cg_"


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise BadInput(f"There is no role called {role!r}: use one of {', '.join(ROLES)}", field="role")


@transaction.atomic
def user_create(*, username: str, council: Council, role: str, password: str | None = None,
                email: str = "", full_name: str = "", account: SocialAccount | None = None,
                actor: Any = None, validate: bool = True) -> Any:
    """Create a person with one role in one council. Without a password they cannot sign in to the site
    (a system account that uses a token). `validate=False` skips the strength rules (demo data only)."""
    _check_role(role)
    if not username:
        raise BadInput("Enter a username", field="username")
    if len(username) > 150:
        raise BadInput("The username must be 150 characters or fewer", field="username")
    if User.objects.filter(username=username).exists():
        raise BadInput(f"Someone already has the username {username!r}: choose another", field="username")
    user = User(username=username, email=email)
    first, _, last = full_name.partition(" ")
    user.first_name, user.last_name = first[:150], last[:150]
    if password and validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise BadInput("Choose a stronger password: " + " ".join(exc.messages), field="password") from None
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(event="staff.user.create", actor=actor, council=council, subject=user,
                 after={"username": username, "email": email})
    role_assign(user=user, council=council, role=role, account=account, actor=actor)
    return user


@transaction.atomic
def role_assign(*, user: Any, council: Council, role: str, account: SocialAccount | None = None,
                actor: Any = None) -> RoleAssignment:
    _check_role(role)
    if account is not None and account.council_id != council.pk:
        raise BadInput("Select one of this council's accounts: that account belongs to another council",
                       field="account")
    # SQLite ignores NULLS NOT DISTINCT, so the constraint alone would let "all accounts" be given twice.
    if RoleAssignment.objects.filter(user=user, council=council, role=role, account=account).exists():
        raise BadInput(f"{user.username} already has that role: select a role they do not have", field="role")
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(user=user, council=council, role=role, account=account)
    except IntegrityError:
        raise BadInput(f"{user.username} already has that role: select a role they do not have",
                       field="role") from None
    forget_roles(user)
    audit_record(event="staff.role.assign", actor=actor, council=council, subject=user,
                 after={"role": role, "account": str(account) if account else None})
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: Any = None) -> None:
    before = {"role": assignment.role, "account": str(assignment.account) if assignment.account_id else None}
    user, council = assignment.user, assignment.council
    assignment.delete()
    forget_roles(user)
    audit_record(event="staff.role.revoke", actor=actor, council=council, subject=user, before=before)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def token_issue(*, user: Any, actor: Any = None) -> str:
    """A new token for `user`; their earlier tokens stop working (one live token per person)."""
    now = timezone.now()
    ApiToken.objects.filter(user=user, revoked__isnull=True).update(revoked=now)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=_digest(token), prefix=token[:10])
    audit_record(event="staff.token.issue", actor=actor, council=home_council(user), subject=user,
                 after={"prefix": token[:10]})
    return token


def token_user(token: str) -> Any | None:
    """The active user a token belongs to, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = ApiToken.objects.select_related("user").filter(digest=_digest(token), revoked__isnull=True).first()
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used is None or (now - row.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
    return row.user


def login_failed(*, username: str, ip: str = "") -> None:
    """A failed sign-in, filed under the council of the person named (if there is one)."""
    user = User.objects.filter(username=username).first()
    audit_record(event="staff.login.fail", actor=None, council=home_council(user),
                 subject=("auth.user", username[:80]), after={"username": username[:150], "ip": ip})
