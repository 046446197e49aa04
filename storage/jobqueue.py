"""procrastinate's tables, applied with ours: the job queue that `tidings run` nodes share when
`cluster:` is on. PostgreSQL only (procrastinate is PostgreSQL-only); SQLite gets nothing.

The DDL is procrastinate's own `schema.sql` of the installed version (pinned below 4 in
pyproject.toml), run on the migration's connection: unqualified, so it lands in the first schema
of `search_path`, like our tables. One command (`tidings db upgrade`, or any first use) thus
prepares a database for a cluster. procrastinate's later schema changes ship as SQL migration
files; a new Alembic revision applies them when we raise the pin.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect

__all__ = ["JOB_QUEUE_TABLE", "apply_job_queue_schema", "drop_job_queue_schema"]

JOB_QUEUE_TABLE = "procrastinate_jobs"
_TABLES = (
    "procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, procrastinate_workers"
)
# procrastinate's types and functions in the current schema (the tables go first, by name).
_LEFT_OVER = (
    "SELECT 'TYPE IF EXISTS ' || format('%%I', t.typname) FROM pg_type t "
    "JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE starts_with(t.typname, 'procrastinate') AND t.typtype IN ('c', 'e') "
    "AND n.nspname = current_schema() "
    "UNION ALL SELECT 'FUNCTION IF EXISTS ' || p.oid::regprocedure::text FROM pg_proc p "
    "JOIN pg_namespace n ON n.oid = p.pronamespace "
    "WHERE starts_with(p.proname, 'procrastinate') AND n.nspname = current_schema()"
)


def apply_job_queue_schema(conn: Connection) -> bool:
    """Create procrastinate's tables, types and functions, once, on a PostgreSQL connection;
    whether they are there now. Without procrastinate installed (a single node on PostgreSQL
    needs none of it) nothing is created: a cluster node applies them when it starts
    (`storage.ensure_job_queue`)."""
    if conn.dialect.name != "postgresql":
        return False
    if inspect(conn).has_table(JOB_QUEUE_TABLE):
        return True
    try:
        from procrastinate.schema import SchemaManager
    except ImportError:
        return False
    # The raw driver connection: no placeholder parsing, so the SQL's own '%' stay as written.
    conn.connection.driver_connection.execute(SchemaManager.get_schema())  # type: ignore[union-attr]
    return True


def drop_job_queue_schema(conn: Connection) -> None:
    """Undo `apply_job_queue_schema` (the revision's downgrade): tables, types, functions."""
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_TABLES} CASCADE")
    for thing in list(conn.exec_driver_sql(_LEFT_OVER).scalars()):
        conn.exec_driver_sql(f"DROP {thing} CASCADE")
