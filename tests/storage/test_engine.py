"""Engine settings and migrations: WAL on SQLite, the schema from Alembic equals the models,
upgrade is idempotent and safe when several processes start at once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Column, Engine, MetaData, String, Table, inspect, select, text
from sqlalchemy.exc import ArgumentError, StatementError

from storage import make_engine, open_database, upgrade
from storage.engine import _enable_wal
from storage.models import is_fulltext, metadata
from storage.types import UTCDateTime

TABLES = {"sources", "items", "crawl_runs", "fetch_state"}
HEAD = "0010"
ROOT = Path(__file__).resolve().parents[2]


def _schema_diff(engine: Engine, metadata: MetaData) -> list[object]:
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_object": _include_object}
        context = MigrationContext.configure(conn, opts=opts)
        return list(compare_metadata(context, metadata))


def _include_object(
    _object: object, name: str | None, kind: str, _reflected: bool, _compare_to: object
) -> bool:
    """As migrations/env.py: what the full-text DDL makes is not a model's column, and
    procrastinate's tables are the job queue's (`storage.jobqueue` applies them)."""
    table = _object if kind == "table" else getattr(_object, "table", None)
    if str(getattr(table, "name", "")).startswith("procrastinate_"):
        return False
    return not is_fulltext(name, kind)


def _revision(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def test_migrations_build_exactly_the_models(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert _schema_diff(engine, metadata) == []


def test_schema_comparison_sees_a_difference(engine: Engine) -> None:
    """The check above can fail: a model with one more column is reported."""
    changed = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(changed)
    Table("fetch_state", changed, Column("extra", String()), extend_existing=True)
    diff = _schema_diff(engine, changed)
    assert [d[0] for d in diff if isinstance(d, tuple)] == ["add_column"]


def test_upgrade_is_idempotent(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert _revision(engine) == set()
        upgrade(engine)
        upgrade(engine)
        assert _revision(engine) == {HEAD}
        with engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        assert versions == [(HEAD,)]
        assert _schema_diff(engine, metadata) == []
    finally:
        engine.dispose()


def test_concurrent_first_starts_both_succeed(database_url: str) -> None:
    """Two processes opening one fresh database at once: one migrates, the other waits."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = "import sys; from storage import open_database; open_database(sys.argv[1])"
    starts = [
        subprocess.Popen([sys.executable, "-c", script, database_url], env=env, cwd=ROOT)
        for _ in range(2)
    ]
    # The timeout only keeps a deadlock from hanging the suite; nothing is timed.
    codes = [process.wait(timeout=120) for process in starts]
    engine = make_engine(database_url)
    try:
        assert codes == [0, 0]
        assert _revision(engine) == {HEAD}
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_with_busy_timeout(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    try:
        with engine.connect() as conn:
            pragmas = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "busy_timeout", "synchronous", "cache_size")
            }
    finally:
        engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": 30000,
        "synchronous": 1,
        "cache_size": -512,
    }


def test_sqlite_creates_the_parent_directory(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "deeper" / "tidings.db"
    engine = open_database(f"sqlite:///{path}")
    engine.dispose()
    assert path.is_file()


@pytest.mark.parametrize(
    "url",
    ["mysql+pymysql://user@127.0.0.1/tidings", "oracle://user@127.0.0.1/tidings"],
    ids=["mysql", "oracle"],
)
def test_other_backends_are_refused(url: str) -> None:
    with pytest.raises(ArgumentError, match="unsupported database backend"):
        make_engine(url)


def test_bare_postgresql_url_means_psycopg() -> None:
    engine = make_engine("postgresql://tidings@127.0.0.1:5432/tidings")
    assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")


_STAMPS = Table("stamps", MetaData(), Column("at", UTCDateTime()))


@pytest.fixture(scope="module")
def stamp_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('stamps') / 'stamps.db'}")
    _STAMPS.metadata.create_all(engine)
    return engine


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2200, 1, 1),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=9, minutes=30))]
        ),
    )
)
def test_sqlite_datetimes_round_trip_as_aware_utc(stamp_engine: Engine, moment: datetime) -> None:
    with stamp_engine.begin() as conn:
        conn.execute(_STAMPS.delete())
        conn.execute(_STAMPS.insert(), [{"at": moment}])
        stored = conn.execute(select(_STAMPS.c.at)).scalar_one()
    assert stored == moment
    assert stored.tzinfo is UTC


def test_naive_datetimes_are_refused(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    _STAMPS.metadata.create_all(engine)
    try:
        with pytest.raises(StatementError, match="naive datetime"), engine.begin() as conn:
            conn.execute(_STAMPS.insert(), [{"at": datetime(2025, 1, 1, 12, 0)}])
    finally:
        engine.dispose()


def test_quick_head_check_agrees_with_alembic() -> None:
    """`upgrade` skips importing Alembic when the stored revision is `HEAD_REVISION`."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from storage.engine import _MIGRATIONS_DIR, HEAD_REVISION

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS_DIR))
    assert {HEAD_REVISION} == set(ScriptDirectory.from_config(config).get_heads())


class _SwitchingCursor:
    """A cursor whose WAL switch meets `failures` errors first (one branch, no server)."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = failures
        self.calls = 0

    def execute(self, sql: str) -> None:
        assert sql == "PRAGMA journal_mode=WAL"
        self.calls += 1
        if self.failures:
            raise sqlite3.OperationalError(self.failures.pop(0))


def test_wal_switch_retries_while_another_process_switches_the_same_file() -> None:
    cursor = _SwitchingCursor(["database is locked", "database is locked"])
    _enable_wal(cursor)  # type: ignore[arg-type]
    assert cursor.calls == 3


def test_wal_switch_raises_any_other_error_at_once() -> None:
    cursor = _SwitchingCursor(["disk I/O error"])
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        _enable_wal(cursor)  # type: ignore[arg-type]
    assert cursor.calls == 1
