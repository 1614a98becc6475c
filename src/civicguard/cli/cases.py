"""`civicguard cases ...`: concern reports, cases and their evidence from the command line (issue 18).

`verify-bundle` needs no database: it checks an evidence bundle's every hash and says which file changed.

Exit codes: 0 = done (for verify-bundle: the bundle is intact), 1 = the bundle was altered, 2 = bad input or not
allowed (a clear message on stderr)."""

from __future__ import annotations

import sys
from pathlib import Path

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
