import pytest


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    """Each test's own private store (the evidence is kept there)."""
    settings.CIVICGUARD_MEDIA_STORE = tmp_path / "private-media"
    return settings.CIVICGUARD_MEDIA_STORE


@pytest.fixture
def w(db):
    from tests.apps.cases.factories import world

    return world("sefton")


@pytest.fixture
def sth(db):
    from tests.apps.cases.factories import world

    return world("st-helens")
