"""Search results and link aggregators: each result links out to another site, shows its
address as text, a snippet that may open with a date, and lines of votes and bylines."""

from __future__ import annotations

import pytest

from scraper.parse import extract_auto

_TEASER = "The harbour board said the quay will take night traffic again from Monday."


def test_a_search_result_snippet_in_a_caption_block_is_its_teaser() -> None:
    html = "".join(
        f'<li class="b_algo"><h2><a href="https://site{n}.example/story-about-the-quay">Story'
        f' {n} about the harbour and the quay</a></h2><div class="b_caption"><cite>'
        f"site{n}.example</cite><p>{_TEASER}</p></div></li>"
        for n in range(1, 5)
    )
    items = extract_auto(f"<ol>{html}</ol>", page_url="https://search.test/?q=quay").page.items
    assert [item.summary for item in items] == [_TEASER] * 4


@pytest.mark.parametrize("dash", ["—", "·"])
def test_a_date_opening_a_search_snippet_is_the_date(dash: str) -> None:
    html = "".join(
        f'<li class="result"><h2><a href="https://site{n}.example/story-about-the-quay">Story'
        f" {n} about the harbour and the quay</a></h2><p>Nov {n}, 2026 {dash} {_TEASER}</p></li>"
        for n in range(1, 5)
    )
    items = extract_auto(f"<ol>{html}</ol>", page_url="https://search.test/?q=quay").page.items
    assert [(item.date, item.summary) for item in items] == [
        (f"Nov {n}, 2026", _TEASER) for n in range(1, 5)
    ]


def test_a_search_result_with_its_url_line_inside_the_title_link() -> None:
    titles = ["Quay - Harbour Wiki", "Berth four reopens after the winter repairs"]
    html = "".join(
        f'<div class="g"><div class="r"><a href="https://site{n}.example/{n}"><h3>{title}</h3>'
        f"<br><div><cite>https://site{n}.example › news › harbour › {n}</cite></div></a></div>"
        f'<div class="s"><span>Nov'
        f" {n + 1}, 2026 — {_TEASER}</span></div></div>"
        for n, title in enumerate(titles * 2)
    )
    items = extract_auto(f"<div id='rso'>{html}</div>", page_url="https://s.test/?q=q").page.items
    assert [(item.title, item.summary, item.date) for item in items] == [
        (title, _TEASER, f"Nov {n + 1}, 2026") for n, title in enumerate(titles * 2)
    ]
    assert {item.category for item in items} == {None}


def test_an_aggregator_entry_is_one_card_of_title_line_and_byline() -> None:
    """A title line and a byline line, both holding links of one tag path: one card whose
    title is the story link out, not a list of two-line cards of bylines and domains."""
    titles = ["Night shift returns to berth four", "Customs forms change in January"] * 2
    html = "".join(
        f'<div class="thing"><div class="entry"><p class="title"><a href="https://news{n}.example'
        f'/story-number-{n}-of-the-day">{title}</a> <span class="domain">(<a href="/domain/news'
        f'{n}.example/">news{n}.example</a>)</span></p><p class="tagline">submitted by <a href='
        f'"/user/u{n}">u{n}</a></p><ul class="buttons"><li><a href="/r/ports/comments/{n}abc/">'
        f"{n} comments</a></li></ul></div></div>"
        for n, title in enumerate(titles)
    )
    items = extract_auto(f'<div id="list">{html}</div>', page_url="https://agg.test/r/ports/")
    assert [(item.title, item.url) for item in items.page.items] == [
        (title, f"https://news{n}.example/story-number-{n}-of-the-day")
        for n, title in enumerate(titles)
    ]


def test_an_age_whose_tooltip_gives_the_full_date_is_dated_by_the_tooltip() -> None:
    html = "".join(
        f'<li class="story"><span class="link"><a href="https://blog{n}.example/posts/{n}-on-'
        f'cranes">Story {n} about the cranes on the north quay</a></span><div class="byline">'
        f'via <a href="/~user{n}">user{n}</a> <span title="2026-11-0{n} 10:00:00 -0600">3 hours'
        f' ago</span> | <a href="/s/abc{n}/">{n} comments</a></div></li>'
        for n in range(1, 5)
    )
    items = extract_auto(f"<ol>{html}</ol>", page_url="https://agg.test/").page.items
    assert [item.date for item in items] == [f"2026-11-0{n} 10:00:00 -0600" for n in range(1, 5)]


def test_a_topic_poster_line_names_no_category() -> None:
    html = "".join(
        f'<li class="row"><dl class="row-item"><dt><a href="./viewtopic.php?t={n}" class="topic'
        f'title">Crane question number {n} from the quay</a><br><div class="topic-poster">by '
        f'<a href="./memberlist.php?u={n}" class="username">user{n}</a></div></dt><dd class='
        f'"posts">{n}</dd></dl></li>'
        for n in range(1, 5)
    )
    items = extract_auto(f'<ul class="topics">{html}</ul>', page_url="https://f.test/").page.items
    assert len(items) == 4
    assert {item.category for item in items} == {None}


def test_a_chinese_snippet_after_its_date_is_the_teaser_not_a_label() -> None:
    snippet = "港务局表示码头将从周一起再次接受夜间运输"
    html = "".join(
        f'<div class="result"><h3><a href="https://port{n}.example/news/{n}.html">第{n}号码头今起'
        f'恢复夜班</a></h3><div class="abstract"><span class="time">2026年11月{n}日 - </span>'
        f"{snippet}</div></div>"
        for n in range(1, 5)
    )
    items = extract_auto(f"<div id='results'>{html}</div>", page_url="https://s.test/").page.items
    assert [(item.date, item.summary, item.category) for item in items] == [
        (f"2026年11月{n}日 -", snippet, None) for n in range(1, 5)
    ]
