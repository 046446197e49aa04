"""Fixtures every test folder shares: the demo site on 127.0.0.1, and a database per test.

SQLite is a real file in `tmp_path`. PostgreSQL is the real server named by TIDINGS_TEST_PG_URL;
each test gets its own schema (random name, dropped afterwards), reached through `search_path`,
so parallel or repeated runs never see each other's rows. Without a server the PostgreSQL cases
skip with the reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from scraper.demo import DemoServer

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture
def demo_site() -> Iterator[DemoServer]:
    """The bundled demo site on an ephemeral loopback port, with its request log."""
    with DemoServer("127.0.0.1", 0) as server:
        yield server


def _pg_base_url() -> str:
    return os.environ.get("TIDINGS_TEST_PG_URL", DEFAULT_PG_URL)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An autocommit engine on the test server, or a skip (a failure under CI=true)."""
    admin = create_engine(_pg_base_url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        admin.dispose()
        reason = f"PostgreSQL at {make_url(_pg_base_url())!r} is unreachable: {exc.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true requires the PostgreSQL tests to run; {reason}")
        pytest.skip(reason)
    yield admin
    admin.dispose()


@pytest.fixture
def pg_url(pg_admin: Engine) -> Iterator[str]:
    """A URL whose connections land in a fresh, private schema (dropped after the test)."""
    schema = f"tidings_test_{uuid.uuid4().hex[:12]}"
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(_pg_base_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with pg_admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tidings.db'}"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database on each backend (not migrated yet)."""
    name = "pg_url" if request.param == "postgresql" else "sqlite_url"
    url: str = request.getfixturevalue(name)
    return url
