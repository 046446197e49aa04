"""parse_search: what a person types becomes quoted words, or a ValueError saying why not."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage import parse_search
from storage.search import MAX_TERMS, SearchQuery, Term

PARSED = {
    "words": ("harbour tariff", [Term("harbour", ("harbour",)), Term("tariff", ("tariff",))]),
    "case-folds": ("HARBOUR", [Term("HARBOUR", ("harbour",))]),
    "phrase": ('"harbour master"', [Term("harbour master", ("harbour", "master"))]),
    "prefix": ("harb*", [Term("harb", ("harb",), prefix=True)]),
    "phrase-prefix": ('"harbour mas"*', [Term("harbour mas", ("harbour", "mas"), prefix=True)]),
    "exclusion": (
        "port -ferry",
        [Term("port", ("port",)), Term("ferry", ("ferry",), negated=True)],
    ),
    "excluded-phrase": (
        'port -"late ferry"',
        [Term("port", ("port",)), Term("late ferry", ("late", "ferry"), negated=True)],
    ),
    "hyphenated-word-is-a-phrase": ("covid-19", [Term("covid-19", ("covid", "19"))]),
    "lone-punctuation-is-skipped": (
        "fish & chips",
        [Term("fish", ("fish",)), Term("chips", ("chips",))],
    ),
    "lone-dash-is-skipped": ("port - ferry", [Term("port", ("port",)), Term("ferry", ("ferry",))]),
    "unicode-words": ("Zürich straße", [Term("Zürich", ("zürich",)), Term("straße", ("straße",))]),
}


@pytest.mark.parametrize(("text", "terms"), PARSED.values(), ids=PARSED)
def test_parse(text: str, terms: list[Term]) -> None:
    assert parse_search(text).terms == tuple(terms)


REFUSED = {
    "unclosed-quote": ('port "harbour master', "the quote at column 6 is not closed"),
    "only-exclusions": ("-ferry -port", "has only exclusions"),
    "no-words": ("%%% &", "has no words"),
    "empty": ("", "has no words"),
    "one-letter-prefix": ("h*", "a prefix needs at least 2 letters"),
    "too-long": ("a" * 501, "at most 500"),
    "too-many-terms": (" ".join(f"w{n}" for n in range(MAX_TERMS + 1)), "terms; at most"),
}


@pytest.mark.parametrize(("text", "message"), REFUSED.values(), ids=REFUSED)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_search(text)
    assert message in str(caught.value)


def test_fts5_expression() -> None:
    query = parse_search('port "harbour master" mas* -ferry -"late boat"')
    assert query.fts5() == (
        '((("port" AND "harbour master" AND "mas"*) NOT "ferry") NOT "late boat")'
    )


def test_prefix_lexemes() -> None:
    assert parse_search('"harbour mas"*').terms[0].lexemes() == "'harbour' <-> 'mas':*"


@given(st.text(max_size=80))
def test_any_text_is_a_query_or_a_value_error(text: str) -> None:
    """Whatever is typed, FTS5 accepts the expression built from it (never a syntax error)."""
    try:
        query = parse_search(text)
    except ValueError:
        return
    assert isinstance(query, SearchQuery)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    db.execute("INSERT INTO t VALUES ('harbour master')")
    db.execute("SELECT rowid FROM t WHERE t MATCH ?", (query.fts5(),)).fetchall()
