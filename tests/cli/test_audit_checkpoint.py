"""`civicguard audit checkpoint` and `civicguard audit verify --checkpoint FILE`."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from civicguard.cli.audit import audit
from tests.apps.audit.chains import KEY, OTHER_KEY, chain, cut_newest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", KEY)


def run(*args: str):
    return CliRunner().invoke(audit, list(args))


def test_checkpoint_prints_the_signed_head_as_json():
    entries = chain(3)
    result = run("checkpoint")
    assert result.exit_code == 0 and result.stderr == ""
    written = json.loads(result.stdout)
    assert written["kind"] == "civicguard-audit-checkpoint" and written["seq"] == entries[-1].seq
    assert written["hash"] == entries[-1].hash and len(written["signature"]) == 64
    assert KEY not in result.stdout


def test_verify_against_a_checkpoint_passes_then_fails_when_the_newest_entries_are_cut(tmp_path):
    chain(6)
    cp = tmp_path / "cp.json"
    written = run("checkpoint", "--output", str(cp))
    assert written.exit_code == 0 and written.stdout == ""
    assert f"checkpoint of entry 6 written to {cp}" in written.stderr
    held = run("verify", "--checkpoint", str(cp))
    assert held.exit_code == 0 and f"checkpoint {cp} of " in held.stdout and "entry 6 held with its hash" in held.stdout
    cut_newest(3)
    assert run("verify").exit_code == 0  # without the checkpoint the cut cannot be seen
    result = run("verify", "--checkpoint", str(cp))
    assert result.exit_code == 1
    assert f"entry 6: checkpoint: the checkpoint {cp} of " in result.stdout
    assert "holds entry 6, but the log now ends at entry 3 (the newest entries were deleted)" in result.stdout
    assert "audit log NOT verified: 3 entries, 1 problem" in result.stdout


def test_verify_json_reports_each_checkpoint(tmp_path):
    chain(2)
    cp = tmp_path / "cp.json"
    run("checkpoint", "-o", str(cp))
    report = json.loads(run("verify", "--json", "--checkpoint", str(cp)).stdout)
    assert [(c["file"], c["seq"], c["held"]) for c in report["checkpoints"]] == [(str(cp), 2, True)]
    assert report["key"]["source"] == "environment" and KEY not in json.dumps(report)


def test_a_forged_checkpoint_is_refused(tmp_path):
    chain(6)
    cp = tmp_path / "cp.json"
    run("checkpoint", "-o", str(cp))
    cut_newest(3)
    forged = json.loads(cp.read_text())
    forged["seq"] = 3  # make it match what is left...
    cp.write_text(json.dumps(forged))
    result = run("verify", "--checkpoint", str(cp))
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{cp} does not match its signature: it was changed after it was written" in result.stderr


def test_a_checkpoint_made_with_another_key_is_refused(tmp_path, monkeypatch):
    chain(2)
    cp = tmp_path / "cp.json"
    run("checkpoint", "-o", str(cp))
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", OTHER_KEY)
    result = run("verify", "--checkpoint", str(cp))
    assert result.exit_code == 2 and "was signed with another audit key" in result.stderr


@pytest.mark.parametrize(("content", "says"), [
    (None, "cannot read the checkpoint"),
    ("not json", "is not a CivicGuard audit checkpoint (it is not JSON)"),
    ('{"kind": "civicguard-audit-checkpoint", "version": 1}', '"seq" is missing or not a number'),
])
def test_a_file_that_is_not_a_checkpoint_exits_2(tmp_path, content, says):
    cp = tmp_path / "cp.json"
    if content is not None:
        cp.write_text(content)
    result = run("verify", "--checkpoint", str(cp))
    assert result.exit_code == 2 and says in result.stderr


def test_a_checkpoint_of_a_broken_chain_is_written_and_says_so(tmp_path):
    from tests.apps.audit.chains import sql

    chain(3)
    sql("UPDATE audit_auditentry SET actor = %s WHERE seq = 2", "mallory")
    cp = tmp_path / "cp.json"
    result = run("checkpoint", "-o", str(cp))
    assert result.exit_code == 1 and json.loads(cp.read_text())["seq"] == 3
    assert "the audit log has 1 problem (run `civicguard audit verify`)" in result.stderr


def test_a_short_key_exits_2_with_the_reason(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", "short")
    result = run("checkpoint")
    assert result.exit_code == 2 and "it needs at least 32" in result.stderr and result.stdout == ""


def test_checkpoint_to_an_unwritable_place_exits_2(tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "cp.json"
    result = run("checkpoint", "--output", str(target))
    assert result.exit_code == 2 and f"Cannot write {target}: No such file or directory" in result.stderr
    assert not (tmp_path / "no").exists()


def test_the_embedded_default_generates_the_key_once_and_verify_says_where(tmp_path):
    """For real, in fresh processes with nothing set: migrate makes the key and logs it; verify names it."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CIVICGUARD_AUDIT_KEY")}
    env.update(CIVICGUARD_HOME=str(tmp_path), CIVICGUARD_SECRET_KEY="test",
               DJANGO_SETTINGS_MODULE="civicguard.config.settings.base")

    def python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                              timeout=180)

    setup = python("from civicguard.cli.web import open_database; open_database()")
    path = tmp_path / "audit_key"
    assert setup.returncode == 0, setup.stderr
    assert setup.stderr.count(f"generated an audit key into {path} (mode 0600)") == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_text().strip() not in setup.stderr
    verify = python("from civicguard.cli.audit import audit; audit()", "verify")
    assert verify.returncode == 0, verify.stderr
    assert "generated an audit key" not in verify.stderr  # once only
    assert f"audit key: generated by the embedded default into {path}" in verify.stdout
