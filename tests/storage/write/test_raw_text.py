"""items.title_raw and items.summary_raw: the card's text as found, kept where cleaning changed
it and NULL where it did not, on new rows and on rewritten ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from pipelines import Item, RawItem, build_pipeline, with_content_hash
from storage import write_page
from storage.models import items_table

NOW = datetime(2026, 4, 2, 8, 30, tzinfo=UTC)
MakeItem = Callable[..., Item]  # the make_item fixture (tests/storage/conftest.py)
HEADLINES = [
    "Dredging starts at the north basin",
    "Night shift added at the car terminal",
    "Harbour fees rise from April",
    "New pilot boat enters service",
]


def _raw_columns(engine: Engine) -> dict[str, tuple[str, str | None, str | None, str | None]]:
    """url -> (title, title_raw, summary, summary_raw) of every stored row."""
    c = items_table.c
    with engine.connect() as conn:
        rows = conn.execute(select(c.url, c.title, c.title_raw, c.summary, c.summary_raw))
        return {url: (title, t_raw, summary, s_raw) for url, title, t_raw, summary, s_raw in rows}


def test_a_learned_site_suffix_keeps_the_raw_title(engine: Engine) -> None:
    titles = [f"{h} | Harbour Ledger" for h in HEADLINES]
    cards = [RawItem(t, f"https://ledger.test/{n}", "Teaser…") for n, t in enumerate(titles)]
    items = build_pipeline().process(cards, source="ledger").items
    write_page(engine, source="ledger", items=items, now=NOW)
    stored = _raw_columns(engine)
    assert [stored[f"https://ledger.test/{n}"] for n in range(len(titles))] == [
        (h, t, "Teaser", "Teaser…") for h, t in zip(HEADLINES, titles, strict=True)
    ]


def test_text_that_needed_no_cleaning_stores_null(engine: Engine) -> None:
    cards = [RawItem(h, f"https://plain.test/{n}", "Quiet day.") for n, h in enumerate(HEADLINES)]
    items = build_pipeline().process(cards, source="plain").items
    assert all(item.title_raw == item.title for item in items)  # the pipeline's side
    write_page(engine, source="plain", items=items, now=NOW)
    assert set(_raw_columns(engine).values()) == {(h, None, "Quiet day.", None) for h in HEADLINES}


def test_an_update_rewrites_the_raw_text(engine: Engine, make_item: MakeItem) -> None:
    first = make_item("ferry", title="Ferry late", title_raw="Ferry late | Ledger")
    write_page(engine, source="acme", items=[first], now=NOW)
    assert _raw_columns(engine)[first.url][:2] == ("Ferry late", "Ferry late | Ledger")
    edited = with_content_hash(
        replace(first, title="Ferry very late", title_raw="Ferry very late", summary_raw="Teaser…")
    )
    counts = write_page(engine, source="acme", items=[edited], now=NOW + timedelta(hours=1))
    assert counts.updated == 1
    assert _raw_columns(engine)[first.url] == (
        "Ferry very late",
        None,
        first.summary,
        "Teaser…",
    )
