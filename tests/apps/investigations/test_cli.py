"""`civicguard investigations ...`: the same services as the pages, acting as a named person."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner
from django.utils import timezone

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.investigations.models import Authorisation, Investigation
from civicguard.cli.investigations import investigations
from tests.apps.investigations.factories import PROFILE, in_effect, investigation


def run(*args):
    return CliRunner().invoke(investigations, list(args))


def test_a_whole_journey_on_the_command_line(cast):
    inv, ao = cast["investigator"].username, cast["ao"].username
    made = run("open", "--as", inv, "--council", "st-helens", "--reference", "TS/9", "--offence", "Fake vapes",
               "--service", "Trading Standards")
    assert made.exit_code == 0, made.output
    pk = str(Investigation.objects.get(reference="TS/9").pk)
    results = [run("view", "--as", inv, "--investigation", pk, "--profile", PROFILE, "--purpose", "evidence")
               for _ in range(4)]
    assert [r.exit_code for r in results] == [0, 0, 0, 1]
    assert "may be directed surveillance" in results[2].output
    assert "needs an authorisation" in results[3].output
    applied = run("apply", "--as", inv, "--investigation", pk, "--kind", "directed-surveillance", "--subject", "Jo",
                  "--profile", PROFILE, "--necessity", "n", "--proportionality", "p", "--collateral-intrusion", "c",
                  "--threshold", "listed", "--threshold-offence",
                  "Sale of alcohol to children (Licensing Act 2003, s. 146)")
    assert applied.exit_code == 0, applied.output
    a = str(Authorisation.objects.get().pk)
    assert run("decide", "--as", inv, "--authorisation", a, "--decision", "authorise", "--grade", "Director",
               "--reasons", "r").exit_code == 2
    assert run("decide", "--as", ao, "--authorisation", a, "--decision", "authorise", "--grade", "Director",
               "--reasons", "r").exit_code == 0
    court = run("court", "--as", inv, "--authorisation", a, "--heard-on", timezone.localdate().isoformat(),
                "--court", "St Helens", "--decision", "approved")
    assert court.exit_code == 0 and "In effect until" in court.output
    assert run("view", "--as", inv, "--investigation", pk, "--profile", PROFILE, "--purpose", "evidence"
               ).exit_code == 0
    assert run("review", "--as", ao, "--authorisation", a, "--notes", "ok").exit_code == 0
    assert run("cancel", "--as", ao, "--authorisation", a, "--reason", "done").exit_code == 0
    listed = run("list", "--as", inv, "--council", "st-helens")
    assert listed.exit_code == 0 and "TS/9" in listed.output


def test_a_recruitment_search_is_refused(cast):
    found = investigation(cast["investigator"])
    result = run("view", "--as", cast["investigator"].username, "--investigation", str(found.pk), "--profile",
                 "linkedin.com/in/someone", "--purpose", "recruitment")
    assert result.exit_code == 1 and "Sefton 8.1" in result.output


def test_the_central_record_is_for_authorising_officers_and_logged(cast):
    in_effect(cast["investigator"], cast["ao"], investigation(cast["investigator"]))
    result = run("central-record", "--council", "st-helens", "--as", cast["ao2"].username)
    assert result.exit_code == 0 and result.output.startswith("Type,Investigation reference")
    assert "TS/2026/014" in result.output
    assert ConfidentialRead.objects.filter(kind="central-record", via="cli").count() == 1
    refused = run("central-record", "--council", "st-helens", "--as", cast["investigator"].username)
    assert refused.exit_code == 2


def test_the_daily_job_expires_and_purges(cast):
    a = in_effect(cast["investigator"], cast["ao"], investigation(cast["investigator"]))
    Authorisation.objects.filter(pk=a.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    result = run("daily")
    assert result.exit_code == 0 and result.output == "1 expired, 0 reviews due, 0 purged\n"
