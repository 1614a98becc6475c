"""The permission matrix's rows for the sign-in pages of apps/sso (see tests/apps/matrix.py).

These pages come before anyone is signed in: a signed-in person is sent to the start page (a success, whatever
their roles); nobody signed in gets the directory's start only for a council with a directory (none in the matrix's
world: 404), a callback with no sign-in started is "did not work" (400), and the two-factor pages with no
password given go back to the sign-in page. Their real work is tested in tests/apps/sso/."""

from __future__ import annotations

from typing import Any

from tests.apps.matrix import ALL, LOGIN, OK, Row, roles

LEGEND = {"sso.two_factor.reset": roles("admin")}  # the command line's (no page): `civicguard users reset-two-factor`
BODIES: dict[str, Any] = {}
TARGETS: set[str] = set()

_SIGNED_IN_SENT_HOME = dict(stranger=OK, elsewhere=(OK, OK))
ROWS = {
    ("sso:start", "GET", ""): Row(ALL, query="council=st-helens", anonymous=404, **_SIGNED_IN_SENT_HOME,
                                  note="no directory is configured in the matrix's world"),
    ("sso:callback", "GET", ""): Row(ALL, anonymous=400, **_SIGNED_IN_SENT_HOME,
                                     note="no sign-in was started from this browser"),
    ("sso:two_factor", "GET", ""): Row(ALL, anonymous=LOGIN, **_SIGNED_IN_SENT_HOME),
    ("sso:two_factor", "POST", ""): Row(ALL, anonymous=LOGIN, **_SIGNED_IN_SENT_HOME),
    ("sso:two_factor_setup", "GET", ""): Row(ALL, anonymous=LOGIN, **_SIGNED_IN_SENT_HOME),
    ("sso:two_factor_setup", "POST", ""): Row(ALL, anonymous=LOGIN, **_SIGNED_IN_SENT_HOME),
}


def build(world: Any) -> dict[str, Any]:
    return {}


def state(council: Any) -> tuple[Any, ...]:
    from civicguard.apps.sso.models import DirectoryIdentity

    return (DirectoryIdentity.objects.filter(council=council).count(),)
