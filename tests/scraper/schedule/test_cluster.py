"""`tidings run` as a cluster: three real node processes on one real PostgreSQL database.

Each test gets its own database (made through the admin engine, dropped with its connections
afterwards): procrastinate's functions and NOTIFY channels are per database, and the nodes are
separate processes that must all land in the same one. Timing checks only bound from below
(never twice within an interval) or wait generously for something to happen.
"""

from __future__ import annotations

import itertools
import json
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from tests.scraper.loopback import LoopbackServer
from tests.scraper.schedule.daemonproc import (
    DaemonProcess,
    listing_routes,
    listing_source,
    tidings,
    wait_until,
    write_config,
)

pytestmark = pytest.mark.postgres

INTERVAL_S = 3.0
STALL_S = 3.0
PAGES, PER_PAGE = 3, 3
SOURCES = [f"c{i}" for i in range(6)]


@pytest.fixture
def cluster_db(pg_admin: Engine) -> Iterator[str]:
    """A fresh database on the test server, its URL; dropped (connections and all) after."""
    name = f"tidings_cluster_{uuid.uuid4().hex[:10]}"
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(str(pg_admin.url)).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with pg_admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture
def site() -> Iterator[LoopbackServer]:
    routes = {}
    for name in SOURCES:  # 3 pages of 0.3 s each: a run lasts about a second, long enough to kill
        routes.update(listing_routes(name, pages=PAGES, per_page=PER_PAGE, delay_s=0.3))
    with LoopbackServer(routes) as server:
        yield server


def _cluster_config(folder: Path, url: str, site: LoopbackServer) -> None:
    sources = [
        listing_source(name, site.base_url, schedule=f"{INTERVAL_S:g}s", jitter=0)
        for name in SOURCES
    ]
    write_config(
        folder,
        sources,
        database=url,
        cluster={"stall_timeout": f"{STALL_S:g}s", "dispatch": "1s"},
        daemon={"heartbeat": "0.5s", "concurrency": 4},
    )
    upgraded = tidings("db", "upgrade", cwd=folder)  # one command prepares the database
    assert upgraded.returncode == 0, upgraded.stderr


def _query(url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def _first_pages(site: LoopbackServer, name: str, since: float = 0.0) -> list[float]:
    return [r.started_s for r in site.requests_to(f"/{name}/1") if r.started_s >= since]


def _stop_within_10_s(*nodes: DaemonProcess) -> None:
    """SIGTERM to all at once; each must exit 0 within 10 s (else the wait raises)."""
    for node in nodes:
        node.signal(signal.SIGTERM)
    for node in nodes:
        code = node.proc.wait(timeout=10)
        node.kill()  # already gone: this only joins the log reader
        assert code == 0, node.raw[-5:]


def test_three_nodes_share_the_sources_and_survive_a_killed_node(
    tmp_path: Path, cluster_db: str, site: LoopbackServer
) -> None:
    _cluster_config(tmp_path, cluster_db, site)
    assert _query(cluster_db, "SELECT count(*) FROM procrastinate_jobs") == [(0,)]

    nodes = [DaemonProcess(tmp_path) for _ in range(3)]
    try:
        time.sleep(22)
        # Every source fetched its first page several times, never twice within an interval.
        for name in SOURCES:
            starts = _first_pages(site, name)
            assert len(starts) >= 3, (name, starts)
            gaps = [b - a for a, b in itertools.pairwise(starts)]
            assert min(gaps) >= INTERVAL_S - 0.1, (name, gaps)
        busy = {e.get("node") for n in nodes for e in n.named("job.started")}
        assert len(busy) >= 2, busy  # the work is shared, not done by one node

        status = tidings("status", "--format", "json", cwd=tmp_path)
        assert status.returncode == 0, status.stderr
        report = json.loads(status.stdout)
        alive = {row["pid"] for row in report["daemons"] if row["state"] == "alive"}
        assert alive == {n.proc.pid for n in nodes}
        held = {row["source"] for row in report["running"]}
        shown = {s for row in report["daemons"] for s in str(row["running"]).split(", ") if s}
        assert shown <= set(SOURCES) and (shown == held or not held)

        victim, source = _node_mid_crawl(cluster_db, nodes)
        killed_at = time.monotonic()
        victim.kill()
        # Its source goes on from another node once the stall timeout has passed.
        try:
            wait_until(
                lambda: _ok_runs_after(cluster_db, source, killed_at),
                timeout=STALL_S + 20,
                what=f"{source} crawled again after its node was killed",
            )
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the others said: {_about(nodes, source)}") from None
        retried = [
            e for n in nodes if n is not victim for e in n.named("cluster.stalled_jobs_retried")
        ]
        assert any(source in e["jobs"] for e in retried), retried
    finally:
        _stop_within_10_s(*[n for n in nodes if n.proc.poll() is None])

    assert _query(cluster_db, "SELECT count(*) FROM crawl_runs WHERE status = 'running'") == [(0,)]
    duplicates = "SELECT url FROM items GROUP BY url HAVING count(*) > 1"
    assert _query(cluster_db, duplicates) == []
    stored = _query(cluster_db, "SELECT count(*) FROM items")
    assert stored == [(len(SOURCES) * PAGES * PER_PAGE,)]
    statuses = {row[0] for row in _query(cluster_db, "SELECT DISTINCT status FROM crawl_runs")}
    assert "interrupted" in statuses  # the killed node's run, marked by the others


def _about(nodes: list[DaemonProcess], source: str) -> list[str]:
    """The log lines that tell what became of `source` (for a failure's message)."""
    keys = (f'"{source}"', "stalled", "ERROR", "node.")
    return [
        line[:300]
        for node in nodes
        for line in node.raw
        if any(k in line for k in keys) and "page." not in line
    ][-40:]


def _node_mid_crawl(url: str, nodes: list[DaemonProcess]) -> tuple[DaemonProcess, str]:
    """A node that holds a source's lease and whose run of it is still in progress, and that
    source. (A lease alone is not enough: it is freed just after the run's row says "ok", and
    a node killed in between leaves no interrupted run.)"""
    by_pid = {n.proc.pid: n for n in nodes}
    mid_run = (
        "SELECT l.source, l.pid FROM leases AS l JOIN crawl_runs AS r "
        "ON r.source = l.source AND r.status = 'running'"
    )

    def find() -> tuple[DaemonProcess, str] | None:
        for source, pid in _query(url, mid_run):
            if pid in by_pid:
                return by_pid[int(str(pid))], str(source)
        return None

    found: tuple[DaemonProcess, str] = wait_until(find, timeout=10, what="a node mid-crawl")
    return found


def _ok_runs_after(url: str, source: str, after_monotonic: float) -> bool:
    since_s = time.monotonic() - after_monotonic
    rows = _query(
        url,
        "SELECT count(*) FROM crawl_runs WHERE source = :source AND status = 'ok' "
        "AND started_at > now() - make_interval(secs => :since)",
        source=source,
        since=since_s,
    )
    return bool(rows[0][0])


def test_a_node_whose_connections_are_killed_recovers_or_exits_1_and_its_job_moves(
    tmp_path: Path, cluster_db: str, site: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cluster_config(tmp_path, cluster_db, site)
    monkeypatch.setenv("PGAPPNAME", "tidings-victim")  # the victim's SQLAlchemy connections
    victim = DaemonProcess(tmp_path)
    monkeypatch.delenv("PGAPPNAME")
    other = DaemonProcess(tmp_path)
    try:
        _, source = _node_mid_crawl(cluster_db, [victim])
        cut_at = time.monotonic()
        names = ["tidings-victim", f"tidings {_host()}:{victim.proc.pid}"]
        killed = _query(
            cluster_db,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = ANY(:names)",
            names=names,
        )
        assert killed and all(row[0] for row in killed)
        wait_until(
            lambda: _ok_runs_after(cluster_db, source, cut_at),
            timeout=STALL_S + 20,
            what=f"{source} crawled again after its node lost its connections",
        )
        if victim.proc.poll() is None:  # it reconnected: still a working node
            victim.wait_for("job.started", count=len(victim.named("job.started")) + 1)
            _stop_within_10_s(victim)
        else:  # it gave up: non-zero, and it said why
            assert victim.proc.returncode != 0
            victim.kill()
            assert any("stopped:" in line for line in victim.raw), victim.raw[-5:]
    finally:
        _stop_within_10_s(*[n for n in (victim, other) if n.proc.poll() is None])
    assert _query(cluster_db, "SELECT count(*) FROM crawl_runs WHERE status = 'running'") == [(0,)]


def _host() -> str:
    import socket

    return socket.gethostname()
