"""The JSON endpoints: each parses its parameters, calls one `storage` function, shapes it."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from sqlalchemy import text

from scraper.api.params import (
    DEFAULT_LIMIT,
    CategoryParam,
    CursorParam,
    LimitParam,
    RawParam,
    SinceParam,
    SortParam,
    SourceParam,
    TextParam,
    UntilParam,
    bad_request,
    item_filter,
)
from scraper.api.schemas import (
    HealthOut,
    ItemOut,
    ItemPageOut,
    Problem,
    RunOut,
    SourceOut,
    StatsOut,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from storage import Hit, RunRecord

__all__ = ["router"]

router = APIRouter()
_MAX_ID = 2**63 - 1
_REFUSED: dict[int | str, dict[str, object]] = {
    400: {"model": Problem, "description": "A parameter it cannot use."}
}


def engine_of(request: Request) -> Engine:
    """The engine `create_app` was given."""
    engine: Engine = request.app.state.engine
    return engine


@router.get(
    "/items", response_model=ItemPageOut, response_model_exclude_unset=True, responses=_REFUSED
)
def list_items(
    request: Request,
    q: TextParam = None,
    source: SourceParam = None,
    category: CategoryParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
    sort: SortParam = None,
    limit: LimitParam = DEFAULT_LIMIT,
    cursor: CursorParam = None,
    raw: RawParam = False,
) -> ItemPageOut:
    """Items, filtered; with `q`, a full-text search ranked by relevance. Keyset pages:
    follow `next_cursor` / `prev_cursor`."""
    from storage import find_items

    flt = item_filter(
        q=q, source=source, category=category, since=since, until=until, sort=sort, limit=limit
    )
    try:
        page = find_items(engine_of(request), flt, cursor=cursor or None)
    except ValueError as exc:  # a cursor we did not make, or made for another sort
        raise bad_request(exc) from exc
    return ItemPageOut(
        items=[item_out(hit, raw=raw) for hit in page.hits],
        next_cursor=page.next_cursor,
        prev_cursor=page.prev_cursor,
    )


@router.get(
    "/items/{item_id}",
    response_model=ItemOut,
    response_model_exclude_unset=True,
    responses={404: {"model": Problem, "description": "No item has this id."}},
)
def read_item(
    request: Request, item_id: Annotated[int, Path(ge=1, le=_MAX_ID)], raw: RawParam = False
) -> ItemOut:
    """One item by its id."""
    from storage import get_item

    hit = get_item(engine_of(request), item_id)
    if hit is None:
        raise HTTPException(status_code=404, detail=f"no item with id {item_id}")
    return item_out(hit, raw=raw)


@router.get("/sources", response_model=list[SourceOut])
def list_sources(request: Request) -> list[SourceOut]:
    """Every source the database knows, its item count and newest run."""
    from storage import list_sources as stored_sources

    return [
        SourceOut(
            name=s.name,
            kind=s.kind,
            urls=list(s.urls),
            interval_s=s.interval_s,
            synced_at=s.synced_at,
            items=s.items,
            last_run=None if s.last_run is None else run_out(s.last_run),
        )
        for s in stored_sources(engine_of(request))
    ]


@router.get("/runs", response_model=list[RunOut])
def list_runs(
    request: Request,
    source: SourceParam = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> list[RunOut]:
    """Crawl runs, newest first."""
    from storage import list_runs as stored_runs

    return [run_out(r) for r in stored_runs(engine_of(request), source=source, limit=limit)]


@router.get("/stats", response_model=StatsOut)
def stats(request: Request, days: Annotated[int, Query(ge=1, le=3660)] = 14) -> StatsOut:
    """Counts per source, category and publication day; crawl health per source."""
    from storage import collection_stats

    return StatsOut.model_validate(collection_stats(engine_of(request), days=days).to_dict())


@router.get(
    "/healthz",
    response_model=HealthOut,
    responses={503: {"model": Problem, "description": "The database does not answer."}},
)
def healthz(request: Request) -> HealthOut:
    """The server is up and its database answers a query."""
    engine = engine_of(request)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return HealthOut(status="ok", database=engine.dialect.name)


def item_out(hit: Hit, *, raw: bool = False) -> ItemOut:
    """The JSON shape of one hit (`raw`: with the text as found)."""
    return ItemOut.model_validate(hit.to_dict(raw=raw))


def run_out(run: RunRecord) -> RunOut:
    return RunOut.model_validate(asdict(run))
