"""`tidings db`: database maintenance."""

from __future__ import annotations

import typer

from scraper.cli.context import engine_for, err_console, errors, settings_for

__all__ = ["db_app"]

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade_command(ctx: typer.Context) -> None:
    """Apply database migrations (also done on first use).

    Example: tidings --db postgresql+psycopg://localhost/tidings db upgrade
    """
    from storage import upgrade

    with errors(ctx):
        settings = settings_for(ctx, required=False)
        upgrade(engine_for(settings))
        err_console().print(f"database is up to date: {settings.database}", highlight=False)
