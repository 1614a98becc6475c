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
