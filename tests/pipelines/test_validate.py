"""Validation: cards without a title or a URL are rejected with stable reason slugs."""

from __future__ import annotations

import pytest

from pipelines import Item, Rejected, require_title, require_url


@pytest.mark.parametrize("title", ["", "   ", "\n\t"], ids=["empty", "spaces", "layout"])
def test_require_title_rejects_blank(title: str) -> None:
    assert require_title(Item(url="u", title=title, source="s")) == Rejected("empty_title")


def test_require_title_collapses_whitespace() -> None:
    out = require_title(Item(url="u", title="  Night  Market ", source="s"))
    assert isinstance(out, Item)
    assert out.title == "Night Market"


@pytest.mark.parametrize("url", ["", "  "], ids=["empty", "spaces"])
def test_require_url_rejects_blank(url: str) -> None:
    assert require_url(Item(url=url, title="T", source="s")) == Rejected("missing_url")


def test_valid_item_passes_unchanged() -> None:
    item = Item(url="https://acme.test/a", title="Night Market", source="s")
    assert require_title(item) is item
    assert require_url(item) is item
