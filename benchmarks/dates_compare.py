"""Compare tidings' date reader with dateparser and htmldate on the labelled corpus pages.

    .venv/bin/python benchmarks/dates_compare.py [--corpus ../shared/corpus] [--rounds 5]

Every labelled item with a `date_text` is one case; the answer is the label's `date` (its date
part; null when the page shows no absolute date, e.g. "6 hours ago" with no capture time).
Every contender gets the same facts the crawler has: the page's `<html lang>` (read from the
page here) and the page-level date order (`pipelines.page_date_order` over the page's date
texts, with no configured order), and `now` = the label's capture time when it has one.

- tidings: `parse_date(text, date_order=page order, now=label now, language=html lang)`.
- dateparser: `dateparser.parse` with `languages=[html lang]` (auto-detect when the page has
  none), `DATE_ORDER` = page order with `PREFER_LOCALE_DATE_ORDER` off (so the order rule is
  the same), `PREFER_DAY_OF_MONTH="first"`, and `RELATIVE_BASE` = label now; without a label
  now its "relative-time" parser is switched off, just as tidings reads no relative date
  without `now`. A second row lets it auto-detect the language.
- htmldate works on whole documents, and an item's date is one string, so it gets two
  chances: `htmldate.extractors.try_date_expr` (the function `find_date` uses to read one
  date expression; its lru_cache is bypassed so each call does the work), and `find_date` on
  a tiny HTML page holding only the date text (what a caller with only a card could do).
  htmldate has no date-order or relative-base option.

Accuracy = share of cases whose date part equals the label's (None == None counts). µs/call
is the mean over `--rounds` timed passes after one warm-up pass (caches cleared per pass).
Corpus text is read at run time and never written anywhere.

The labelled pages cover few languages and formats, so a second table runs the same readers
on `INVENTED`: our own strings, one or more per language and format this project claims
(month names, CJK, local times, relative dates with a fixed `now`).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dateparser
from htmldate import find_date
from htmldate.extractors import try_date_expr

from pipelines import DateOrder, RawItem, build_pipeline, page_date_order, parse_date

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FIXED_NOW = datetime(2025, 1, 1, 12, tzinfo=UTC)  # used only when a label has no `now`
MIN_DATE, MAX_DATE = datetime(1990, 1, 1), datetime(2035, 12, 31)
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)
_NO_RELATIVE = ["timestamp", "custom-formats", "absolute-time", "no-spaces-time"]


@dataclass(frozen=True, slots=True)
class Case:
    page: str
    text: str
    want: str | None  # "YYYY-MM-DD" or None
    language: str | None
    order: DateOrder
    now: datetime | None


Reader = Callable[[Case], str | None]

INVENTED_NOW = datetime(2024, 5, 16, 14, 37, tzinfo=UTC)
# (text, <html lang>, the date it names); relative ones are read against INVENTED_NOW.
INVENTED: list[tuple[str, str | None, str]] = [
    ("Posted March 7, 2024 at 9:05 PM", "en-US", "2024-03-07"),
    ("07/03/2024", "en-GB", "2024-03-07"),
    ("Di., 07.03.2024, 10.30 Uhr", "de", "2024-03-07"),
    ("7. März 2024", "de", "2024-03-07"),
    ("7 mars 2024 à 14h30", "fr", "2024-03-07"),
    ("jeu. 7 mars 2024", "fr", "2024-03-07"),
    ("7 de marzo de 2024", "es", "2024-03-07"),
    ("7 marzo 2024 alle 10:30", "it", "2024-03-07"),
    ("7 de março de 2024 às 10h15", "pt-BR", "2024-03-07"),
    ("7 maart 2024", "nl", "2024-03-07"),
    ("7 марта 2024 г.", "ru", "2024-03-07"),
    ("7 Μαρτίου 2024", "el", "2024-03-07"),
    ("2024年3月7日", "ja", "2024-03-07"),
    ("2024年03月07日 10:30", "zh-CN", "2024-03-07"),
    ("2024년 3월 7일", "ko", "2024-03-07"),
    ("7 września 2023", "pl", "2023-09-07"),
    ("3 hours ago", "en", "2024-05-16"),
    ("yesterday", "en", "2024-05-15"),
    ("2 days ago", "en", "2024-05-14"),
    ("vor 2 Tagen", "de", "2024-05-14"),
    ("gestern, 18:45 Uhr", "de", "2024-05-15"),
    ("il y a 3 heures", "fr", "2024-05-16"),
    ("hier", "fr", "2024-05-15"),
    ("hace 2 días", "es", "2024-05-14"),
    ("ayer", "es", "2024-05-15"),
    ("2 ore fa", "it", "2024-05-16"),
    ("ieri", "it", "2024-05-15"),
    ("há 2 dias", "pt", "2024-05-14"),
    ("ontem", "pt", "2024-05-15"),
    ("2 uur geleden", "nl", "2024-05-16"),
    ("gisteren", "nl", "2024-05-15"),
    ("2 часа назад", "ru", "2024-05-16"),
    ("вчера", "ru", "2024-05-15"),
    ("πριν από 2 ώρες", "el", "2024-05-16"),
    ("χθες", "el", "2024-05-15"),
    ("3時間前", "ja", "2024-05-16"),
    ("昨日", "ja", "2024-05-15"),
    ("3小时前", "zh", "2024-05-16"),
    ("昨天", "zh", "2024-05-15"),
]


def load_cases(corpus: Path) -> list[Case]:
    cases: list[Case] = []
    for label_path in sorted((corpus / "labels").glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        page_html = (corpus / "pages" / label["page"]).read_text(encoding="utf-8", errors="replace")
        found = _HTML_LANG.search(page_html[:5000])
        language = found.group(1) if found else None
        texts = [item.get("date_text") for item in label["items"]]
        order = page_date_order(texts, language=language)
        now = datetime.fromisoformat(label["now"].replace("Z", "+00:00")) if label["now"] else None
        for item in label["items"]:
            if item.get("date_text"):
                want = item["date"][:10] if item.get("date") else None
                cases.append(Case(label["page"], item["date_text"], want, language, order, now))
    return cases


def invented_cases() -> list[Case]:
    return [
        Case("(invented)", text, want, lang, page_date_order([text], language=lang), INVENTED_NOW)
        for text, lang, want in INVENTED
    ]


def read_tidings(case: Case) -> str | None:
    parsed = parse_date(case.text, date_order=case.order, now=case.now, language=case.language)
    return None if parsed is None else parsed.published[:10]


def _dateparser(case: Case, *, auto_language: bool) -> str | None:
    settings: dict[str, object] = {
        "DATE_ORDER": case.order,
        "PREFER_LOCALE_DATE_ORDER": False,
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": (case.now or FIXED_NOW).replace(tzinfo=None),
    }
    if case.now is None:
        settings["PARSERS"] = _NO_RELATIVE
    primary = (case.language or "").replace("_", "-").split("-")[0].lower()
    languages = None if auto_language or not primary else [primary]
    try:
        found = dateparser.parse(case.text, languages=languages, settings=settings)
    except ValueError:  # a language dateparser does not know: let it detect one
        found = dateparser.parse(case.text, settings=settings)
    return None if found is None else found.date().isoformat()


def read_dateparser(case: Case) -> str | None:
    return _dateparser(case, auto_language=False)


def read_dateparser_auto(case: Case) -> str | None:
    return _dateparser(case, auto_language=True)


def read_htmldate_expr(case: Case) -> str | None:
    expr = try_date_expr.__wrapped__  # the lru_cache would answer repeats for free
    result: str | None = expr(case.text, "%Y-%m-%d", True, MIN_DATE, MAX_DATE)
    return result


def read_htmldate_page(case: Case) -> str | None:
    snippet = f"<html><body><p>{html.escape(case.text)}</p></body></html>"
    result: str | None = find_date(snippet, min_date=MIN_DATE, max_date=MAX_DATE)
    return result


READERS: dict[str, Reader] = {
    "tidings parse_date": read_tidings,
    "dateparser.parse (page lang)": read_dateparser,
    "dateparser.parse (auto lang)": read_dateparser_auto,
    "htmldate try_date_expr": read_htmldate_expr,
    "htmldate find_date(snippet)": read_htmldate_page,
}


def time_reader(reader: Reader, cases: list[Case], rounds: int) -> tuple[list[str | None], float]:
    """The answers (from the warm-up pass) and the mean µs per call over `rounds` passes."""
    answers = [reader(case) for case in cases]
    elapsed = 0.0
    for _ in range(rounds):
        try_date_expr.cache_clear()
        start = time.perf_counter()
        for case in cases:
            reader(case)
        elapsed += time.perf_counter() - start
    return answers, elapsed / rounds / len(cases) * 1e6


def pipeline_cost_ms(cases: list[Case], copies: int = 10_000) -> float:
    """Milliseconds for `Pipeline.process` on `copies` cards whose dates cycle through cases."""
    raws = [
        RawItem(f"Story {n}", f"https://bench.test/{n}", date=cases[n % len(cases)].text)
        for n in range(copies)
    ]
    pipeline = build_pipeline()
    start = time.perf_counter()
    pipeline.process(raws, source="bench", now=FIXED_NOW, language="en")
    return (time.perf_counter() - start) * 1e3


def print_table(cases: list[Case], rounds: int) -> dict[str, list[str | None]]:
    """One row per reader: accuracy over all cases, over dated cases, and µs per call."""
    dated = [i for i, case in enumerate(cases) if case.want is not None]
    results: dict[str, list[str | None]] = {}
    print(f"{'reader':30} {'acc all':>9} {'acc dated':>10} {'µs/call':>9}")
    for name, reader in READERS.items():
        answers, micros = time_reader(reader, cases, rounds)
        results[name] = answers
        right = [answer == case.want for answer, case in zip(answers, cases, strict=True)]
        dated_acc = sum(right[i] for i in dated) / len(dated)
        print(f"{name:30} {sum(right) / len(cases):9.3f} {dated_acc:10.3f} {micros:9.1f}")
    return results


def print_misses(cases: list[Case], results: dict[str, list[str | None]]) -> None:
    for name, answers in results.items():
        misses = [f"{c.text!r}->{a}" for c, a in zip(cases, answers, strict=True) if a != c.want]
        print(f"  {name}: {len(misses)} wrong" + (f": {', '.join(misses)}" if misses else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = load_cases(args.corpus)
    pages = sorted({case.page for case in cases})
    dated = sum(case.want is not None for case in cases)
    print(f"Labelled corpus: {len(cases)} cases ({dated} with a date) on {len(pages)} pages\n")
    results = print_table(cases, args.rounds)
    print("\nper page (right/total):")
    print(f"{'page':22}" + "".join(f"{name[:14]:>16}" for name in READERS))
    for page in pages:
        index = [i for i, case in enumerate(cases) if case.page == page]
        cells = "".join(
            f"{sum(results[n][i] == cases[i].want for i in index):>12}/{len(index):<3}"
            for n in READERS
        )
        print(f"{page:22}{cells}")
    invented = invented_cases()
    print(
        f"\nInvented strings: {len(invented)} cases in {len({c.language for c in invented})} tags\n"
    )
    print_misses(invented, print_table(invented, args.rounds))
    print(f"\nPipeline.process, 10k cards with these date texts: {pipeline_cost_ms(cases):.0f} ms")


if __name__ == "__main__":
    main()
