"""Identity and change detection: the canonical URL, and a hash of what readers see."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines import Item, content_hash, dedup_key, with_content_hash

BASE = Item(
    url="https://acme.test/story/1",
    title="Lantern Parade Returns",
    source="acme",
    summary="The parade is back after a long pause.",
    published="2025-07-29",
    category="Local",
)


def test_dedup_key_is_the_canonical_url() -> None:
    item = replace(BASE, url="HTTPS://Acme.test:443/story/1?utm_source=feed#top")
    assert dedup_key(item) == "https://acme.test/story/1"
    assert dedup_key(item) == dedup_key(BASE)


def test_content_hash_is_pinned() -> None:
    # Stored rows are compared with this value: changing the recipe re-marks every row updated.
    assert content_hash(BASE) == "27132ef5752dc1dfd8653874d48c3f6c"


def test_content_hash_is_hex() -> None:
    digest = content_hash(BASE)
    assert len(digest) == 32
    int(digest, 16)


CHANGES = {
    "title": {"title": "Lantern Parade Returns!"},
    "summary": {"summary": "The parade is back."},
    "published": {"published": "2025-07-30"},
    "category": {"category": "City"},
    "category-none": {"category": None},
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES)
def test_content_hash_sees_reader_visible_changes(change: dict[str, str | None]) -> None:
    assert content_hash(replace(BASE, **change)) != content_hash(BASE)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["", "-", "null", "0:"], ids=["empty", "dash", "null", "netstring"]
)
def test_content_hash_tells_none_from_any_text(text: str) -> None:
    assert content_hash(replace(BASE, summary=None)) != content_hash(replace(BASE, summary=text))


def test_field_boundaries_are_unambiguous() -> None:
    a = replace(BASE, title="ab", summary="c")
    b = replace(BASE, title="a", summary="bc")
    assert content_hash(a) != content_hash(b)


_TEXT = st.text(max_size=30)


@given(
    url=_TEXT,
    source=_TEXT,
    raw=st.none() | _TEXT,
    at=st.none() | st.datetimes(timezones=st.just(UTC)),
)
def test_content_hash_ignores_identity_and_raw_fields(
    url: str, source: str, raw: str | None, at: datetime | None
) -> None:
    other = replace(BASE, url=url, source=source, published_raw=raw, published_at=at)
    assert content_hash(other) == content_hash(BASE)


@given(st.text(), st.none() | st.text(), st.none() | st.text(), st.none() | st.text())
def test_content_hash_ignores_previous_hash(
    title: str, summary: str | None, published: str | None, category: str | None
) -> None:
    item = Item(
        url="u", title=title, source="s", summary=summary, published=published, category=category
    )
    hashed = with_content_hash(item)
    assert hashed.content_hash == content_hash(item)
    assert with_content_hash(hashed) == hashed


def test_with_content_hash_keeps_every_other_field() -> None:
    # The stage builds the Item field by field (faster than replace): a field it forgot would
    # fall back to its default, and this item has none at its default.
    item = replace(
        BASE,
        published_at=datetime(2025, 7, 29, tzinfo=UTC),
        published_raw="raw",
        content_hash="x",
        published_tolerance_s=3600,
        title_raw="T raw",
        summary_raw="S raw",
    )
    assert not [f.name for f in fields(Item) if getattr(item, f.name) == f.default]
    assert with_content_hash(item) == replace(item, content_hash=content_hash(item))
