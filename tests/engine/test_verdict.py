import pytest

from civicguard.engine.verdict import at_or_above


@pytest.mark.parametrize(("verdict", "level", "expected"), [
    ("pass", "warn", False), ("warn", "warn", True), ("block", "warn", True),
    ("pass", "block", False), ("warn", "block", False), ("block", "block", True),
])
def test_fail_on_levels(verdict, level, expected):
    assert at_or_above(verdict, level) is expected
