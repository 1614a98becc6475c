"""`civicguard cases ...`: concern reports, cases and their evidence from the command line (issue 18).

`verify-bundle` needs no database: it checks an evidence bundle's every hash and says which file changed.

Exit codes: 0 = done (for verify-bundle: the bundle is intact), 1 = the bundle was altered, 2 = bad input or not
allowed (a clear message on stderr)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click


@click.group("cases")
def cases() -> None:
    """Concern reports, cases, removal requests and evidence bundles."""


@cases.command("verify-bundle")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def verify_bundle_command(file: Path) -> None:
    """Check an evidence bundle (a ZIP exported from a case): every file's SHA-256 against its manifest, and the
    manifest against its own hash. Prints what is wrong, file by file; exit status 0 when intact, 1 when not."""
    from civicguard.apps.evidence.bundle import BundleUnreadable, verify

    try:
        report = verify(file.read_bytes())
    except OSError as error:
        click.echo(f"Could not read {file}: {error.strerror or error}", err=True)
        sys.exit(2)
    except BundleUnreadable as error:
        click.echo(f"{file} is not an evidence bundle: {error}", err=True)
        sys.exit(1)
    for line in report.lines():
        click.echo(line)
    sys.exit(0 if report.intact else 1)


# ---- commands that read the database (each a thin caller of the cases app's services) ----------------------------

from civicguard.cli.errors import handle_errors  # noqa: E402


def _who(username: str, slug: str) -> tuple[Any, Any]:
    from civicguard.cli.unblocking import council_of, person
    from civicguard.cli.web import open_database

    open_database()
    actor = person(username)
    return actor, council_of(actor, slug)


@cases.command("list")
@click.option("--as", "username", required=True, help="Who is asking (they see only the cases they may read).")
@click.option("--council", "slug", required=True, help="The council (its pack id), e.g. sefton.")
@click.option("--status", default="", type=click.Choice(["", "open", "referred", "classified", "investigating",
                                                         "decided", "closed"]), help="Only cases in this state.")
@handle_errors
def list_command(username: str, slug: str, status: str) -> None:
    """List the cases the person may read (HR: all; a line manager: those about their staff), each a logged
    read: reference, state, who it is about, the proposed classification and the referral clock."""
    actor, council = _who(username, slug)
    from civicguard.apps.cases import selectors, services

    found = selectors.cases(user=actor, council=council, status=status)
    for case in found:
        services.case_read(actor=actor, case=case, via="cli")
        click.echo(f"{case.reference}\t{case.get_status_display()}\t{case.subject.name}\t"
                   f"{case.get_proposed_display()}\t{services.referral_clock(case)}")
    if not found:
        click.echo("No cases you may read.")


@cases.command("removals-overdue")
@handle_errors
def removals_overdue_command() -> None:
    """Run the hourly job now: each request to remove postings (Sefton 6.4) not confirmed by its deadline
    escalates to its case (once: safe to run again)."""
    from civicguard.cli.web import open_database

    open_database()
    from civicguard.apps.cases.services import removal_escalate_overdue

    count = len(removal_escalate_overdue().escalated)
    click.echo(f"{count} overdue removal request{'s' if count != 1 else ''} escalated to "
               f"{'their cases' if count != 1 else 'its case'}")


@cases.command("export-bundle")
@click.argument("case_ref")
@click.option("--as", "username", required=True, help="Who is exporting (HR, or the subject's line manager).")
@click.option("--council", "slug", required=True, help="The council (its pack id), e.g. sefton.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the ZIP (it must not exist yet).")
@handle_errors
def export_bundle_command(case_ref: str, username: str, slug: str, output: Path) -> None:
    """Write a case's evidence bundle (a ZIP for a hearing: the evidence, a manifest of SHA-256 hashes, the
    findings and the chain of custody), logged like the page's download. CASE_REF is its number or CASE-N."""
    from civicguard.errors import BadInput

    number = case_ref.upper().removeprefix("CASE-")
    if not number.isdigit():
        raise BadInput(f"{case_ref!r} is not a case: give its number, e.g. CASE-12", field="case")
    if output.exists():
        raise BadInput(f"{output} exists already: choose a new file", field="output")
    actor, council = _who(username, slug)
    from civicguard.apps.cases import services

    case = services.case_get(user=actor, council=council, pk=int(number))
    data = services.case_bundle(actor=actor, case=case, via="cli")
    output.write_bytes(data)
    click.echo(f"Wrote the evidence bundle of {case.reference} to {output} ({len(data):,} bytes). "
               f"Check it with: civicguard cases verify-bundle {output}")
