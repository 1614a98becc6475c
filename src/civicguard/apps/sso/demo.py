"""Demo two-factor sign-in: two-factor stays on in the demo, so each council's demo administrator gets an
authenticator device and the demo command prints its key (add it to any authenticator app, then sign in with the
demo password and the app's code). Idempotent: the same key each run."""

from __future__ import annotations

from typing import Any

from civicguard.apps.sso.services import key_text, two_factor_enrol


def load(ctx: Any) -> None:
    admin = ctx.people["admin"]
    device = two_factor_enrol(user=admin)
    ctx.usernames.append((admin.username, f"two-factor key for {admin.username} (authenticator app, 6 digits, 30 s): "
                                          f"{key_text(device)}"))
