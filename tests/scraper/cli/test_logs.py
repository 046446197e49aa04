"""Log lines: key=value on a terminal, one JSON object per event otherwise."""

from __future__ import annotations

import json
import logging

from scraper.cli.logs import JsonFormatter, KeyValueFormatter


def _record() -> logging.LogRecord:
    record = logging.makeLogRecord(
        {"msg": "page.stored", "levelname": "INFO", "levelno": logging.INFO, "created": 0.0}
    )
    record.source = "acme"
    record.url = "https://acme.test/news/"
    record.new = 3
    return record


def test_json_lines_carry_the_event_and_its_fields() -> None:
    line = JsonFormatter().format(_record())
    assert "\n" not in line
    assert json.loads(line) == {
        "ts": "1970-01-01T00:00:00.000+00:00",
        "level": "INFO",
        "event": "page.stored",
        "source": "acme",
        "url": "https://acme.test/news/",
        "new": 3,
    }


def test_terminal_lines_are_key_value() -> None:
    line = KeyValueFormatter().format(_record())
    assert line == "INFO page.stored source=acme url=https://acme.test/news/ new=3"
