"""Every finding category, severity and verdict has a plain-English name; the codes never reach a reader."""

import pytest

from civicguard.engine.labels import CATEGORY_LABELS, category_label, severity_label, verdict_label
from civicguard.engine.model import CATEGORIES, Severity


def test_every_category_has_a_name():
    assert CATEGORIES - set(CATEGORY_LABELS) == set(), "add the new category to engine/labels.py CATEGORY_LABELS"
    assert set(CATEGORY_LABELS) - CATEGORIES == set(), "a name for a category the engine no longer has"


@pytest.mark.parametrize(("code", "name"), [
    ("personal_data", "Personal information"),
    ("safeguarding", "Safeguarding"),
    ("inappropriate_link", "Unsuitable link"),
    ("a_new_thing", "A new thing"),  # not in the vocabulary: still words
])
def test_categories_read_in_plain_english(code, name):
    assert category_label(code) == name


def test_severities_and_verdicts_have_names():
    assert [severity_label(s.value) for s in Severity] == ["For information", "Needs a decision", "Must not go out"]
    assert [verdict_label(v) for v in ("pass", "warn", "block")] == ["Passed", "Warning", "Blocked"]
