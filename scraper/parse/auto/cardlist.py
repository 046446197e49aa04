"""The records automatic extraction passes between finding cards and choosing sections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scraper.parse.auto.anchors import Anchor

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["Card", "CardList"]


@dataclass(frozen=True, slots=True)
class Card:
    """One repeated unit of a list: the element that holds one story."""

    root: LexborNode
    order: int


@dataclass(frozen=True, slots=True)
class CardList:
    """Sibling cards found by one group of links; `anchors[i]` found `cards[i]`."""

    parent: LexborNode
    cards: tuple[Card, ...]
    anchors: tuple[Anchor, ...]
    score: float
    headline_quality: float  # per card, without richness: how alike two sections are
    dating: float = 1.0  # the score's factor for cards showing dates (`scoring`)
    teasers: bool = False  # every card a full teaser (`teasers`): a section, short headlines too
