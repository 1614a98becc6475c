"""Start Django for the commands that use the database (serve, demo, users, accounts, audit)."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicguard.config.settings.base")
    import django

    django.setup()


def open_database() -> None:
    """Start Django and bring the database schema up to date (a fresh installation needs no other step)."""
    setup_django()
    migrate()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
