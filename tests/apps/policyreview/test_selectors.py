"""current_version: what onboarding and reviews compare against."""

from __future__ import annotations

from datetime import date

import pytest

from civicguard.apps.policyreview.models import PolicyVersion
from civicguard.apps.policyreview.selectors import current_version
from tests.apps.factories import council

pytestmark = pytest.mark.django_db


def test_without_a_published_version_it_is_the_loaded_packs_version():
    assert current_version(council("sefton")) == "July 2023"
    assert current_version(council("st-helens")) == "as published (undated)"


def test_the_latest_published_version_wins():
    c = council("sefton")
    PolicyVersion.objects.create(council=c, version="July 2023", published=date(2023, 7, 1),
                                 review_due=date(2024, 7, 1))
    assert current_version(c) == "July 2023"
    PolicyVersion.objects.create(council=c, version="July 2026", published=date(2026, 7, 1),
                                 review_due=date(2027, 7, 1))
    assert current_version(c) == "July 2026"
    assert current_version(council("st-helens")) == "as published (undated)"
