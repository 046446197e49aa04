"""`query`, `export` and `stats` as a user runs them: real processes on a SQLite file."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipelines import Item, with_content_hash
from storage import open_database, write_page
from tests.scraper.cli.test_cli import tidings

NOW = datetime(2025, 10, 2, 9, 0, tzinfo=UTC)
SINGAPORE = timezone(timedelta(hours=8))


def _item(slug: str, title: str, summary: str, at: datetime, category: str) -> Item:
    return with_content_hash(
        Item(
            url=f"https://acme.test/news/{slug}",
            title=title,
            source="acme",
            summary=summary,
            published=at.isoformat(),
            published_at=at.astimezone(UTC),
            category=category,
        )
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A database of three stories; the Singapore one is dated 30 September there only."""
    url = f"sqlite:///{tmp_path / 'read.db'}"
    engine = open_database(url)
    items = [
        _item(
            "sg",
            "Harbour master resigns",
            "The harbour master leaves.",
            datetime(2025, 9, 30, 1, 0, tzinfo=SINGAPORE),
            "Ports",
        ),
        _item(
            "tariff",
            "Tariff talks stall",
            "Grain tariffs at the harbour.",
            datetime(2025, 10, 1, 12, 0, tzinfo=UTC),
            "Trade",
        ),
        _item(
            "ferry",
            "Ferry <b>late</b> again",
            "No harbour words here? Harbour!",
            datetime(2025, 10, 2, 6, 0, tzinfo=UTC),
            "Ports",
        ),
    ]
    write_page(engine, source="acme", items=items, now=NOW)
    engine.dispose()
    return url


def _json(done: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


def test_query_ranks_and_snippets(db: str, tmp_path: Path) -> None:
    rows = _json(tidings("--db", db, "query", '"harbour master"', "--format", "json", cwd=tmp_path))
    assert [row["title"] for row in rows] == ["Harbour master resigns"]
    assert rows[0]["snippet"] == "The harbour master leaves."
    table = tidings("--db", db, "query", "harb*", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "Ferry <b>late</b> again" in table.stdout  # stored text, not markup


def test_query_filters_combine(db: str, tmp_path: Path) -> None:
    args = ("--db", db, "query", "--category", "Ports", "--format", "json")
    assert {row["title"] for row in _json(tidings(*args, "harbour", cwd=tmp_path))} == {
        "Harbour master resigns",
        "Ferry <b>late</b> again",
    }
    until = _json(tidings(*args, "harbour", "--until", "2025-09-30", cwd=tmp_path))
    assert [row["title"] for row in until] == ["Harbour master resigns"]  # its own day
    excluded = _json(tidings(*args, "harbour -ferry", "--sort", "newest", cwd=tmp_path))
    assert [row["title"] for row in excluded] == ["Harbour master resigns"]


BAD = {
    "unclosed-quote": (['"harbour'], 2, "the quote at column 1 is not closed"),
    "only-exclusion": (["--", "-harbour"], 2, "has only exclusions"),
    "relevance-without-text": (["--sort", "relevance"], 2, "sort=relevance needs a search"),
    "bad-until": (["--until", "yesterday"], 2, "'yesterday' is neither"),
}


@pytest.mark.parametrize(("args", "code", "message"), BAD.values(), ids=BAD)
def test_bad_queries_exit_2(
    db: str, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    done = tidings("--db", db, "query", *args, cwd=tmp_path)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["query", "export", "stats", "runs"])
def test_read_commands_never_create_a_database(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "nowhere" / "none.db"
    done = tidings("--db", f"sqlite:///{missing}", command, cwd=tmp_path)
    assert done.returncode == 1
    assert f"no database at {missing}" in done.stderr
    assert not missing.parent.exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_export_to_a_file(db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"items.{fmt}"
    done = tidings("--db", db, "export", "--format", fmt, "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 items written" in done.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = json.loads(text)
    assert {row["title"] for row in rows} == {
        "Harbour master resigns",
        "Tariff talks stall",
        "Ferry <b>late</b> again",
    }


def test_export_filters_to_stdout(db: str, tmp_path: Path) -> None:
    done = tidings("--db", db, "export", "tariff*", "--since", "2025-10-01", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["title"] for line in done.stdout.splitlines()] == [
        "Tariff talks stall"
    ]


def test_stats(db: str, tmp_path: Path) -> None:
    doc = json.loads(_stats(db, tmp_path, "--format", "json"))
    assert doc["items"] == 3
    assert doc["categories"][0] == {"category": "Ports", "items": 2}
    assert "per source" in _stats(db, tmp_path)


def _stats(db: str, tmp_path: Path, *args: str) -> str:
    done = tidings("--db", db, "stats", "--days", "3650", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return done.stdout
