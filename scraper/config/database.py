"""Which database a command uses: `--db`, then `TIDINGS_DATABASE_URL`, then config, then default.

One function, so `crawl`, `demo`, `run` and `serve` cannot disagree on the order.
"""

from __future__ import annotations

import os

__all__ = ["DATABASE_ENV", "DEFAULT_DATABASE_URL", "database_url"]

DATABASE_ENV = "TIDINGS_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///tidings.db"


def database_url(option: str | None, configured: str | None = None) -> str:
    """The URL in force: the command-line option wins, then the environment, then config.yaml's
    `database:` (None when there is no file), then the SQLite file in the working directory."""
    return option or os.environ.get(DATABASE_ENV) or configured or DEFAULT_DATABASE_URL
