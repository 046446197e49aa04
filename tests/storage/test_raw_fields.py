"""`raw=True` shows the stored raw text: `title_raw`/`summary_raw` after the contract's fields,
the text as found or, where cleaning changed nothing (stored NULL), the clean value."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from pipelines import Item
from storage import (
    ITEM_FIELDS,
    ItemFilter,
    export_items,
    find_items,
    get_item,
    query_items,
    query_stories,
    write_page,
)

NOW = datetime(2026, 4, 2, 8, 30, tzinfo=UTC)
MakeItem = Callable[..., Item]
RAW = {  # slug -> (title as found, summary as found), as the pipeline left them on the Item
    "suffix": ("Quay 4 reopens | Harbour Ledger", "Cranes are back on Quay 4 […]"),
    "clean": ("Dredging starts", "The north basin gets deeper."),
}


@pytest.fixture
def stocked(engine: Engine, make_item: MakeItem) -> Engine:
    items = [
        make_item(
            "suffix",
            title="Quay 4 reopens",
            summary="Cranes are back on Quay 4",
            title_raw=RAW["suffix"][0],
            summary_raw=RAW["suffix"][1],
        ),
        make_item("clean", title=RAW["clean"][0], summary=RAW["clean"][1],
                  title_raw=RAW["clean"][0], summary_raw=RAW["clean"][1]),
    ]  # fmt: skip
    write_page(engine, source="acme", items=items, now=NOW)
    return engine


def _by_slug(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(row["url"]).rsplit("/", 1)[1]: row for row in rows}


def test_query_adds_the_raw_values_after_the_contract(stocked: Engine) -> None:
    rows = _by_slug([item.to_dict(raw=True) for item in query_items(stocked, ItemFilter())])
    assert list(rows["suffix"]) == [*ITEM_FIELDS, "title_raw", "summary_raw"]
    assert (rows["suffix"]["title"], rows["suffix"]["title_raw"]) == (
        "Quay 4 reopens",
        RAW["suffix"][0],
    )
    assert rows["suffix"]["summary_raw"] == RAW["suffix"][1]
    # stored NULL (nothing to clean): the clean value stands for the raw one
    assert (rows["clean"]["title_raw"], rows["clean"]["summary_raw"]) == RAW["clean"]


def test_without_raw_the_fields_are_the_contract(stocked: Engine) -> None:
    hits = find_items(stocked, ItemFilter()).hits
    assert all(list(hit.item.to_dict()) == list(ITEM_FIELDS) for hit in hits)
    assert all("title_raw" not in hit.to_dict() for hit in hits)
    one = get_item(stocked, hits[0].id)
    assert one is not None and "title_raw" in one.to_dict(raw=True)


def test_collapse_shows_the_first_copys_raw_values(stocked: Engine) -> None:
    stories = [story.to_dict(raw=True) for story in query_stories(stocked, ItemFilter())]
    rows = _by_slug(stories)
    assert rows["suffix"]["title_raw"] == RAW["suffix"][0]
    assert list(rows["suffix"])[-2:] == ["sources", "other_urls"]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_export_raw_in_every_format(stocked: Engine, fmt: str) -> None:
    out = io.StringIO()
    assert export_items(stocked, ItemFilter(), fmt, out, raw=True) == 2  # type: ignore[arg-type]
    text = out.getvalue()
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    elif fmt == "json":
        rows = json.loads(text)
    else:
        rows = [json.loads(line) for line in text.splitlines()]
    by_slug = _by_slug(rows)
    assert list(by_slug["suffix"]) == [*ITEM_FIELDS, "title_raw", "summary_raw"]
    assert (by_slug["suffix"]["title_raw"], by_slug["suffix"]["summary_raw"]) == RAW["suffix"]
    assert (by_slug["clean"]["title_raw"], by_slug["clean"]["summary_raw"]) == RAW["clean"]


def test_export_without_raw_keeps_the_contract_header(stocked: Engine) -> None:
    out = io.StringIO()
    export_items(stocked, ItemFilter(), "csv", out)
    assert out.getvalue().splitlines()[0] == ",".join(ITEM_FIELDS)
