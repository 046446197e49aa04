"""Keep each source's site-name evidence (`pipelines.AffixEvidence`) between runs.

The pipeline learns it, page by page, from the titles it cleans; the crawl reads it here at a
run's start and hands it down, and gives back what the run learned at its end. One row per
source, the evidence as a JSON object (a few kilobytes at most: `pipelines.siteaffix` bounds
it). A row that does not read as evidence (hand-edited, or from a later version) counts as
none: the source learns afresh rather than failing its run.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import cast

from sqlalchemy import Engine, select

from pipelines import AffixEvidence
from storage.engine import dialect_insert, write_transaction
from storage.models import site_affixes_table

__all__ = ["load_site_affixes", "save_site_affixes"]

_TABLE = site_affixes_table


def load_site_affixes(engine: Engine, source: str) -> AffixEvidence:
    """The evidence `source`'s earlier runs left; empty if none (never crawled, unreadable)."""
    with engine.connect() as conn:
        stored = conn.execute(select(_TABLE.c.evidence).where(_TABLE.c.source == source)).scalar()
    return (None if stored is None else _evidence(stored)) or AffixEvidence()


def save_site_affixes(
    engine: Engine, source: str, evidence: AffixEvidence, *, now: datetime
) -> None:
    """Upsert `source`'s evidence."""
    values = {"source": source, "evidence": _json(evidence), "updated_at": now}
    with write_transaction(engine) as conn:
        stmt = dialect_insert(conn, _TABLE).values(values)
        fresh = {"evidence": stmt.excluded.evidence, "updated_at": stmt.excluded.updated_at}
        conn.execute(stmt.on_conflict_do_update(index_elements=[_TABLE.c.source], set_=fresh))


def _json(evidence: AffixEvidence) -> str:
    return json.dumps(
        {
            "titles": evidence.titles,
            "suffixes": evidence.suffixes,
            "prefixes": evidence.prefixes,
            "seen": evidence.seen,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _evidence(stored: str) -> AffixEvidence | None:
    try:
        data = json.loads(stored)
        return AffixEvidence(
            titles=int(data["titles"]),
            suffixes=_counts(data["suffixes"]),
            prefixes=_counts(data["prefixes"]),
            seen=tuple(int(mark) for mark in data["seen"]),
        )
    except (ValueError, TypeError, KeyError):
        return None


def _counts(pairs: object) -> tuple[tuple[str, int], ...]:
    rows = cast(list[list[object]], pairs)
    return tuple((str(text), int(cast(int, count))) for text, count in rows)
