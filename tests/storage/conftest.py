"""Fixtures for the storage tests: a migrated database per test, on SQLite and PostgreSQL.

SQLite is a real file in `tmp_path`. PostgreSQL is the real server named by
TIDINGS_TEST_PG_URL; each test gets its own schema (random name, dropped afterwards), reached
through `search_path`, so parallel or repeated runs never see each other's rows. Without a
server the PostgreSQL cases skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from pipelines import Item, with_content_hash
from storage import open_database

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]

MakeItem = Callable[..., Item]


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


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database on each backend."""
    engine = open_database(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_item() -> MakeItem:
    """Build an `Item` for source "acme" by slug, hashed as the pipeline would hash it."""

    def build(slug: str, **fields: object) -> Item:
        item = Item(
            url=f"https://acme.test/news/{slug}",
            title=f"Story {slug}",
            source="acme",
            summary=f"What happened in {slug}.",
        )
        return with_content_hash(replace(item, **fields))

    return build
