"""Which database: SQLite under CIVICGUARD_HOME with nothing set, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse


def database_from_env(home: Path) -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        # WAL lets readers carry on while one writer commits (pages keep answering during a save).
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(home / "civicguard.sqlite3"),
                "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}
    parts = urlparse(url)
    if parts.scheme in {"sqlite", "sqlite3"}:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path) or ":memory:",
                "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"}}
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r}; use postgres:// or sqlite://")
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "civicguard",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "OPTIONS": options,
        "TEST": {"NAME": os.environ.get("CIVICGUARD_TEST_DATABASE") or None},
    }
