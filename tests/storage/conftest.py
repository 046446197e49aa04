"""Fixtures for the storage tests: a migrated database per test, on SQLite and PostgreSQL.

The per-backend URLs (`sqlite_url`, `pg_url`, `database_url`) come from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Engine

from pipelines import Item, with_content_hash
from storage import open_database

MakeItem = Callable[..., Item]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database on each backend."""
    engine = open_database(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_item() -> MakeItem:
    """Build an `Item` for source "acme" by slug, hashed as the pipeline would hash it."""

    def build(slug: str, **fields: Any) -> Item:
        item = Item(
            url=f"https://acme.test/news/{slug}",
            title=f"Story {slug}",
            source="acme",
            summary=f"What happened in {slug}.",
        )
        return with_content_hash(replace(item, **fields))

    return build
