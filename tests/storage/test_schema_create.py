"""A new database gets the models' `create_all` plus a stamp, not Alembic: the schema it builds
must be the one the migrations build, on both backends, and nothing may import Alembic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, inspect, text
from sqlalchemy.types import NullType, TypeEngine

import storage.engine
from storage import make_engine, upgrade
from storage.engine import HEAD_REVISION, _migrate
from storage.jobqueue import drop_job_queue_schema
from storage.models import metadata

ROOT = Path(__file__).resolve().parents[2]
Snapshot = dict[str, dict[str, object]]


def _snapshot(engine: Engine) -> Snapshot:
    """Every table as reflected: columns (type, nullability, default), keys, indexes, and the
    stored revision."""
    inspector = inspect(engine)
    dialect = engine.dialect
    tables: Snapshot = {}
    for name in sorted(inspector.get_table_names()):
        tables[name] = {
            "columns": [
                (c["name"], _type_name(c["type"], engine), c["nullable"], c.get("default"))
                for c in inspector.get_columns(name)
            ],
            "primary_key": inspector.get_pk_constraint(name),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), i["unique"])
                for i in inspector.get_indexes(name)
            ),
            "unique": sorted(
                (u["name"], tuple(u["column_names"]))
                for u in inspector.get_unique_constraints(name)
            ),
            "foreign_keys": inspector.get_foreign_keys(name),
        }
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        tables["alembic_version"]["rows"] = versions
        if dialect.name == "sqlite":  # the DDL text itself, byte for byte
            tables["sqlite_master"] = {
                "sql": conn.execute(
                    text("SELECT type, name, sql FROM sqlite_master ORDER BY name")
                ).all()
            }
    return tables


def _type_name(kind: TypeEngine[object], engine: Engine) -> str:
    """The column type as DDL; an FTS5 table's columns have none."""
    return "" if isinstance(kind, NullType) else str(kind.compile(engine.dialect))


def _drop_everything(engine: Engine) -> None:
    with engine.begin() as conn:
        metadata.drop_all(conn)
        drop_job_queue_schema(conn)
        conn.execute(text("DROP TABLE alembic_version"))
    assert inspect(engine).get_table_names() == []


def _no_alembic(engine: Engine) -> None:
    raise AssertionError("a database with no tables must not go through Alembic")


def test_created_schema_equals_migrated(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(database_url)
    try:
        _migrate(engine)
        migrated = _snapshot(engine)
        _drop_everything(engine)
        monkeypatch.setattr(storage.engine, "_migrate", _no_alembic)
        upgrade(engine)
        created = _snapshot(engine)
    finally:
        engine.dispose()
    assert set(migrated) >= {"sources", "items", "crawl_runs", "fetch_state", "alembic_version"}
    fulltext = "items_fts" if engine.dialect.name == "sqlite" else "items"
    assert fulltext in migrated
    assert migrated["alembic_version"]["rows"] == [(HEAD_REVISION,)]
    assert created == migrated


def test_snapshot_sees_a_difference(sqlite_url: str) -> None:
    """The comparison above can fail: one more index is reported."""
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine)
        before = _snapshot(engine)
        with engine.begin() as conn:
            conn.execute(text("CREATE INDEX ix_extra ON fetch_state (etag)"))
        assert _snapshot(engine) != before
    finally:
        engine.dispose()


def test_first_open_does_not_import_alembic(database_url: str) -> None:
    """The point of create_all: a first `tidings` start skips Alembic's import cost."""
    script = (
        "import sys; from storage import open_database; open_database(sys.argv[1]).dispose(); "
        "assert 'alembic' not in sys.modules, 'alembic imported'"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, database_url],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    finally:
        engine.dispose()
    assert versions == [(HEAD_REVISION,)]


def test_database_with_other_tables_goes_through_alembic(database_url: str) -> None:
    """Tables we did not create mean the database is not new: Alembic decides, as before."""
    engine = make_engine(database_url)
    other = Table("other_app", MetaData(), Column("id", Integer(), primary_key=True))
    try:
        other.create(engine)
        calls: list[Engine] = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(storage.engine, "_migrate", calls.append)
            upgrade(engine)
        assert calls == [engine]
        upgrade(engine)
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert tables >= {"other_app", "sources", "items", "crawl_runs", "fetch_state"}
