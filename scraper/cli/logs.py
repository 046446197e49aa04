"""One log event per line: `WARNING source.failed source=acme error="..."`.

Modules log a fixed event name with typed fields in `extra`; this formatter appends those
fields as key=value pairs, so logs stay greppable and never need an f-string message.
"""

from __future__ import annotations

import logging

__all__ = ["KeyValueFormatter"]

_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class KeyValueFormatter(logging.Formatter):
    """`LEVEL event key=value ...`; values with spaces are quoted."""

    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(
            f"{key}={_quote(value)}"
            for key, value in record.__dict__.items()
            if key not in _STANDARD and not key.startswith("_")
        )
        line = f"{record.levelname} {record.getMessage()}"
        if fields:
            line = f"{line} {fields}"
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line


def _quote(value: object) -> str:
    text = str(value)
    return f'"{text}"' if (" " in text or not text) else text
