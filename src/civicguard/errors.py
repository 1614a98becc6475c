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
