"""Each evidence test's own private store, so what was kept (and what was not) can be seen."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.CIVICGUARD_MEDIA_STORE = tmp_path / "private-media"
    return settings.CIVICGUARD_MEDIA_STORE


def stored_files(store) -> list[str]:
    return sorted(str(p.relative_to(store)) for p in store.rglob("*") if p.is_file()) if store.exists() else []
