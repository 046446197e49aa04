"""The search page at `/`: a form, the results and "newer"/"older" links, rendered on the
server by Jinja2 with autoescaping (no script, no build step).

Everything shown is escaped by the template engine, stored text included: a title holding
`<script>` is shown as those characters. Only http(s) URLs become links, so a stored
`javascript:` URL cannot run either. The source and category lists are read at most once a
minute: on a large database a DISTINCT walks a whole index.
"""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

from scraper.api.params import (
    CategoryParam,
    CursorParam,
    SinceParam,
    SourceParam,
    TextParam,
    UntilParam,
    item_filter,
)
from scraper.api.routes import engine_of

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from storage import Hit, ItemPage

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
FACETS_TTL_S = 60.0
_HERE = Path(__file__).resolve().parent
SORT_LABELS = {"": "Best match / newest", "newest": "Newest", "oldest": "Oldest"}


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: TextParam = None,
    source: SourceParam = None,
    category: CategoryParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
    sort: Annotated[str | None, Query(max_length=20)] = None,  # "" from the form: the default
    cursor: CursorParam = None,
) -> HTMLResponse:
    """The search form and one page of results."""
    from storage import find_items

    given = {
        "q": q,
        "source": source,
        "category": category,
        "since": since,
        "until": until,
        "sort": sort,
    }
    form = {name: (value or "").strip() for name, value in given.items()}
    engine = engine_of(request)
    error, page = None, None
    try:
        flt = item_filter(**{**form, "sort": form["sort"] or None}, limit=PAGE_SIZE)
        page = find_items(engine, flt, cursor=cursor or None)
    except HTTPException as exc:
        error = str(exc.detail)
    except ValueError as exc:
        error = str(exc)
    sources, categories = _facets(request.app.state, engine)
    html = _template().render(
        form=form,
        sources=sources,
        sorts=SORT_LABELS,
        categories=categories,
        error=error,
        results=[_result(hit) for hit in page.hits] if page else [],
        links=_links(form, page),
        searched=any(form.values()),
    )
    return HTMLResponse(html, status_code=400 if error else 200)


@router.get("/static/search.css")
def stylesheet() -> Response:
    """The page's only stylesheet (the CSP allows no inline style)."""
    return Response(
        _css(), media_type="text/css", headers={"cache-control": "public, max-age=3600"}
    )


@router.get("/favicon.ico")
def favicon() -> Response:
    """No icon: browsers ask anyway, and a 404 would show as an error in their console."""
    return Response(status_code=204, headers={"cache-control": "public, max-age=86400"})


def _result(hit: Hit) -> dict[str, object]:
    item = hit.item
    scheme = urlsplit(item.url).scheme.lower()
    return {
        "url": item.url if scheme in ("http", "https") else None,
        "title": hit.title or ((item.title, False),),
        "source": item.source,
        "category": item.category,
        "date": (item.published or "")[:10] or None,
        "snippet": hit.snippet or (((item.summary or ""), False),),
    }


def _links(form: dict[str, str], page: ItemPage | None) -> dict[str, str | None]:
    sort = form["sort"] or ("relevance" if form["q"] else "newest")
    names = {"newest": ("Newer", "Older"), "oldest": ("Older", "Newer")}.get(
        sort, ("Previous", "Next")
    )
    kept = {name: value for name, value in form.items() if value}

    def link(cursor: str | None) -> str | None:
        return None if cursor is None else "?" + urlencode({**kept, "cursor": cursor})

    return {
        "prev_label": names[0],
        "next_label": names[1],
        "prev": link(page.prev_cursor) if page else None,
        "next": link(page.next_cursor) if page else None,
    }


class _Facets:
    """The source and category lists, read again after FACETS_TTL_S."""

    def __init__(self) -> None:
        self.lock = Lock()
        self.read_at = float("-inf")
        self.values: tuple[list[str], list[str]] = ([], [])


def _facets(state: object, engine: Engine) -> tuple[list[str], list[str]]:
    from storage import facet_values

    facets: _Facets | None = getattr(state, "facets", None)
    if facets is None:
        facets = _Facets()
        setattr(state, "facets", facets)  # noqa: B010 (Starlette's State takes attributes)
    with facets.lock:
        if time.monotonic() - facets.read_at > FACETS_TTL_S:
            facets.values = facet_values(engine)
            facets.read_at = time.monotonic()
        return facets.values


@cache
def _template() -> Template:
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("search.html")


@cache
def _css() -> str:
    return (_HERE / "static" / "search.css").read_text(encoding="utf-8")
