"""Settings: config.yaml's models, how the file is read, its units, and the database in force.

Everything that enters from the file is checked here (pydantic v2, `extra="forbid"`, frozen), so
the layers below receive plain, valid values. A mistake becomes one `ConfigError` whose text is
`config.yaml:14 sources[2].schedule: '15 minutes' is not a duration`, never a pydantic dump.
"""

from __future__ import annotations

from scraper.config.database import DATABASE_ENV, DEFAULT_DATABASE_URL, database_url
from scraper.config.load import DEFAULT_CONFIG_PATH, load_settings, settings_from_dict
from scraper.config.models import (
    DEFAULT_USER_AGENT,
    Alerts,
    Cluster,
    Daemon,
    Defaults,
    Settings,
    SourceSpec,
)
from scraper.config.units import Jitter, parse_duration, parse_jitter, parse_size
from scraper.config.when import parse_when

__all__ = [
    "DATABASE_ENV",
    "DEFAULT_CONFIG_PATH",
    "DEFAULT_DATABASE_URL",
    "DEFAULT_USER_AGENT",
    "Alerts",
    "Cluster",
    "Daemon",
    "Defaults",
    "Jitter",
    "Settings",
    "SourceSpec",
    "database_url",
    "load_settings",
    "parse_duration",
    "parse_jitter",
    "parse_size",
    "parse_when",
    "settings_from_dict",
]
