"""Category aliases: one spelling per section, matched without regard to case or spacing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines import Item, category_stage

ALIASES = {"Biz": "Business", "tech & science": "Science", "  Local   News ": "Local"}

CASES = {
    "alias": ("Biz", "Business"),
    "alias-other-case": ("BIZ", "Business"),
    "alias-with-spaces": ("  tech   &  Science ", "Science"),
    "alias-key-collapsed": ("local news", "Local"),
    "canonical-any-case": ("BUSINESS", "Business"),
    "unknown-trimmed": ("  Garden\n Notes ", "Garden Notes"),
    "unknown-case-kept": ("gardening", "gardening"),
    "empty": ("", None),
    "blank": (" \t ", None),
    "none": (None, None),
}


@pytest.mark.parametrize(("raw", "want"), CASES.values(), ids=CASES)
def test_category_stage(raw: str | None, want: str | None) -> None:
    stage = category_stage(ALIASES)
    out = stage(Item(url="u", title="T", source="s", category=raw))
    assert isinstance(out, Item)
    assert out.category == want


def test_alias_key_wins_over_a_canonical_spelling() -> None:
    stage = category_stage({"Sport": "Sports", "sports": "Athletics"})
    out = stage(Item(url="u", title="T", source="s", category="SPORTS"))
    assert isinstance(out, Item)
    assert out.category == "Athletics"


def test_no_aliases_only_trims() -> None:
    out = category_stage({})(Item(url="u", title="T", source="s", category=" Biz "))
    assert isinstance(out, Item)
    assert out.category == "Biz"


def test_unchanged_item_is_returned_as_is() -> None:
    item = Item(url="u", title="T", source="s", category="Business")
    assert category_stage(ALIASES)(item) is item


@given(st.none() | st.text())
def test_category_stage_is_idempotent(raw: str | None) -> None:
    stage = category_stage(ALIASES)
    once = stage(Item(url="u", title="T", source="s", category=raw))
    assert isinstance(once, Item)
    assert stage(once) == once
