"""The private store of media files: CIVICGUARD_MEDIA_STORE (by default CIVICGUARD_HOME/private-media), outside
MEDIA_ROOT and STATIC_ROOT, so no file server and no URL reaches it. Files are named by their SHA-256 inside a
folder per council, written once (atomically, readable by the server's user only) and read only by the media
services, which check the person and log the look first."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from django.conf import settings

_NAME = re.compile(r"[a-z0-9-]+/[0-9a-f]{64}(\.[a-z]{3,4})?")


def root() -> Path:
    return Path(settings.CIVICGUARD_MEDIA_STORE)


def path_for(council_slug: str, sha256: str, extension: str = "") -> str:
    return f"{council_slug}/{sha256}" + (f".{extension}" if extension else "")


def _full(name: str) -> Path:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a media store name: {name!r}")
    return root() / name


def save(name: str, data: bytes) -> bool:
    """Write `data` as `name` unless it is there already (the name is its hash). True when it was written."""
    target = _full(name)
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def read(name: str) -> bytes:
    return _full(name).read_bytes()


def exists(name: str) -> bool:
    return _full(name).exists()


def erase(name: str) -> None:
    _full(name).unlink(missing_ok=True)
