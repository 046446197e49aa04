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


def test_a_fetch_line_names_the_source_its_run_serves() -> None:
    import contextvars

    from scraper.crawl import CURRENT_SOURCE

    record = logging.makeLogRecord({"msg": "page.fetched", "levelname": "INFO", "created": 0.0})
    record.url = "https://acme.test/news/"

    def inside_a_run() -> str:
        CURRENT_SOURCE.set("acme")
        return JsonFormatter().format(record)

    line = json.loads(contextvars.copy_context().run(inside_a_run))
    assert (line["source"], line["url"]) == ("acme", "https://acme.test/news/")
    assert "source" not in json.loads(JsonFormatter().format(record))  # outside any run
