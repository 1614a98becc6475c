"""`civicguard cases list|removals-overdue|export-bundle` (and the bundle they export passing verify-bundle)."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.cases.models import RemovalRequest
from civicguard.apps.cases.services import removal_request
from civicguard.cli.cases import cases
from tests.apps.cases.factories import case_from_report


def run(*args):
    return CliRunner().invoke(cases, [str(a) for a in args])


def test_list_shows_hr_the_case_and_other_managers_nothing(w):
    case = case_from_report(w)
    result = run("list", "--as", w.hr.username, "--council", "sefton")
    assert result.exit_code == 0 and f"{case.reference}\tOpen\tEmma Employee\tPotential gross misconduct" in \
        result.output
    assert ConfidentialRead.objects.filter(kind="case", via="cli", reader=w.hr).count() == 1
    assert run("list", "--as", w.other_manager.username, "--council", "sefton").output == \
        "No cases you may read.\n"
    assert run("list", "--as", w.hr.username, "--council", "st-helens").exit_code == 2


def test_removals_overdue_escalates_once(w):
    case = case_from_report(w)
    removal = removal_request(actor=w.manager, case=case, postings=["https://x.com/e/status/1"])
    RemovalRequest.objects.filter(pk=removal.pk).update(deadline=removal.deadline - timedelta(days=5))
    assert run("removals-overdue").output == "1 overdue removal request escalated to its case\n"
    assert run("removals-overdue").output == "0 overdue removal requests escalated to their cases\n"


def test_export_bundle_writes_a_bundle_that_verifies_and_one_changed_byte_fails(w, tmp_path):
    case = case_from_report(w)
    out = tmp_path / "bundle.zip"
    refused = run("export-bundle", case.reference, "--as", w.other_manager.username, "--council", "sefton",
                  "--output", out)
    assert refused.exit_code == 2 and not out.exists()
    result = run("export-bundle", case.reference, "--as", w.hr.username, "--council", "sefton", "--output", out)
    assert result.exit_code == 0 and out.exists()
    assert run("verify-bundle", out).exit_code == 0
    data = bytearray(out.read_bytes())
    where = data.find(b"useless")  # inside the captured text, stored uncompressed or not: change a byte of the zip
    data[where if where > 0 else len(data) // 2] ^= 0x01
    bad = tmp_path / "changed.zip"
    bad.write_bytes(bytes(data))
    assert run("verify-bundle", bad).exit_code == 1
    assert run("export-bundle", case.reference, "--as", w.hr.username, "--council", "sefton", "--output",
               out).exit_code == 2  # never overwrites
