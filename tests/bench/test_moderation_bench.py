"""The moderation benchmark's code works: its comment generator, and a tiny real run on PostgreSQL and Redis
(60 comments, 300 stored for the queue page, 10 requests per row) that writes both result files."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
MODERATION_BENCH = BENCH / "moderation_bench.py"
REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture(scope="module")
def moderation_bench() -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # the bench imports its neighbours (posts, engine_bench, web_bench) by name
    spec = importlib.util.spec_from_file_location("civicguard_bench_moderation", MODERATION_BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_comments_are_seeded_varied_and_within_the_lengths(moderation_bench: ModuleType) -> None:
    comments = moderation_bench.generate_comments(500, seed=7)
    assert [c.text for c in moderation_bench.generate_comments(500, seed=7)] == [c.text for c in comments]
    assert [c.text for c in moderation_bench.generate_comments(50, seed=7)] == [c.text for c in comments[:50]]
    assert all(20 <= len(c.text) <= 400 for c in comments)
    assert len({c.text for c in comments}) > 450
    kinds = moderation_bench.describe(comments)["by_kind"]
    assert set(kinds) == {"clean", "offensive", "personal_data", "complaint", "press"}
    assert 0.75 < kinds["clean"] / 500 < 0.92  # most comments are clean; about a fifth get flagged
    assert {c.council for c in comments} == {"sefton", "st-helens"}


def test_import_items_name_a_registered_account(moderation_bench: ModuleType) -> None:
    comments = moderation_bench.generate_comments(40, seed=3)
    by_council = moderation_bench.import_items(comments, "x1", seed=3)
    assert sum(len(items) for items in by_council.values()) == 40
    registered = {(p, h) for rows in moderation_bench.ACCOUNTS.values() for p, h, _pid, _share in rows}
    for council, items in by_council.items():
        handles = {(p, h) for p, h, _pid, _share in moderation_bench.ACCOUNTS[council]}
        for item in items:
            assert (item["platform"], item["account"]) in handles and (item["platform"], item["account"]) in registered
            assert item["id"].startswith("x1-") and item["text"] and item["created_at"]
    assert len({i["id"] for items in by_council.values() for i in items}) == 40


def _servers() -> tuple[str, str]:
    """The PostgreSQL server (the one DATABASE_URL names when it is PostgreSQL) with a database name of this run's
    own, and the Redis URL; skipped with the reason when either does not answer."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urlparse(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        parts = urlparse("postgres://postgres@127.0.0.1:5432/postgres")
    pg = parts._replace(path=f"/civicguard_bench_test_{uuid.uuid4().hex[:10]}", query="").geturl()
    try:
        import psycopg

        with psycopg.connect(parts._replace(scheme="postgresql", path="/postgres").geturl(), connect_timeout=3):
            pass
    except Exception as exc:  # noqa: BLE001 - any failure to reach it means the run cannot happen
        pytest.skip(f"PostgreSQL at {parts.hostname}:{parts.port or 5432} is not reachable ({exc}); the moderation "
                    "benchmark runs on PostgreSQL and Redis")
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"Redis at {REDIS_URL} is not reachable ({exc}); the moderation benchmark needs a broker")
    return pg, REDIS_URL


def test_tiny_run_end_to_end(tmp_path: Path) -> None:
    pg, redis_url = _servers()
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    proc = subprocess.run([sys.executable, str(MODERATION_BENCH), "--comments", "60", "--queue-size", "300",
                           "--requests", "10", "--warmup", "2", "--pg", pg, "--redis", redis_url,
                           "--output-dir", str(tmp_path)], capture_output=True, text=True, timeout=600,
                          check=False, env=env)
    # 0 or 1: the run finished (tiny sizes say nothing about the targets); 2 would be a failed run.
    assert proc.returncode in (0, 1), proc.stderr[-4000:]
    report = json.loads((tmp_path / "moderation.json").read_text(encoding="utf-8"))
    assert report["error"] is None, report["error"]
    assert {"benchmark", "generated_at", "machine", "config", "limits", "database", "setup", "comments",
            "throughput", "queue_page", "checks", "all_pass", "wall_s"} <= set(report)
    rows = {r["key"]: r for r in report["throughput"]["rows"]}
    assert set(rows) == {"engine", "workers_1", "workers_2"}
    for key in ("workers_1", "workers_2"):
        r = rows[key]
        assert r["stored"] == r["checks"] == 60 and r["checked_twice"] == 0 and r["ok"], r
        assert r["per_s"] > 0 and r["ingest_s"] > 0 and r["end_to_end_s"] >= r["ingest_s"]
        assert len(r["tasks_per_worker"]) == r["workers"]
    assert rows["engine"]["comments"] == 60 and rows["engine"]["per_s"] > 0
    queue = report["queue_page"]
    assert queue["fill"]["inserted"] == 300 and queue["fill"]["checks"] == 300
    variants = {r["key"]: r for r in queue["rows"]}
    assert {"queue", "category", "account", "severity", "page2", "api"} <= set(variants)
    for r in variants.values():
        assert r["requests"] == 10 and r["errors"] == 0, r
        assert 0 < r["p50_ms"] <= r["p95_ms"] <= r["max_ms"]
    assert variants["queue"]["rows_shown"] > 0 and variants["api"]["rows_shown"] > 0
    assert any("comments/s" in c["check"] for c in report["checks"])
    assert any("only 300 comments stored" in c["check"] and not c["pass"] for c in report["checks"])
    md = (tmp_path / "moderation.md").read_text(encoding="utf-8")
    assert "# CivicGuard moderation benchmark" in md and "| 2 workers (solo pool" in md
    assert "Queue page, no filter `/moderation/`" in md and "## Targets" in md
    # Nothing is left behind: the database is dropped.
    import psycopg

    admin = urlparse(pg)._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin) as conn:
        name = urlparse(pg).path.lstrip("/")
        assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None
