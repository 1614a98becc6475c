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
