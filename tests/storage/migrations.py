"""Move a test database to a given Alembic revision, up or down, and check it got there."""

from __future__ import annotations

from sqlalchemy import Engine, text


def migrate_to(engine: Engine, revision: str, *, down: bool = False) -> None:
    from alembic import command

    from storage.engine import _alembic_config, write_transaction

    config = _alembic_config()
    with write_transaction(engine) as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == revision


def sqlite_triggers(engine: Engine) -> set[str]:
    """The names of the triggers an SQLite database holds."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        return set(rows.scalars())
