"""The audit key: from the environment, or generated once into the home folder by the embedded default."""

import logging
import stat
import threading

import pytest

from civicguard.apps.audit.keys import AuditKeyError, audit_key
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.audit.services import audit_record
from tests.apps.audit.chains import KEY, OTHER_KEY


@pytest.fixture
def home(settings, tmp_path, monkeypatch):
    """The embedded default: nothing set, a fresh home folder."""
    monkeypatch.delenv("CIVICGUARD_AUDIT_KEY", raising=False)
    settings.HOME = tmp_path
    return tmp_path


def test_the_key_comes_from_the_environment(monkeypatch, home):
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", KEY)
    key = audit_key()
    assert key.source == "environment" and key.secret == KEY.encode()
    assert not (home / "audit_key").exists()
    assert KEY not in repr(key) and KEY not in key.describe() and key.fingerprint in key.describe()
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", OTHER_KEY)
    assert audit_key().fingerprint != key.fingerprint


def test_a_short_key_stops_every_change_with_a_clear_error(monkeypatch):
    monkeypatch.setenv("CIVICGUARD_AUDIT_KEY", "too-short")
    with pytest.raises(AuditKeyError, match="is 9 characters long; it needs at least 32"):
        audit_record(event="test.thing.do", council="st-helens")
    assert not AuditEntry.objects.exists()


def test_the_embedded_default_generates_one_key_into_the_home_and_says_so_once(home, caplog):
    caplog.set_level(logging.WARNING, logger="civicguard.apps.audit.keys")
    first = audit_key()
    path = home / "audit_key"
    assert first.source == "file" and first.path == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_text().strip()) >= 32
    assert audit_key().secret == first.secret  # the same key next time, and nothing more in the log
    [record] = caplog.records
    assert f"generated an audit key into {path} (mode 0600)" in record.getMessage()
    assert first.secret.decode() not in caplog.text
    assert str(path) in first.describe() and "set CIVICGUARD_AUDIT_KEY" in first.describe()


def test_processes_starting_at_once_all_get_the_first_key_written(home):
    start, keys = threading.Barrier(8), []

    def get():
        start.wait()
        keys.append(audit_key().secret)

    threads = [threading.Thread(target=get) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(keys)) == 1 and keys[0] == (home / "audit_key").read_text().strip().encode()
    assert [p.name for p in home.iterdir()] == ["audit_key"]  # no temporary files left behind


def test_a_key_file_that_cannot_be_read_is_a_clear_error(home):
    (home / "audit_key").mkdir()
    with pytest.raises(AuditKeyError, match="the audit key file .* cannot be read or written"):
        audit_key()
