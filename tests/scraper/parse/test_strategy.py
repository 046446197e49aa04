"""`extract` by strategy: selectors that find cards never load automatic extraction; an empty
first page does, to judge the selectors."""

from __future__ import annotations

import subprocess
import sys

_PAGE = (
    "<html><body><main>"
    + "".join(
        f'<article class="card"><h3><a href="/news/{n}">Harbour story {n} '
        f"about the quay</a></h3><p>Teaser {n}</p></article>"
        for n in range(6)
    )
    + "</main></body></html>"
)

_EXTRACT = f"""
import sys
from scraper.parse import SelectorSpec, extract
spec = SelectorSpec(items=sys.argv[1], fields={{"title": "h3 a", "url": "h3 a@href"}})
found = extract({_PAGE!r}, page_url="https://acme.test/news/", selectors=spec)
print(len(found.page.items), found.selectors_broken, "scraper.parse.auto" in sys.modules)
"""


def _extract(items: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _EXTRACT, items], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_selectors_that_find_cards_do_not_load_automatic_extraction() -> None:
    assert _extract("article.card") == ["6", "False", "False"]


def test_selectors_that_find_nothing_are_judged_by_automatic_extraction() -> None:
    count, broken, loaded = _extract("li.nothing")
    assert (broken, loaded) == ("True", "True")
    assert int(count) > 0  # the automatic cards stand in (auto_fallback)
