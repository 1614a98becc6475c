"""The daily checkpoint, through the Celery task and through the site's own scheduler (no broker)."""

import pytest

from civicguard.apps.audit.checkpoints import checkpoint_load
from civicguard.apps.audit.keys import audit_key
from civicguard.apps.audit.services import audit_verify_report
from civicguard.apps.audit.tasks import checkpoint
from tests.apps.audit.chains import chain


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVICGUARD_CHECKPOINT_DIR", str(tmp_path / "cps"))
    return tmp_path / "cps"


def test_the_task_writes_a_checkpoint_a_day_into_the_folder(folder):
    chain(2)
    first = checkpoint.delay().get()
    assert first and checkpoint() == ""  # looked at again within the day: nothing more
    assert [p.name for p in folder.iterdir()] == [first.rsplit("/", 1)[-1]]
    assert audit_verify_report(checkpoints=[("cp", checkpoint_load(first, key=audit_key()))]).ok


def test_the_checkpoints_folder_is_in_the_home_by_default(monkeypatch, settings, tmp_path):
    monkeypatch.delenv("CIVICGUARD_CHECKPOINT_DIR", raising=False)
    settings.HOME = tmp_path
    written = checkpoint()
    assert written.startswith(str(tmp_path / "checkpoints" / "audit-checkpoint-"))


def test_the_sites_own_scheduler_runs_the_checkpoint_hourly(folder):
    from civicguard.cli.web import beat_jobs

    [job] = [job for job in beat_jobs() if job.name == "audit-checkpoint"]
    assert job.schedule == 3600.0
    job.run()
    assert len(list(folder.iterdir())) == 1
