"""Open the database named by `--db` or config, translating failures at the one seam.

A wrong URL is a usage error (exit 2) naming the setting; a refused connection is a
`StorageError` (exit 1). The password never appears in a message.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from scraper.errors import ConfigError, StorageError, translate
from storage import open_database

__all__ = ["open_engine", "open_reader"]


def open_engine(url: str) -> Engine:
    """An engine with migrations applied ("applied on first use")."""
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        raise ConfigError(
            f"{url!r} is not a database URL (e.g. sqlite:///tidings.db)", field="database"
        ) from None
    try:
        return open_database(url)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigError(f"{shown}: {exc}", field="database") from exc
    except SQLAlchemyError as exc:
        raise translate(exc, f"cannot open {shown}") from exc
    except OSError as exc:
        raise translate(exc, f"cannot open {shown}") from exc


def open_reader(url: str) -> Engine:
    """`open_engine` for the commands that only read (query, export, stats, serve): an SQLite
    file that does not exist is an error, never a new empty database."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return open_engine(url)  # its error names the setting
    database = parsed.database or ""
    is_file = parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:")
    if is_file and not database.startswith("file:") and not Path(database).expanduser().is_file():
        raise StorageError(f"no database at {database}")
    return open_engine(url)
