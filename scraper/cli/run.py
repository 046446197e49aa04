"""`tidings run`: the scheduled daemon, until SIGTERM or SIGINT (exit 0)."""

from __future__ import annotations

from typing import Annotated

import typer

from scraper.cli.context import engine_for, errors, settings_for, settings_with_sources
from scraper.errors import ConfigError

__all__ = ["run_command"]


def run_command(
    ctx: typer.Context,
    metrics_port: Annotated[
        int | None, typer.Option(min=0, max=65535, help="Serve /metrics and /healthz here.")
    ] = None,
    metrics_host: Annotated[str, typer.Option(help="Address for --metrics-port.")] = "127.0.0.1",
) -> None:
    """Crawl every source on its schedule until SIGTERM/SIGINT; SIGHUP reloads config.yaml.

    With `cluster: true` (PostgreSQL), this process is one node of several sharing the sources.

    Example: tidings run --metrics-port 9464
    """
    import asyncio
    import logging

    from scraper.schedule import Daemon, Metrics, MetricsServer, cluster_node
    from storage import current_holder

    if not ctx.obj.debug:  # their per-run INFO lines repeat ours; their warnings stay
        for name in ("apscheduler", "httpx", "procrastinate"):
            logging.getLogger(name).setLevel(logging.WARNING)

    with errors(ctx):
        settings = settings_with_sources(ctx)
        engine = engine_for(settings)
        holder = current_holder()
        node = holder.node if settings.cluster.enabled else None
        metrics = (
            Metrics(node, stuck_after_s=settings.daemon.stuck_after)
            if metrics_port is not None
            else None
        )
        server = None
        if metrics is not None and metrics_port is not None:
            try:
                server = MetricsServer(metrics, metrics_host, metrics_port).start()
            except OSError as exc:
                raise ConfigError(
                    f"cannot listen on {metrics_host}:{metrics_port}: {exc.strerror}",
                    field="--metrics-port",
                ) from exc
        scheduler = cluster_node() if settings.cluster.enabled else Daemon
        daemon = scheduler(settings, engine, load=lambda: settings_for(ctx), metrics=metrics)
        try:
            asyncio.run(daemon.run())
        finally:
            if server is not None:
                server.stop()
