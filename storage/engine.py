"""Build the engine at the edge, and bring its schema to the current Alembic head.

SQLite gets the settings a crawler writing while `tidings query` reads needs: WAL (readers
never block the writer), `busy_timeout` 30 s (a second writer waits instead of failing), and
`synchronous=NORMAL` (durable at each checkpoint, which WAL makes safe). pysqlite's own
transaction handling is switched off and we emit `BEGIN` ourselves, so DDL is transactional
(a failed migration rolls back) and a write transaction can ask for `BEGIN IMMEDIATE`: the
write lock is taken up front, where `busy_timeout` applies, instead of on a later statement.

Migrations ship inside the package (`storage/migrations`) and run from code: no alembic.ini.
Alembic itself is imported only when a database is behind (its import costs 11 MB of RSS and
0.2-0.5 s, measured with `python -X importtime`): a current one is recognised by
`HEAD_REVISION`, and a database with no tables at all gets the models' `create_all` plus an
`alembic_version` row for `HEAD_REVISION` (Alembic's "create_all, then stamp" recipe; a test
holds the two schemas equal on both backends). A database at an older revision, or holding
other tables, goes through Alembic.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_engine,
    event,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from storage.jobqueue import apply_job_queue_schema
from storage.models import metadata

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.pool import ConnectionPoolEntry

__all__ = [
    "dialect_insert",
    "make_engine",
    "make_read_only",
    "open_database",
    "upgrade",
    "write_transaction",
]

SQLITE_BUSY_TIMEOUT_MS = 30_000
# SQLite's own page cache per connection (default 2 MiB). Writes find rows by the unique URL,
# and the OS caches the file anyway: 512 KiB ingested 200k items as fast as 2 MiB
# (benchmarks/scale.py, 6.8k items/s both) and took 2 MB off a crawl's peak RSS.
SQLITE_CACHE_KIB = 512
_WAL_RETRY_S = 0.01
_MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
# The newest revision in migrations/versions; a test holds it equal to Alembic's head.
HEAD_REVISION = "0010"
_BEGIN_MODE = "tidings_sqlite_begin"  # execution option read by _begin_sqlite
_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE"})
# Any constant will do; it only has to be the same for every tidings process (pg_advisory_lock).
_MIGRATION_LOCK_KEY = 0x7469_6469_6E67  # "tiding"
_BACKENDS = frozenset({"sqlite", "postgresql"})
# Alembic's own version table (`DefaultImpl.version_table_impl`), for the stamp we write.
_VERSION_TABLE = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def make_engine(url: str) -> Engine:
    """An engine for `url` (SQLite, or PostgreSQL via psycopg), tuned as the module says.

    A bare `postgresql://` URL means psycopg 3. Raises `sqlalchemy.exc.ArgumentError` for a
    URL that is neither backend.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in _BACKENDS:
        raise ArgumentError(f"unsupported database backend {backend!r}; use sqlite or postgresql")
    if backend == "sqlite":
        _create_parent_dir(parsed)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    if parsed.drivername == "postgresql":  # SQLAlchemy's default driver would be psycopg2
        parsed = parsed.set(drivername="postgresql+psycopg")
    # pre_ping: the daemon holds connections for hours, across server restarts.
    return create_engine(parsed, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Apply every pending migration; a no-op (one read, no lock) when already at head. A
    database with no tables gets the head schema directly (see the module docstring).

    Safe for several processes starting at once: PostgreSQL serializes them on an advisory
    lock, SQLite on `BEGIN IMMEDIATE`; the second then finds the schema current.
    """
    revisions = _stored_revisions(engine)
    if revisions == {HEAD_REVISION}:
        return
    if not revisions and _created_at_head(engine):
        return
    _migrate(engine)


def _created_at_head(engine: Engine) -> bool:
    """Create the schema at head if the database has no tables at all; True if it is at head
    now (created here, or by a process that held the lock before us)."""
    with write_transaction(engine) as conn:
        _lock_migrations(conn)
        tables = inspect(conn).get_table_names()
        if tables:
            return _VERSION_TABLE.name in tables and _revisions(conn) == {HEAD_REVISION}
        metadata.create_all(conn, checkfirst=False)
        apply_job_queue_schema(conn)
        _VERSION_TABLE.create(conn)
        conn.execute(_VERSION_TABLE.insert().values(version_num=HEAD_REVISION))
    return True


def _migrate(engine: Engine) -> None:
    """Bring the schema to Alembic's head by running the pending revisions."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = _alembic_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as conn:
        if set(MigrationContext.configure(conn).get_current_heads()) == heads:
            return
    with write_transaction(engine) as conn:
        _lock_migrations(conn)
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_database(url: str) -> Engine:
    """`make_engine` plus `upgrade`: the schema is applied on first use."""
    engine = make_engine(url)
    upgrade(engine)
    return engine


def make_read_only(engine: Engine) -> None:
    """From now on every connection of `engine` refuses to write (SQLite `query_only`,
    PostgreSQL `default_transaction_read_only`): a server that only reads cannot write by
    mistake. The pool is emptied first, so no connection made before is handed out again."""
    engine.dispose()
    event.listen(engine, "connect", _refuse_writes)


def _refuse_writes(dbapi_conn: object, _record: ConnectionPoolEntry) -> None:
    is_sqlite = isinstance(dbapi_conn, sqlite3.Connection)
    statement = "PRAGMA query_only = ON" if is_sqlite else "SET default_transaction_read_only = on"
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    try:
        cursor.execute(statement)
    finally:
        cursor.close()
    if not is_sqlite:
        dbapi_conn.commit()  # type: ignore[attr-defined]


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction that will write: committed on success, rolled back on error.

    On SQLite it starts with `BEGIN IMMEDIATE` (see the module docstring).
    """
    with engine.connect() as conn:
        conn.execution_options(**{_BEGIN_MODE: "IMMEDIATE"})
        with conn.begin():
            yield conn


def dialect_insert(conn: Connection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which has ON CONFLICT; make_engine admits no other backend.

    Imported here: an SQLite crawl need not load the PostgreSQL dialect, nor the reverse.
    """
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def _lock_migrations(conn: Connection) -> None:
    """Serialize schema changes across processes: PostgreSQL waits on an advisory lock held
    until the transaction ends; SQLite already holds its write lock (`BEGIN IMMEDIATE`)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})


def _stored_revisions(engine: Engine) -> set[str]:
    """What alembic_version says (empty for a new database); the table Alembic's own check reads."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(_VERSION_TABLE.name):
            return set()
        return _revisions(conn)


def _revisions(conn: Connection) -> set[str]:
    return set(conn.execute(select(_VERSION_TABLE.c.version_num)).scalars())


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    # ConfigParser interpolation: a literal "%" in the install path must be doubled.
    config.set_main_option("script_location", str(_MIGRATIONS_DIR).replace("%", "%%"))
    return config


def _create_parent_dir(url: URL) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    dbapi_conn.isolation_level = None  # pysqlite emits no BEGIN/COMMIT of its own now
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        _enable_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    finally:
        cursor.close()


def _enable_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL, retrying while another process switches it at the same moment.

    Two connections that both read the header and then both want the exclusive lock for the
    switch would deadlock, so SQLite answers one of them "database is locked" at once, without
    its busy timeout. Its read lock is gone with the failed statement: a retry succeeds (and
    finds WAL already on). Any other error, or still locked after the busy timeout, raises.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(_WAL_RETRY_S)


def _begin_sqlite(conn: Connection) -> None:
    mode = conn.get_execution_options().get(_BEGIN_MODE, "DEFERRED")
    if mode not in _BEGIN_MODES:
        raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
    conn.exec_driver_sql(f"BEGIN {mode}")
