"""One log event per line: `WARNING source.failed source=acme error="..."` on a terminal, and
one JSON object per line when stderr is not one (journald, a file, a log shipper):
`{"ts": "...", "level": "WARNING", "event": "source.failed", "source": "acme", ...}`.

Modules log a fixed event name with typed fields in `extra`; the formatters append those
fields, so logs stay greppable and never need an f-string message.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

__all__ = ["JsonFormatter", "KeyValueFormatter"]

_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def _fields(record: logging.LogRecord) -> dict[str, object]:
    fields = {
        key: value
        for key, value in record.__dict__.items()
        if key not in _STANDARD and not key.startswith("_")
    }
    if "source" not in fields and (source := _current_source()) is not None:
        fields = {"source": source, **fields}  # a fetch line: the run it serves names it
    return fields


def _current_source() -> str | None:
    """The source the logging task's crawl serves; None when no crawl was even imported (a
    command that crawls nothing must not pay for importing it here)."""
    if "scraper.crawl" not in sys.modules:
        return None
    from scraper.crawl import CURRENT_SOURCE

    return CURRENT_SOURCE.get()


class JsonFormatter(logging.Formatter):
    """One JSON object per event: time, level, event name, then the event's fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "event": record.getMessage(),
        }
        for key, value in _fields(record).items():
            line.setdefault(key, value)
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class KeyValueFormatter(logging.Formatter):
    """`LEVEL event key=value ...`; values with spaces are quoted."""

    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{key}={_quote(value)}" for key, value in _fields(record).items())
        line = f"{record.levelname} {record.getMessage()}"
        if fields:
            line = f"{line} {fields}"
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line


def _quote(value: object) -> str:
    text = str(value)
    return f'"{text}"' if (" " in text or not text) else text
