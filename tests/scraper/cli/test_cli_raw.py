"""`tidings query --raw` and `tidings export --raw`, as a user runs them: the stored raw text
beside the clean values, in every format; the default output stays the contract's."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipelines import RawItem, build_pipeline
from storage import ITEM_FIELDS, open_database, write_page
from tests.scraper.cli.test_cli import tidings

NOW = datetime(2026, 4, 2, 8, 30, tzinfo=UTC)
HEADLINES = ["Dredging starts at the north basin", "Night shift at the car terminal",
             "Harbour fees rise from April", "New pilot boat enters service"]  # fmt: skip
RAW_FIELDS = ["title_raw", "summary_raw"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Four cards whose titles carry " | Harbour Ledger", cleaned by the real pipeline."""
    url = f"sqlite:///{tmp_path / 'raw.db'}"
    cards = [
        RawItem(f"{h} | Harbour Ledger", f"https://ledger.test/{n}", f"Teaser {n} […]")
        for n, h in enumerate(HEADLINES)
    ]
    items = build_pipeline().process(cards, source="ledger").items
    engine = open_database(url)
    write_page(engine, source="ledger", items=items, now=NOW)
    engine.dispose()
    return url


def _query(db: str, tmp_path: Path, *args: str) -> str:
    done = tidings("--db", db, "query", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_query_raw_json(db: str, tmp_path: Path) -> None:
    rows = json.loads(_query(db, tmp_path, "--raw", "--format", "json"))
    assert len(rows) == 4
    assert all(list(row) == [*ITEM_FIELDS, *RAW_FIELDS] for row in rows)
    assert {row["title"] for row in rows} == set(HEADLINES)
    assert {row["title_raw"] for row in rows} == {f"{h} | Harbour Ledger" for h in HEADLINES}
    assert all(row["summary_raw"].endswith("[…]") for row in rows)
    assert not any(row["summary"].endswith("[…]") for row in rows)


def test_query_raw_csv_and_table(db: str, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_query(db, tmp_path, "--raw", "--format", "csv"))))
    assert list(rows[0]) == [*ITEM_FIELDS, *RAW_FIELDS]
    table = _query(db, tmp_path, "--raw")
    assert "title_raw" in table and "| Harbour Ledger" in table


def test_query_without_raw_keeps_the_contract(db: str, tmp_path: Path) -> None:
    rows = json.loads(_query(db, tmp_path, "--format", "json"))
    assert all(list(row) == list(ITEM_FIELDS) for row in rows)
    assert "Harbour Ledger" not in _query(db, tmp_path)


def test_collapse_raw(db: str, tmp_path: Path) -> None:
    rows = json.loads(_query(db, tmp_path, "--collapse", "--raw", "--format", "json"))
    assert {row["title_raw"] for row in rows} == {f"{h} | Harbour Ledger" for h in HEADLINES}


def test_export_raw(db: str, tmp_path: Path) -> None:
    done = tidings("--db", db, "export", "--raw", "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == [*ITEM_FIELDS, *RAW_FIELDS]
    assert {row["title_raw"] for row in rows} == {f"{h} | Harbour Ledger" for h in HEADLINES}
    plain = tidings("--db", db, "export", "--format", "jsonl", cwd=tmp_path)
    assert all(list(json.loads(line)) == list(ITEM_FIELDS) for line in plain.stdout.splitlines())
