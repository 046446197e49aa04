"""The benchmarks' own PostgreSQL schemas: only `tidings_bench_*` names, emptied by a build."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine, create_engine, text

from benchmarks.pgschema import fresh_schema, schema_size_mb, schema_url
from storage import open_database

BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.mark.parametrize("name", ["public", "tidings_test_x", 'tidings_bench_x"; DROP'])
def test_a_schema_not_named_for_a_benchmark_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="tidings_bench_"):
        schema_url(BASE, name)


@pytest.mark.postgres
def test_fresh_schema_starts_empty_and_is_where_the_url_writes(pg_admin: Engine) -> None:
    schema = f"tidings_bench_test_{uuid.uuid4().hex[:10]}"
    base = pg_admin.url.render_as_string(hide_password=False)
    try:
        url = fresh_schema(base, schema)
        open_database(url).dispose()  # our tables, in that schema
        assert schema_size_mb(url) > 0
        with pg_admin.connect() as conn:
            tables = conn.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = :s"), {"s": schema}
            ).scalar_one()
        assert tables > 5
        again = fresh_schema(base, schema)
        assert schema_size_mb(again) == 0
        engine = create_engine(again)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_schema()")).scalar_one() == schema
        engine.dispose()
    finally:
        with pg_admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
