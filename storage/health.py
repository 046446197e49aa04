"""What the daemon decided about each source: consecutive failures, backoff, disabling, health,
and the adaptive interval. One row per source name, rewritten after each of its runs.

The decisions themselves are pure functions in `scraper.schedule`; this module only keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, RowMapping, select, update

from storage.engine import dialect_insert, write_transaction
from storage.models import source_state_table

__all__ = [
    "SourceState",
    "enable_source",
    "load_source_state",
    "load_source_states",
    "save_source_state",
]

_STATE = source_state_table
_FIELDS = (
    "failures",
    "failure_weight",
    "retry_at",
    "disabled_reason",
    "health",
    "health_reason",
    "health_since",
    "interval_s",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class SourceState:
    """A source's standing. `retry_at` is the backoff; `disabled_reason` set means disabled."""

    name: str
    failures: int
    failure_weight: float
    retry_at: datetime | None
    disabled_reason: str | None
    health: str
    health_reason: str | None
    health_since: datetime
    interval_s: float | None
    updated_at: datetime

    @property
    def is_disabled(self) -> bool:
        return self.disabled_reason is not None


def load_source_states(engine: Engine) -> dict[str, SourceState]:
    """Every stored state, by source name."""
    with engine.connect() as conn:
        return {r.name: _state(r._mapping) for r in conn.execute(select(_STATE))}


def load_source_state(engine: Engine, name: str) -> SourceState | None:
    """One source's stored state, or None before its first decided run."""
    with engine.connect() as conn:
        row = conn.execute(select(_STATE).where(_STATE.c.name == name)).first()
    return None if row is None else _state(row._mapping)


def save_source_state(engine: Engine, state: SourceState) -> None:
    """Upsert one source's state."""
    values = {"name": state.name, **{f: getattr(state, f) for f in _FIELDS}}
    with write_transaction(engine) as conn:
        stmt = dialect_insert(conn, _STATE).values(values)
        fresh = {f: stmt.excluded[f] for f in _FIELDS}
        conn.execute(stmt.on_conflict_do_update(index_elements=[_STATE.c.name], set_=fresh))


def enable_source(engine: Engine, name: str, *, now: datetime) -> bool:
    """Clear a source's disabling, failures and backoff; False if it has no stored state."""
    stmt = (
        update(_STATE)
        .where(_STATE.c.name == name)
        .values(disabled_reason=None, failures=0, failure_weight=0.0, retry_at=None, updated_at=now)
    )
    with write_transaction(engine) as conn:
        return bool(conn.execute(stmt).rowcount)


def _state(row: RowMapping) -> SourceState:
    return SourceState(name=row["name"], **{f: row[f] for f in _FIELDS})
