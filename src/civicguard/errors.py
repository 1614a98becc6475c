"""One error vocabulary for the whole product: a machine code, a message and optional data.

The command line maps these to exit code 2 (bad input) and the API to a 4xx JSON body.
"""

from __future__ import annotations

from typing import Any


class CivicGuardError(Exception):
    code = "error"

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__(message)
        self.message = message
        self.data = data


class BadInput(CivicGuardError):
    code = "bad_input"


class NotAllowed(CivicGuardError):
    """The signed-in person's roles in this council do not allow the action (HTTP 403)."""

    code = "forbidden"


class NotFound(CivicGuardError):
    """No such object in this person's councils (HTTP 404; another council's objects answer the same)."""

    code = "not_found"


class InvalidState(CivicGuardError):
    """The object is not in a state that allows the action, e.g. approving a post nobody submitted (HTTP 409)."""

    code = "invalid_state"


class OnboardingRequired(NotAllowed):
    """The person has not yet got what the council's pack asks of everyone who posts or moderates (a signed User
    Agreement, current training: `facts.posting_requires`). The message says what is missing and how to fix it;
    `fix_url` and `fix_text` are the page where they fix it (HTTP 403)."""

    code = "onboarding_required"


class OutsideWorkNetwork(NotAllowed):
    """Drafting, approving or moderating from an address outside the council's networks (HTTP 403)."""

    code = "outside_work_network"
