"""`tidings db`: database maintenance."""

from __future__ import annotations

import typer

from scraper.cli.context import config_error, engine_for, err_console, errors, settings_for

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


@db_app.command("rekey")
def db_rekey_command(ctx: typer.Context) -> None:
    """Key the last window's items for near-duplicate detection, under config's `dedup:`.

    Run it after turning `dedup` on for a database that already holds items, or after
    changing `bands`, `title_bands` or `rows`: until then, copies find those items by URL
    only. A second run adds nothing.

    Example: tidings db rekey
    """
    import sys
    from contextlib import ExitStack
    from datetime import UTC, datetime

    from scraper.crawl import near_policy
    from storage import rekey_window, window_items

    with errors(ctx):
        settings = settings_for(ctx)
        policy = near_policy(settings)
        if policy is None:
            raise config_error(
                ctx,
                "dedup is off: set `enabled: true` to key items for near-duplicate detection",
                field="dedup.enabled",
            )
        engine, now = engine_for(settings), datetime.now(UTC)
        with ExitStack() as stack:
            progress = None
            if sys.stderr.isatty():
                from scraper.cli.progress import CountProgress

                total = window_items(engine, policy=policy, now=now)
                progress = stack.enter_context(CountProgress(err_console(), "rekey", total)).update
            done = rekey_window(engine, policy=policy, now=now, progress=progress)
        err_console().print(
            f"dedup window: {done.items} items keyed, {done.keys} keys added",
            highlight=False,
        )
