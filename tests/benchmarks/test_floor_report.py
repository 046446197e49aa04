"""The start-up floor section: which share of each target the libraries' imports take.

Numbers in, text out: made-up measurements with known shares, so a wrong median, a ratio taken
the wrong way round or a floor subtracted from the wrong crawl shows up as a wrong figure.
"""

from __future__ import annotations

from benchmarks.crawlers import Measured
from benchmarks.floor import FLOORS, SCRAPY_FLOOR, TIDINGS_FLOOR, Floor, median_floors
from benchmarks.report import floor_table


def _run(tool: str, wall: float, rss: float) -> Measured:
    return Measured(tool, wall, wall, rss, pages=500, cards=10_000, stored=9_610, returncode=0)


def test_floor_notes_give_the_floor_share_of_the_re_crawl_and_rss_targets() -> None:
    pairs = [
        (_run("tidings", 2.0, 60.0), _run("scrapy", 6.0, 120.0)),
        (_run("tidings", 1.0, 70.0), _run("scrapy", 3.0, 140.0)),
        (_run("tidings", 3.0, 80.0), _run("scrapy", 9.0, 160.0)),
    ]  # medians: first crawl 2.0 s, tidings 70 MB, Scrapy 140 MB
    recrawls = [(first, _run("tidings re-crawl", 0.4, 50.0)) for first, _ in pairs]
    floors = [
        Floor("python (bare interpreter)", 0.02, 0.02, 10.0),
        Floor(TIDINGS_FLOOR, 0.3, 0.3, 49.0),
        Floor(SCRAPY_FLOOR, 0.5, 0.5, 56.0),
    ]
    text = floor_table(floors, pairs, recrawls)
    assert "importing tidings' libraries alone takes 15.0% of a first crawl's wall" in text
    assert "the re-crawl process costs 0.10 s (5.0% of the first crawl)" in text
    assert "those imports hold 49.0 MB, 0.350× Scrapy's crawl peak" in text
    assert "tidings' own code, config and crawl add 21.0 MB" in text
    assert "Scrapy's crawl adds 84.0 MB to its 56.0 MB" in text
    re_crawl_row = next(line for line in text.splitlines() if "re-crawl, nothing" in line)
    assert "| 0.400 |" in re_crawl_row and "| 20.00 |" in re_crawl_row  # 0.4 s of 2.0 s


def test_every_floor_statement_is_python_that_compiles() -> None:
    for label, statement in FLOORS.items():
        compile(statement, label, "exec")
    assert TIDINGS_FLOOR in FLOORS and SCRAPY_FLOOR in FLOORS


def test_a_re_crawl_at_the_floor_is_not_given_a_negative_cost() -> None:
    pairs = [(_run("tidings", 2.0, 60.0), _run("scrapy", 6.0, 120.0))]
    recrawls = [(pairs[0][0], _run("tidings re-crawl", 0.29, 50.0))]
    floors = [Floor(TIDINGS_FLOOR, 0.3, 0.3, 49.0), Floor(SCRAPY_FLOOR, 0.5, 0.5, 56.0)]
    text = floor_table(floors, pairs, recrawls)
    assert "the re-crawl process is within GNU time's 10 ms resolution of it" in text
    assert "-0.01 s" not in text


def test_floors_of_several_rounds_are_their_medians_label_by_label() -> None:
    rounds = [
        [Floor("a", 0.1, 0.2, 10.0), Floor("b", 1.0, 1.0, 50.0)],
        [Floor("a", 0.3, 0.1, 12.0), Floor("b", 3.0, 2.0, 40.0)],
        [Floor("a", 0.2, 0.3, 11.0), Floor("b", 2.0, 3.0, 60.0)],
    ]
    assert median_floors(rounds) == [Floor("a", 0.2, 0.2, 11.0), Floor("b", 2.0, 2.0, 50.0)]
