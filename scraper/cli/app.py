"""The `tidings` command: the global options and the commands, registered in one place.

Each command lives in the module of its group (`crawl`, `run`, `status`, `read`, `export`,
`stats`, `serve`, `pages`, `demo`, `db`): it parses its options, calls one library function and
renders the result. Results go to stdout; messages, progress and errors go to stderr.

A command imports what it runs when it runs (config, crawl, storage, rich): `tidings --help`
loads none of them, and `crawl --json` no rich. SQLAlchemy, pydantic and rich made every start
cost 1.1 s and 70 MB before (measured with `python -X importtime`).
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer
from typer import TyperException

from scraper.cli import crawl, db, demo, export, pages, read, run, serve, stats, status
from scraper.cli.context import Global
from scraper.cli.logs import JsonFormatter, KeyValueFormatter
from scraper.runtime import start_up, start_up_done

__all__ = ["app", "main"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Crawl news listing pages on a schedule, clean and deduplicate the cards, query them.",
)
app.command("crawl")(crawl.crawl_command)
app.command("run")(run.run_command)
app.command("status")(status.status_command)
app.command("query")(read.query_command)
app.command("export")(export.export_command)
app.command("stats")(stats.stats_command)
app.command("serve")(serve.serve_command)
app.command("sources")(read.sources_command)
app.command("runs")(read.runs_command)
app.command("parse")(pages.parse_command)
app.command("discover")(pages.discover_command)
app.command("demo")(demo.demo_command)
app.add_typer(db.db_app, name="db")


@app.callback()
def _global(
    ctx: typer.Context,
    config: Annotated[
        str | None, typer.Option(help="config.yaml path [env TIDINGS_CONFIG].")
    ] = None,
    db: Annotated[str | None, typer.Option(help="Database URL [env TIDINGS_DATABASE_URL].")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each page.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter() if sys.stderr.isatty() else JsonFormatter())
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING,
        handlers=[handler],
        force=True,
    )
    ctx.obj = Global(config=config, db=db, debug=debug)


def main() -> None:
    """Console-script entry point: the process-wide settings (`scraper.runtime`), then the
    command.

    Bad usage (an unknown option, a value of the wrong type) is one line on stderr and exit 2,
    like a bad config, instead of typer's framed box: scripts read stderr line by line.
    """
    start_up()
    try:
        code = app(prog_name="tidings", standalone_mode=False)
    except typer.Abort:
        code = 1
    except TyperException as exc:
        sys.stderr.write(_usage_line(exc))
        code = exc.exit_code
    finally:
        start_up_done()
    sys.exit(code if isinstance(code, int) else 0)


def _usage_line(exc: TyperException) -> str:
    message = exc.format_message()
    if not message.strip():  # `tidings` or `tidings db` alone: typer printed the help
        return ""
    if "\n" in message:  # the help text itself
        return message if message.endswith("\n") else message + "\n"
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "tidings"
    return f"error: {message} (see '{path} --help')\n"
