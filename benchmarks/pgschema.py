"""A benchmark's own PostgreSQL schema: the same database URL, reached through `search_path`.

Benchmarks run on a server other sessions use, so each one writes into a schema it names and
owns (`tidings_bench_<what>`), made empty before a build and never anyone else's.
"""

from __future__ import annotations

import re

from sqlalchemy import create_engine, make_url, text

__all__ = ["fresh_schema", "is_postgresql", "schema_size_mb", "schema_url"]

_NAME = re.compile(r"tidings_bench_[a-z0-9_]+")


def is_postgresql(url: str) -> bool:
    return url.startswith("postgresql")


def schema_url(base_url: str, schema: str) -> str:
    """`base_url` with every connection's `search_path` set to `schema`."""
    if not _NAME.fullmatch(schema):
        raise ValueError(f"benchmark schemas are named tidings_bench_*, not {schema!r}")
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def fresh_schema(base_url: str, schema: str) -> str:
    """Drop and re-create the benchmark's own `schema`; the URL that writes into it."""
    url = schema_url(base_url, schema)  # checks the name first
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        admin.dispose()
    return url


def schema_size_mb(url: str) -> float:
    """What the tables of `url`'s schema (with their indexes and TOAST) take on disk, MB."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            size = conn.execute(
                text(
                    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return float(size) / 2**20
