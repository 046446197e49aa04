"""What a person types into a search box, made into a full-text query that cannot break out.

The syntax, the same in the CLI, the API and the search page:

    harbour tariff        both words, anywhere in the title or summary
    "harbour master"      the phrase: these words, next to each other, in this order
    harb*                 a word starting with "harb" (at least 2 letters before the `*`)
    -ferry  -"late ferry" items with that word (or phrase) are left out

Case does not matter. On SQLite a run of letters and digits is a word and anything else
separates (FTS5's unicode61 tokenizer), so `covid-19` is the phrase "covid 19" and `fish &
chips` two words; PostgreSQL reads each term with the same parser that indexed the text
(`phraseto_tsquery`), so a term matches there as the stored text was split. Nothing the user
types reaches SQL as syntax: on SQLite the MATCH expression is rebuilt from the words, each
quoted, and travels as one bound parameter; on PostgreSQL each term is its own parameter.

A text that cannot be read (an unclosed quote, nothing but exclusions, nothing to search for,
too long) raises ValueError naming what and where: the CLI exits 2 with it, the API answers
400.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MAX_TERMS", "MAX_TEXT_CHARS", "SearchQuery", "Term", "parse_search"]

MAX_TEXT_CHARS = 500
MAX_TERMS = 16
MIN_PREFIX_CHARS = 2  # "a*" would match most of the vocabulary: slow, and no use
_WORD = re.compile(r"[^\W_]+")
_BARE = re.compile(r'[^\s"]+')


@dataclass(frozen=True, slots=True)
class Term:
    """One word or phrase: `text` as typed (no quotes, `-` or `*`), its `words` in order (lower
    case); `prefix`: the last word is a prefix; `negated`: items holding it are excluded."""

    text: str
    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False

    def lexemes(self) -> str:
        """A prefix term for `to_tsquery`: quoted words joined by `<->`, the last one `:*`."""
        quoted = ["'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in self.words]
        return " <-> ".join(quoted) + ":*"


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed search: at least one term that is not negated."""

    text: str
    terms: tuple[Term, ...]

    def fts5(self) -> str:
        """The FTS5 MATCH expression: every word a quoted string, `AND` and `NOT` between."""
        must = " AND ".join(_fts5_term(t) for t in self.terms if not t.negated)
        expression = f"({must})"
        for term in self.terms:
            if term.negated:
                expression = f"({expression} NOT {_fts5_term(term)})"
        return expression


def parse_search(text: str) -> SearchQuery:
    """Read `text` (the syntax in the module docstring). Raises ValueError saying why not."""
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"search text is {len(text)} characters; at most {MAX_TEXT_CHARS}")
    terms: list[Term] = []
    position = 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        term, position = _read_term(text, position)
        if term is not None:
            terms.append(term)
    if len(terms) > MAX_TERMS:
        raise ValueError(f"search has {len(terms)} terms; at most {MAX_TERMS}")
    if not any(not term.negated for term in terms):
        what = "only exclusions" if terms else "no words"
        raise ValueError(f"search {text!r} has {what}: give at least one word to look for")
    return SearchQuery(text=text, terms=tuple(terms))


def _read_term(text: str, start: int) -> tuple[Term | None, int]:
    """The term starting at `start` (None for one holding no word) and where the next starts."""
    negated = text[start] == "-" and start + 1 < len(text) and not text[start + 1].isspace()
    position = start + 1 if negated else start
    if text[position] == '"':
        close = text.find('"', position + 1)
        if close < 0:
            raise ValueError(f"search {text!r}: the quote at column {position + 1} is not closed")
        body, position = text[position + 1 : close], close + 1
        body = body.strip()
        prefix = position < len(text) and text[position] == "*"
        position += 1 if prefix else 0
    else:
        match = _BARE.match(text, position)
        body = match.group() if match else text[position]
        position += len(body)
        prefix = body.endswith("*")
        body = body.rstrip("*")
    words = tuple(word.lower() for word in _WORD.findall(body))
    if not words:
        return None, position
    if prefix and len(words[-1]) < MIN_PREFIX_CHARS:
        raise ValueError(
            f"search {text!r}: a prefix needs at least {MIN_PREFIX_CHARS} letters before the *"
        )
    return Term(text=body, words=words, prefix=prefix, negated=negated), position


def _fts5_term(term: Term) -> str:
    # The words hold letters and digits only; doubling quotes is FTS5's escape, kept as a guard.
    phrase = " ".join(term.words).replace('"', '""')
    return f'"{phrase}"' + ("*" if term.prefix else "")
