"""The permission matrix (tests/apps/test_permission_matrix.py), played by a person of each role in Sefton aiming at
St Helens: every (row, role) pair, against a cast built for this module."""

from typing import Any

import pytest

from tests.apps import test_permission_matrix as matrix
from tests.apps.test_permission_matrix import OWN_CASES, Cast, Key, a_person_in_sefton

# The matrix module's fixtures, here with a scope of this module: a cast of its own, built once.
cast = matrix.cast
web = matrix.web


@pytest.mark.parametrize(("key", "role"), OWN_CASES)
def test_a_person_in_sefton(key: Key, role: str, cast: Cast, web: Any) -> None:
    a_person_in_sefton(key, role, cast, web)
