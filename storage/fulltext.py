"""The full-text parts of a read, per backend: which items match, their relevance, snippets.

SQLite searches `items_fts` (FTS5): `items_fts MATCH ?`, ranked by `bm25` with the title
weighing 4 times the summary. PostgreSQL searches `items.search` (tsvector, title weight A and
summary B): `search @@ query`, ranked by `ts_rank`, negated so that on both backends a lower
score is a better match. There the query is built from one bound parameter per term:
`phraseto_tsquery('simple', term)` parses a word or phrase exactly as the stored text was
parsed, a prefix is `to_tsquery` of quoted lexemes ending `:*`, and terms combine with
`tsquery_and` / `tsquery_not` (the functions behind `&&` and `!!`). SQLite gets the whole
MATCH expression, rebuilt by `storage.search` from quoted words, as one bound parameter.

Snippets are made for the rows of one page only (FTS5 `snippet`, PostgreSQL `ts_headline`),
after the page is chosen: computed in the ranking query, they would be made for every match.
A snippet comes from the summary, or from the title of an item without one; the title comes
back whole, its matches marked too.
A snippet comes back as parts, `(text, is_match)`, so each edge renders matches its own way
(bold in a terminal, <mark> in HTML) and none has to parse markup. The markers used on the way
are control characters, which the normalize stage strips from stored text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Connection,
    Double,
    Float,
    FromClause,
    Integer,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.exc import DBAPIError

from storage.models import FTS_TABLE, SEARCH_COLUMN, SEARCH_CONFIG, items_table
from storage.search import SearchQuery, Term

__all__ = [
    "Marked",
    "Ranking",
    "Snippet",
    "match_condition",
    "ranking",
    "snippet_text",
    "snippets",
]

Snippet = tuple[tuple[str, bool], ...]
TITLE_WEIGHT, SUMMARY_WEIGHT = 4.0, 1.0
SNIPPET_WORDS = 24
_OPEN, _CLOSE, _ELLIPSIS = "\x02", "\x03", "…"
_TITLE_COLUMN, _SUMMARY_COLUMN = 0, 1  # in items_fts
_ITEMS = items_table
_FTS = table(FTS_TABLE, column("rowid", Integer))
_FTS_DOCUMENT: ColumnElement[object] = literal_column(
    FTS_TABLE
)  # FTS5's hidden column named after its table
_SEARCH: ColumnElement[object] = literal_column(f"{items_table.name}.{SEARCH_COLUMN}")
_CONFIG: ColumnElement[object] = literal_column(f"'{SEARCH_CONFIG}'::regconfig")
_FTS5_SNIPPET_SQL = (
    f"SELECT highlight({FTS_TABLE}, {_TITLE_COLUMN}, '{_OPEN}', '{_CLOSE}'), "
    f"snippet({FTS_TABLE}, {_SUMMARY_COLUMN}, '{_OPEN}', '{_CLOSE}', '{_ELLIPSIS}', "
    f"{SNIPPET_WORDS}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? AND rowid = ?"
)
_HIGHLIGHT_ALL = f'StartSel="{_OPEN}", StopSel="{_CLOSE}", HighlightAll=true'
_HEADLINE = (
    f'StartSel="{_OPEN}", StopSel="{_CLOSE}", MaxWords={SNIPPET_WORDS}, MinWords=8, '
    f'ShortWord=1, MaxFragments=2, FragmentDelimiter=" {_ELLIPSIS} "'
)


@dataclass(frozen=True, slots=True)
class Ranking:
    """What a relevance-ordered read selects from, its score (lower is better), its match
    condition, and the item id column."""

    source: FromClause
    score: ColumnElement[float]
    matches: ColumnElement[bool]
    id: ColumnElement[int]


def match_condition(dialect: str, query: SearchQuery) -> ColumnElement[bool]:
    """A WHERE condition on `items`: the row matches `query`."""
    if dialect == "sqlite":
        ids = select(_FTS.c.rowid).where(_fts_match(query))
        return _ITEMS.c.id.in_(ids)
    return _SEARCH.op("@@")(_tsquery(query))


def ranking(dialect: str, query: SearchQuery, *, join_items: bool) -> Ranking:
    """The FROM, score, match condition and id of a read ordered by relevance. On SQLite the
    FTS table alone answers when nothing filters on `items` (`join_items` False): a common
    word matches most rows, and looking each up in `items` cost more than ranking it."""
    if dialect == "sqlite":
        bm25 = func.bm25(_FTS_DOCUMENT, TITLE_WEIGHT, SUMMARY_WEIGHT, type_=Float)
        if not join_items:
            return Ranking(_FTS, bm25, _fts_match(query), _FTS.c.rowid)
        source = _FTS.join(_ITEMS, _ITEMS.c.id == _FTS.c.rowid)
        return Ranking(source, bm25, _fts_match(query), _ITEMS.c.id)
    tsquery = _tsquery(query)
    # float8: ts_rank's float4 comes back as its shortest decimal, which is not the same number
    # once parsed as a double, and a cursor holding it would never equal the row again.
    rank = -cast(func.ts_rank(_SEARCH, tsquery), Double)
    return Ranking(_ITEMS, rank, _SEARCH.op("@@")(tsquery), _ITEMS.c.id)


@dataclass(frozen=True, slots=True)
class Marked:
    """A hit's title with every match marked, and its snippet."""

    title: Snippet
    snippet: Snippet


def snippets(conn: Connection, query: SearchQuery, ids: Sequence[int]) -> dict[int, Marked]:
    """The marked title and the snippet of each of `ids` (a page's rows)."""
    if not ids:
        return {}
    if conn.dialect.name == "sqlite":
        return _fts5_snippets(conn, query, ids)
    tsquery = _tsquery(query)
    title = func.ts_headline(_CONFIG, _ITEMS.c.title, tsquery, _HIGHLIGHT_ALL)
    summary = func.ts_headline(_CONFIG, _ITEMS.c.summary, tsquery, _HEADLINE)
    stmt = select(_ITEMS.c.id, title, summary).where(_ITEMS.c.id.in_(ids))
    return {row[0]: _marked(row[1], row[2]) for row in conn.execute(stmt)}


def _fts5_snippets(conn: Connection, query: SearchQuery, ids: Sequence[int]) -> dict[int, Marked]:
    """One lookup per row, on the driver's own connection: FTS5 seeks `MATCH ? AND rowid = ?`
    directly, where `rowid IN (...)` walked every match of the query (measured: 13 ms against
    0.7 ms for 20 rows of a word in 10% of a million items), and SQLAlchemy's execution
    context cost more than each lookup (as for the writer, `storage.write.sqlite`)."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    found = {}
    try:
        for row_id in ids:
            row = cursor.execute(_FTS5_SNIPPET_SQL, (query.fts5(), row_id)).fetchone()
            if row is not None:
                found[row_id] = _marked(row[0], row[1])
    except sqlite3.Error as exc:  # as SQLAlchemy would raise it, for callers' one seam
        raise DBAPIError.instance(_FTS5_SNIPPET_SQL, None, exc, sqlite3.Error) from exc
    finally:
        cursor.close()
    return found


def _marked(title: str | None, summary: str | None) -> Marked:
    return Marked(title=_parts(title), snippet=_parts(summary or title))


def snippet_text(snippet: Snippet) -> str:
    """The snippet as plain text, matches unmarked (JSON, CSV)."""
    return "".join(text for text, _ in snippet)


def _fts_match(query: SearchQuery) -> ColumnElement[bool]:
    return _FTS_DOCUMENT.op("MATCH")(bindparam("fts_query", query.fts5()))


def _tsquery(query: SearchQuery) -> ColumnElement[object]:
    must: ColumnElement[object] | None = None
    for term in query.terms:
        part = _tsquery_term(term)
        if term.negated:
            part = func.tsquery_not(part)
        must = part if must is None else func.tsquery_and(must, part)
    assert must is not None  # a SearchQuery has at least one term
    return must


def _tsquery_term(term: Term) -> ColumnElement[object]:
    if term.prefix:
        return func.to_tsquery(_CONFIG, bindparam(None, term.lexemes()))
    return func.phraseto_tsquery(_CONFIG, bindparam(None, term.text))


def _parts(marked: str | None) -> Snippet:
    """Split FTS5's or ts_headline's marked text into (text, is_match) parts."""
    parts: list[tuple[str, bool]] = []
    for index, chunk in enumerate((marked or "").split(_OPEN)):
        hit, _, rest = chunk.partition(_CLOSE) if index else ("", "", chunk)
        if hit:
            parts.append((hit, True))
        if rest:
            parts.append((rest, False))
    return tuple(parts)
