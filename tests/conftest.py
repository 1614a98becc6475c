"""Shared test factories."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.model import Content, Context, EmbargoedDocument


def make_doc(
    text: str,
    *,
    council: str = "st-helens",
    channel: str = "official",
    politically_restricted: bool = False,
    embargoed: tuple[EmbargoedDocument, ...] = (),
    links: tuple[str, ...] = (),
) -> Document:
    return Document(
        Content(text=text, links=links),
        Context(council=council, channel=channel, politically_restricted=politically_restricted,  # type: ignore[arg-type]
                embargoed=embargoed),
    )


@pytest.fixture
def doc_factory():
    return make_doc


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """After each transactional test (`django_db(transaction=True)`) Django empties every table. On PostgreSQL it
    does so with one TRUNCATE of all of them, which gives every table a new file: about a second a test on a busy
    machine, and there are a hundred such tests. DELETE of the few rows a test left takes milliseconds. The result
    is the same: every table empty, sequences not reset (Django's flush resets none unless asked), foreign keys
    checked at the end of the flush's transaction (they are deferrable). SQLite's flush already deletes."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):  # type: ignore[no-untyped-def]
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {self.quote_name(table)}" for table in tables)]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.sql_flush = truncate  # type: ignore[method-assign]
