import pytest


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    """Each test's own private store (evidence and consent forms are kept there)."""
    settings.CIVICGUARD_MEDIA_STORE = tmp_path / "private-media"
    return settings.CIVICGUARD_MEDIA_STORE
