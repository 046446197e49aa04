"""export_items: every selected item, in each format, with the contract's fields exactly."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from pipelines import Item
from storage import ItemFilter, export_items, write_page

NOW = datetime(2025, 3, 14, tzinfo=UTC)
FIELDS = [
    "url", "title", "summary", "published", "published_raw", "category", "source",
    "first_seen", "last_seen", "duplicate_of",
]  # fmt: skip
MakeItem = Callable[..., Item]


@pytest.fixture
def stocked(engine: Engine, make_item: MakeItem) -> Engine:
    items = [
        make_item(f"s{n:04d}", summary=None if n % 3 else f'Line, with "quotes" {n}')
        for n in range(2500)
    ]
    items.append(make_item("quay", title="Quay, reopened", category="Ports"))
    write_page(engine, source="acme", items=items, now=NOW)
    return engine


def _export(engine: Engine, fmt: str, flt: ItemFilter | None = None) -> tuple[int, str, list[int]]:
    out, seen = io.StringIO(), []
    count = export_items(engine, flt or ItemFilter(), fmt, out, progress=seen.append)  # type: ignore[arg-type]
    return count, out.getvalue(), seen


def test_jsonl_has_every_item(stocked: Engine) -> None:
    count, text, seen = _export(stocked, "jsonl")
    rows = [json.loads(line) for line in text.splitlines()]
    assert count == len(rows) == 2501
    assert list(rows[0]) == FIELDS
    assert len({row["url"] for row in rows}) == 2501
    assert seen == [1000, 2000, 2501]


def test_json_is_one_array(stocked: Engine) -> None:
    count, text, _ = _export(stocked, "json")
    assert len(json.loads(text)) == count == 2501


def test_csv_round_trips(stocked: Engine) -> None:
    _, text, _ = _export(stocked, "csv")
    rows = {row["url"].rsplit("/", 1)[1]: row for row in csv.DictReader(io.StringIO(text))}
    assert len(rows) == 2501
    assert rows["s0000"]["summary"] == 'Line, with "quotes" 0'
    assert rows["s0001"]["summary"] == ""
    assert rows["quay"]["title"] == "Quay, reopened"


def test_filters_apply(stocked: Engine) -> None:
    count, text, _ = _export(stocked, "jsonl", ItemFilter(text="quay", category="Ports"))
    assert count == 1
    assert json.loads(text)["title"] == "Quay, reopened"


def test_empty_json_is_an_empty_array(engine: Engine) -> None:
    assert _export(engine, "json")[1] == "[]\n"
