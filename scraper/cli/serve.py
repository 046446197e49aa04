"""`tidings serve`: the read-only HTTP API and the search page, until Ctrl-C or SIGTERM."""

from __future__ import annotations

from typing import Annotated

import typer

from scraper.cli.context import err_console, errors, reader_for, settings_for

__all__ = ["serve_command"]


def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8080,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes (one core each).")
    ] = 1,
) -> None:
    """Serve the JSON API (schema at /openapi.json) and the search page at /.

    Example: tidings serve --port 8080 --workers 2   # then open http://127.0.0.1:8080/
    """
    from scraper.api import serve
    from storage import make_read_only

    with errors(ctx):
        engine = reader_for(settings_for(ctx, required=False))
        make_read_only(engine)
        err_console().print(f"serving on http://{host}:{port}/ (Ctrl-C stops)", highlight=False)
        serve(engine, host=host, port=port, workers=workers)
