"""`tidings status`: is a daemon alive, what runs now, what is overdue, which sources are sick.

Exit 0 when a daemon is alive and its heartbeat fresh, 1 otherwise: a monitoring check.
"""

from __future__ import annotations

import typer

from scraper.cli.context import FormatOption, engine_for, errors, settings_for
from scraper.cli.render import render_rows

__all__ = ["status_command"]


def status_command(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """Show the daemon's heartbeat, running and overdue sources, and sick ones; exit 1 unless a
    daemon is alive.

    Example: tidings status || systemctl restart tidings
    """
    import json
    import sys
    from datetime import UTC, datetime

    from scraper.schedule import daemon_status

    with errors(ctx):
        settings = settings_for(ctx)
        report = daemon_status(settings, engine_for(settings), now=datetime.now(UTC))
        if fmt in ("json", "jsonl"):
            body = {
                "alive": report.alive,
                "daemons": report.daemons,
                "running": report.running,
                "overdue": report.overdue,
                "sick": report.sick,
            }
            sys.stdout.write(json.dumps(body, default=str) + "\n")
        else:
            state = "alive" if report.alive else "not running (or stale)"
            sys.stdout.write(f"daemon: {state}\n")
            for title, rows in (
                ("daemons", report.daemons),
                ("running now", report.running),
                ("overdue", report.overdue),
                ("sick", report.sick),
            ):
                if rows:
                    render_rows(rows, fmt, title=title)
                else:
                    sys.stdout.write(f"{title}: none\n")
        if not report.alive:
            raise typer.Exit(1)
