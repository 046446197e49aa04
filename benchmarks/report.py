"""Markdown tables for every section of a benchmark run, and the tidings/Scrapy ratios.

Pure formatting: numbers in, text out. Ratios are taken round by round (each round runs both
crawlers back to back, in alternating order) and the median of the rounds is reported, so a
burst of load from another process on the machine moves one round, not the verdict.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from benchmarks.crawlers import Measured
from benchmarks.fetchbench import FetchCost
from benchmarks.floor import SCRAPY_FLOOR, TIDINGS_FLOOR, Floor
from benchmarks.parsebench import ParseResult
from benchmarks.scale import ScaleResult

__all__ = [
    "Cell",
    "crawl_table",
    "fetch_table",
    "floor_table",
    "parse_table",
    "ratio_rows",
    "ratio_table",
    "recrawl_table",
    "scale_table",
    "server_table",
    "table",
]

Cell = str | int | float | None
_TIME_RESOLUTION_S = 0.01  # GNU time's wall clock prints hundredths


def table(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """A GitHub markdown table; floats get 2 decimals (3 under 1, none over 1000)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: Cell) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.3f}" if abs(value) < 1 else f"{value:.2f}"
    return str(value)


def server_table(rate: float, tool: str, connections: int, tidings_pages_s: float) -> str:
    headroom = rate / tidings_pages_s if tidings_pages_s else None
    return table(
        ["server", "load tool", "connections", "req/s (40 KB page)", "× tidings' pages/s"],
        [["nginx 1 worker", tool, connections, rate, headroom]],
    )


def crawl_table(rounds: Sequence[Sequence[Measured]], expected: int) -> str:
    rows: list[list[Cell]] = []
    for number, runs in enumerate(rounds, start=1):
        for m in runs:
            rows.append([
                number, m.tool, m.wall_s, m.crawl_s, m.cpu_s, m.pages, m.cards,
                m.pages_per_s, m.items_per_s, m.cpu_ms_per_page, m.rss_mb, m.stored,
                "yes" if m.stored == expected and m.returncode == 0 else "NO",
            ])  # fmt: skip
    header = [
        "round", "tool", "wall s", "in-crawl s", "CPU s", "pages", "cards", "pages/s",
        "items/s", "CPU ms/page", "peak RSS MB", "stored", f"= manifest ({expected})",
    ]  # fmt: skip
    return table(header, rows)


def _median_ratio(pairs: Sequence[tuple[Measured, Measured]], metric: str) -> float:
    return statistics.median(_value(t, metric) / _value(s, metric) for t, s in pairs)


def _value(m: Measured, metric: str) -> float:
    if metric == "crawl_pages_per_s":
        return m.pages / m.crawl_s if m.crawl_s else 0.0
    if metric == "outside_s":
        return m.wall_s - m.crawl_s if m.crawl_s else m.wall_s
    value = getattr(m, metric)
    assert isinstance(value, float | int)
    return float(value)


_RATIOS = (
    # label, metric, target, higher is better
    ("pages/s (process wall)", "pages_per_s", 3.0, True),
    ("items/s (process wall)", "items_per_s", None, True),
    ("CPU ms per page", "cpu_ms_per_page", 0.5, False),
    ("peak RSS", "rss_mb", 0.5, False),
    ("pages/s inside the crawl (no start-up)", "crawl_pages_per_s", None, True),
    ("wall s outside the crawl (start-up, exit)", "outside_s", None, False),
)


def ratio_rows(pairs: Sequence[tuple[Measured, Measured]]) -> list[list[Cell]]:
    """[label, tidings median, Scrapy median, median ratio, target, met] per metric."""
    rows: list[list[Cell]] = []
    for label, metric, target, higher in _RATIOS:
        ratio = _median_ratio(pairs, metric)
        mine = statistics.median(_value(t, metric) for t, _ in pairs)
        theirs = statistics.median(_value(s, metric) for _, s in pairs)
        if target is None:
            verdict, goal = "–", "–"
        else:
            met = ratio >= target if higher else ratio <= target
            verdict, goal = ("yes" if met else "NO"), (f"≥ {target}×" if higher else f"≤ {target}×")
        rows.append([label, mine, theirs, ratio, goal, verdict])
    return rows


def ratio_table(pairs: Sequence[tuple[Measured, Measured]], expected: int) -> str:
    rows = ratio_rows(pairs)
    counts_ok = all(t.stored == expected and s.stored == expected for t, s in pairs)
    rows.append(["stored = manifest, every run", None, None, None, "exact", _yes(counts_ok)])
    return table(["metric", "tidings", "Scrapy", "tidings/Scrapy", "target", "met"], rows)


def _yes(flag: bool) -> str:
    return "yes" if flag else "NO"


def recrawl_table(pairs: Sequence[tuple[Measured, Measured]]) -> str:
    """(first crawl, re-crawl) per round: the re-crawl's cost as a share of the first's."""
    rows: list[list[Cell]] = []
    for number, (first, again) in enumerate(pairs, start=1):
        inside = 100 * again.crawl_s / first.crawl_s if first.crawl_s and again.crawl_s else None
        wall = 100 * again.wall_s / first.wall_s
        rows.append([
            number, again.pages, again.stored - first.stored,
            first.wall_s, again.wall_s, wall, _yes(wall <= 5),
            first.cpu_s, again.cpu_s, 100 * again.cpu_s / first.cpu_s,
            first.crawl_s, again.crawl_s, inside, _yes(inside is not None and inside <= 5),
        ])  # fmt: skip
    header = [
        "round", "re-crawl pages (304)", "new rows", "first wall s", "re-crawl wall s",
        "wall %", "≤ 5% (process)", "first CPU s", "re-crawl CPU s", "CPU %",
        "first in-crawl s", "re-crawl in-crawl s", "in-crawl %", "≤ 5% (in-crawl)",
    ]  # fmt: skip
    return table(header, rows)


def parse_table(results: Sequence[ParseResult]) -> str:
    base = results[0].us_per_page
    rows: list[list[Cell]] = [
        [r.library, r.us_per_page, r.cards_per_page, _yes(r.agrees), r.us_per_page / base]
        for r in results
    ]
    return table(["parser", "µs/page", "cards/page", "same cards", "× tidings' time"], rows)


def scale_table(results: Sequence[ScaleResult]) -> str:
    rows: list[list[Cell]] = [
        [
            r.items, r.batches, r.stored, r.seconds, r.items_per_s, r.first_tenth_per_s,
            r.last_tenth_per_s, r.last_over_first, " ".join(f"{us:.0f}" for us in r.tenths_us),
            100 * r.pipeline_share, r.db_mb,
        ]
        for r in results
    ]  # fmt: skip
    header = [
        "cards", "pages (batches)", "rows stored", "wall s", "items/s (wall)",
        "first 10% items/CPU-s", "last 10% items/CPU-s", "last/first",
        "CPU µs/card, each tenth", "pipeline % of wall", "DB MB",
    ]  # fmt: skip
    return table(header, rows)


def floor_table(
    floors: Sequence[Floor],
    pairs: Sequence[tuple[Measured, Measured]],
    recrawls: Sequence[tuple[Measured, Measured]],
) -> str:
    """The import-only processes next to the crawls (medians), and what the floor takes of the
    re-crawl and RSS targets."""
    first, again, scrapy = (
        _median_run("tidings first crawl (median)", [t for t, _ in pairs]),
        _median_run("tidings re-crawl, nothing changed (median)", [a for _, a in recrawls]),
        _median_run("Scrapy crawl (median)", [s for _, s in pairs]),
    )
    rows: list[list[Cell]] = [
        [r.label, r.wall_s, r.cpu_s, r.rss_mb, 100 * r.wall_s / first.wall_s,
         r.rss_mb / scrapy.rss_mb]
        for r in (*floors, first, again, scrapy)
    ]  # fmt: skip
    header = [
        "process", "wall s", "CPU s", "peak RSS MB", "wall % of tidings' first crawl",
        "RSS × Scrapy's crawl peak",
    ]  # fmt: skip
    by_label = {f.label: f for f in floors}
    notes = _floor_notes(by_label[TIDINGS_FLOOR], by_label[SCRAPY_FLOOR], first, again, scrapy)
    return table(header, rows) + "\n\n" + notes


def _median_run(label: str, runs: Sequence[Measured]) -> Floor:
    """Medians of some crawl processes, in a floor's shape so they sit in the same table."""
    return Floor(
        label=label,
        wall_s=statistics.median(m.wall_s for m in runs),
        cpu_s=statistics.median(m.cpu_s for m in runs),
        rss_mb=statistics.median(m.rss_mb for m in runs),
    )


def _floor_notes(mine: Floor, theirs: Floor, first: Floor, again: Floor, scrapy: Floor) -> str:
    above = again.wall_s - mine.wall_s
    rest = (
        f"costs {above:.2f} s ({100 * above / first.wall_s:.1f}% of the first crawl)"
        if above >= _TIME_RESOLUTION_S
        else "is within GNU time's 10 ms resolution of it"
    )
    return "\n".join([
        f"- Re-crawl: importing tidings' libraries alone takes "
        f"{100 * mine.wall_s / first.wall_s:.1f}% of a first crawl's wall (target for the whole "
        f"re-crawl: 5%). Above that floor the re-crawl process {rest}.",
        f"- RSS: those imports hold {mine.rss_mb:.1f} MB, {mine.rss_mb / scrapy.rss_mb:.3f}× "
        f"Scrapy's crawl peak; tidings' own code, config and crawl add "
        f"{first.rss_mb - mine.rss_mb:.1f} MB (Scrapy's crawl adds "
        f"{scrapy.rss_mb - theirs.rss_mb:.1f} MB to its {theirs.rss_mb:.1f} MB).",
    ])  # fmt: skip


def fetch_table(costs: Sequence[FetchCost], tidings: Measured) -> str:
    """CPU per request of each HTTP stack, and as a share of a tidings crawl's CPU per page."""
    per_page_us = 1000 * tidings.cpu_ms_per_page
    rows: list[list[Cell]] = [
        [
            c.stack,
            c.cpu_us_per_request,
            c.cpu_us_per_request / costs[0].cpu_us_per_request,
            100 * c.cpu_us_per_request / per_page_us if per_page_us else None,
            c.body_bytes,
        ]
        for c in costs
    ]
    header = [
        "stack", "CPU µs/request", "× asyncio GET", "% of a tidings crawl's CPU per page",
        "body bytes",
    ]  # fmt: skip
    return table(header, rows)
