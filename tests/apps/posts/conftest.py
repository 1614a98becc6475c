import pytest


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    """Each test's own private media store (a post's images are media items)."""
    settings.CIVICGUARD_MEDIA_STORE = tmp_path / "private-media"
    return settings.CIVICGUARD_MEDIA_STORE
