import pytest


@pytest.fixture(autouse=True)
def _db(db):
    """Every web-app test gets a database (rolled back after each test)."""


@pytest.fixture
def st_helens():
    from tests.apps.factories import council

    return council("st-helens")


@pytest.fixture
def sefton():
    from tests.apps.factories import council

    return council("sefton")
