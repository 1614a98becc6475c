"""`civicguard serve`: the site on whatever database is configured (the embedded default with nothing set)."""

from __future__ import annotations

import click

from civicguard.cli.web import migrate, setup_django, start_sweeper


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.option("--no-migrate", is_flag=True, help="Do not bring the database schema up to date first.")
def serve_command(host: str, port: int, threads: int, no_migrate: bool) -> None:
    """Serve the web application (waitress, static files by WhiteNoise)."""
    setup_django()
    if not no_migrate:
        migrate()
    _sync_councils()
    start_sweeper()  # tasks in-process (no broker): lost checks and hand-off retries are swept every minute
    from waitress import serve

    from civicguard.config.wsgi import application

    click.echo(f"CivicGuard is serving http://{host}:{port}/  (Ctrl+C to stop)")
    serve(application, host=host, port=port, threads=threads, ident="civicguard", clear_untrusted_proxy_headers=True)


def _sync_councils() -> None:
    """Every shipped pack has its council (a changed pack is recorded in the audit trail) and a warm engine."""
    from civicguard.apps.councils.services import council_sync
    from civicguard.engine import Engine, shipped_pack_ids

    for pack_id in shipped_pack_ids():
        council_sync(pack_id=pack_id)
        Engine.for_council(pack_id)  # builds and warms the engine, so the first request is not slow
