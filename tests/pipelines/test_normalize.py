"""Text cleaning: entities, NFKC, invisible characters, link text and doubled titles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines import Item, clean_text, normalize

CLEAN = {
    "none": (None, None),
    "empty": ("", None),
    "only-whitespace": (" \t\n\u3000 ", None),
    "collapse-runs": ("  Harbor   Lights\n\tReturn ", "Harbor Lights Return"),
    "named-entities": ("Salt &amp; Pepper&nbsp;Fest", "Salt & Pepper Fest"),
    "numeric-entities": ("Caf&#233; &#x2014; Open", "Café — Open"),
    "double-escaped": ("Mills &amp;amp; Sons", "Mills & Sons"),
    "nfkc-fullwidth": ("Ｐｉｅｒ ９", "Pier 9"),
    "nfkc-ligature": ("ﬁnal ﬂight", "final flight"),
    "nfkc-composes": ("Cafe\u0301", "Café"),
    "zero-width": ("Ri\u200bver\u200c\u200dside\u2060 Walk\ufeff", "Riverside Walk"),
    "soft-hyphen": ("Trans\u00adatlantic", "Transatlantic"),
    "zero-width-entity": ("Tide&#8203;pool", "Tidepool"),
    "nbsp-char": ("Ten\u00a0Lanterns", "Ten Lanterns"),
    "only-invisible": ("\u200b\ufeff", None),
}


@pytest.mark.parametrize(("raw", "want"), CLEAN.values(), ids=CLEAN)
def test_clean_text(raw: str | None, want: str | None) -> None:
    assert clean_text(raw) == want


TITLES = {
    "read-more": ("Orchard Fair Opens Read more", "Orchard Fair Opens"),
    "read-more-guillemet": ("Orchard Fair Opens Read More &raquo;", "Orchard Fair Opens"),
    "read-more-arrow": ("Orchard Fair Opens — Read more →", "Orchard Fair Opens"),
    "read-more-brackets": ("Orchard Fair Opens [Read more]", "Orchard Fair Opens"),
    "continue-reading": ("Orchard Fair Opens Continue reading…", "Orchard Fair Opens"),
    "pipe-separator": ("Orchard Fair Opens | Continue Reading", "Orchard Fair Opens"),
    "more-arrow": ("Orchard Fair Opens More »", "Orchard Fair Opens"),
    "more-after-stop": ("The fair opened today. More", "The fair opened today."),
    "more-after-ellipsis": ("The fair opened today&hellip; more", "The fair opened today..."),
    "more-bracketed": ("Orchard Fair Opens (more)", "Orchard Fair Opens"),
    "german": ("Obstmarkt beginnt Weiterlesen", "Obstmarkt beginnt"),
    "french": ("Le marché ouvre Lire la suite »", "Le marché ouvre"),
    "spanish": ("El mercado abre Leer más", "El mercado abre"),
    "italian": ("Il mercato apre Leggi tutto", "Il mercato apre"),
    "portuguese": ("O mercado abre Ler mais", "O mercado abre"),
    "italian-continue": ("Il mercato apre Continua a leggere »", "Il mercato apre"),
    "spanish-see-more": ("El mercado abre Ver más", "El mercado abre"),
    "portuguese-learn-more": ("O mercado abre Saiba mais", "O mercado abre"),
    "german-more-after-stop": ("Der Obstmarkt beginnt heute. mehr", "Der Obstmarkt beginnt heute."),
    "german-more-arrow": ("Der Obstmarkt beginnt mehr »", "Der Obstmarkt beginnt"),
    "german-to-article": ("Der Obstmarkt beginnt Zum Artikel", "Der Obstmarkt beginnt"),
    "dutch": ("De fruitmarkt begint Lees verder", "De fruitmarkt begint"),
    "polish": ("Targ owocowy rusza Czytaj dalej", "Targ owocowy rusza"),
    "swedish": ("Fruktmarknaden öppnar Läs mer", "Fruktmarknaden öppnar"),
    "finnish": ("Hedelmätori avautuu Lue lisää", "Hedelmätori avautuu"),
    "indonesian": ("Pasar buah dibuka Baca selengkapnya", "Pasar buah dibuka"),
    "turkish": ("Meyve pazarı açıldı Devamını oku", "Meyve pazarı açıldı"),
    "russian": ("Фруктовый рынок открылся Читать далее →", "Фруктовый рынок открылся"),
    "russian-details": ("Фруктовый рынок открылся Подробнее", "Фруктовый рынок открылся"),
    "chinese-glued": ("水果市场今天开放阅读全文", "水果市场今天开放"),
    "japanese-glued": ("果物市場が開く続きを読む", "果物市場が開く"),
    "keeps-german-mehr": ("Häfen brauchen mehr", "Häfen brauchen mehr"),
    "keeps-chinese-more": ("农民获得更多", "农民获得更多"),
    "ellipsis-link": ("The fair opened today [&hellip;]", "The fair opened today"),
    "ellipsis-link-dots": ("The fair opened today [...]", "The fair opened today"),
    "stacked-link-text": ("Orchard Fair Opens Read more [...]", "Orchard Fair Opens"),
    "doubled-title": ("Global Talks Begin Global Talks Begin", "Global Talks Begin"),
    "doubled-then-link": ("Quiet Harbor Wins Quiet Harbor Wins Read more", "Quiet Harbor Wins"),
    "quadrupled-title": ("Kite Day Kite Day Kite Day Kite Day", "Kite Day"),
    "keeps-trailing-more": ("Pay Less, Get More", "Pay Less, Get More"),
    "keeps-word-ending-more": ("The Lighthouse Keeper Evermore", "The Lighthouse Keeper Evermore"),
    "keeps-glued-ellipsis": ("Wait for it[...]", "Wait for it[...]"),
    "keeps-plain-ellipsis": ("Wait for it...", "Wait for it..."),
    "keeps-one-word-double": ("Bora Bora", "Bora Bora"),
    "keeps-near-double": ("Talks Begin Talks Began", "Talks Begin Talks Began"),
    "only-link-text": ("Read more »", ""),
    "blank": ("  \u200b ", ""),
}


@pytest.mark.parametrize(("raw", "want"), TITLES.values(), ids=TITLES)
def test_normalize_title(raw: str, want: str) -> None:
    item = Item(url="https://news.test/a", title=raw, source="acme")
    assert normalize(item).title == want


def test_normalize_cleans_summary_and_category() -> None:
    item = Item(
        url="https://news.test/a",
        title="Orchard Fair",
        source="acme",
        summary="  Apples&nbsp;and\u200b pears&hellip; Read more ",
        category=" Local\n News ",
    )
    out = normalize(item)
    assert out.summary == "Apples and pears"  # the truncation mark goes too (issue 13)
    assert out.category == "Local News"


TRUNCATED = {
    "ellipsis": ("The berth reopens on Monday and…", "The berth reopens on Monday and"),
    "dots-after-comma": ("Crews cleared the quay, ...", "Crews cleared the quay"),
    "bracketed": ("Crews cleared the quay [...]", "Crews cleared the quay"),
    "read-more": ("Crews cleared the quay… Read More", "Crews cleared the quay"),
    "whole-sentence": ("Crews cleared the quay.", "Crews cleared the quay."),
    "only-dots": ("…", None),
}


@pytest.mark.parametrize(("summary", "want"), TRUNCATED.values(), ids=TRUNCATED)
def test_summary_truncation_marks_are_dropped(summary: str, want: str | None) -> None:
    item = Item(url="https://news.test/a", title="T", source="acme", summary=summary)
    assert normalize(item).summary == want


@pytest.mark.parametrize(
    ("summary", "want"),
    [("Read more", None), ("   ", None), (None, None), ("Short.", "Short.")],
    ids=["only-link-text", "blank", "none", "kept"],
)
def test_normalize_empty_summary_is_none(summary: str | None, want: str | None) -> None:
    item = Item(url="https://news.test/a", title="T", source="acme", summary=summary)
    assert normalize(item).summary == want


def test_summary_is_not_deduplicated_like_a_title() -> None:
    item = Item(url="u", title="T", source="s", summary="Go team go team Go team go team")
    assert normalize(item).summary == "Go team go team Go team go team"


def test_published_raw_keeps_its_characters() -> None:
    item = Item(url="u", title="T", source="s", published_raw=" Ｊｕｌｙ 29,&nbsp;2025\n ")
    assert normalize(item).published_raw == "Ｊｕｌｙ 29, 2025"


def test_normalize_leaves_url_and_source_alone() -> None:
    item = Item(url=" HTTPS://News.test/A ", title="T", source="Acme ")
    out = normalize(item)
    assert (out.url, out.source) == (" HTTPS://News.test/A ", "Acme ")


@given(st.text())
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.text(alphabet=st.sampled_from("ab &;#x0123amp\u200b\u00a0\uff06.[]…»")))
def test_clean_text_is_idempotent_on_entity_soup(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.text(), st.none() | st.text())
def test_normalize_is_idempotent(title: str, summary: str | None) -> None:
    once = normalize(Item(url="u", title=title, source="s", summary=summary))
    assert normalize(once) == once


_WORDS = st.sampled_from(["Read", "more", "More", "»", "[...]", "Kite", "Day", "|", ".", "…"])


@given(st.lists(_WORDS, max_size=12).map(" ".join))
def test_normalize_is_idempotent_on_link_text(title: str) -> None:
    once = normalize(Item(url="u", title=title, source="s"))
    assert normalize(once) == once
