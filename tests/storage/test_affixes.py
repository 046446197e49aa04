"""A source's site-name evidence survives between runs: saved and loaded as it was."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select, update

from pipelines import AffixEvidence
from storage import load_site_affixes, save_site_affixes
from storage.models import site_affixes_table

NOW = datetime(2026, 4, 2, 8, 30, tzinfo=UTC)
TITLES = [
    "Dredging starts at the north basin | Harbour Ledger",
    "Night shift added – at the car terminal | Harbour Ledger",
    "Harbour fees rise from April | Harbour Ledger",
    "Ψηφιακά έγγραφα στο τελωνείο | Harbour Ledger",  # not ASCII
]


def test_evidence_round_trips(engine: Engine) -> None:
    evidence = AffixEvidence().add(TITLES)
    save_site_affixes(engine, "ledger", evidence, now=NOW)
    loaded = load_site_affixes(engine, "ledger")
    assert loaded == evidence
    assert loaded.affixes() == (" | Harbour Ledger", None)


def test_a_source_never_seen_has_empty_evidence(engine: Engine) -> None:
    save_site_affixes(engine, "ledger", AffixEvidence().add(TITLES), now=NOW)
    assert load_site_affixes(engine, "other") == AffixEvidence()


def test_saving_again_replaces_the_row(engine: Engine) -> None:
    first = AffixEvidence().add(TITLES[:2])
    save_site_affixes(engine, "ledger", first, now=NOW)
    grown = first.add(TITLES[2:])
    save_site_affixes(engine, "ledger", grown, now=NOW)
    assert load_site_affixes(engine, "ledger") == grown
    with engine.connect() as conn:
        rows = conn.execute(select(site_affixes_table.c.source)).all()
    assert rows == [("ledger",)]


def test_an_unreadable_row_counts_as_none(engine: Engine) -> None:
    save_site_affixes(engine, "ledger", AffixEvidence().add(TITLES), now=NOW)
    with engine.begin() as conn:
        conn.execute(update(site_affixes_table).values(evidence='{"titles": "many"}'))
    assert load_site_affixes(engine, "ledger") == AffixEvidence()
