"""Whether two card lists are made from one template: the same tags and classes around a card.

A front page prints each department in a box of one template, and a box's headline list is
as long as the department has stories that hour: three in one box, two in the next. Two
links are no evidence of a list on their own (`scoring`), but two links printed exactly
like the cards of a list already taken as a section are that section's template again.

A list's shape is read off its cards: level by level from the headline link up to the
list's parent, the tag and the classes its cards carry there, then the bare tags of a few
levels above. Two shapes are alike when every level has the same tag and shares a class
where both have classes: position classes ("item-1", "item-2") and a department's own class
("box politics", "box sport") differ within one template, its main class does not, and a
class on one side only marks a variant of it (a subscriber story's link, "link premium").
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.parse.auto.cardlist import CardList

__all__ = ["ListShape", "list_shape"]

_TAGS_ABOVE = 2  # levels above the parent whose tags must agree (same place in the box)


@dataclass(frozen=True, slots=True)
class ListShape:
    """Per level from the link up: its tag, and the classes of the list's cards there."""

    levels: tuple[tuple[str, frozenset[str]], ...]

    def is_alike(self, other: ListShape) -> bool:
        """Same tags at every level, and classes shared wherever both sides have some."""
        if len(self.levels) != len(other.levels):
            return False
        for (tag, classes), (other_tag, others) in zip(self.levels, other.levels, strict=True):
            if tag != other_tag or (classes and others and classes.isdisjoint(others)):
                return False
        return True


def list_shape(found: CardList) -> ListShape | None:
    """The shape of `found`'s cards, or None when a link's chain is too short to read it."""
    first = found.anchors[0]
    if found.parent.mem_id not in first.chain_ids:
        return None
    depth = first.chain_ids.index(found.parent.mem_id)
    levels: list[tuple[str, frozenset[str]]] = []
    for level in range(-1, depth + 1 + _TAGS_ABOVE):
        tags: set[str] = set()
        classes: set[str] = set()
        for anchor in found.anchors:
            if level >= len(anchor.chain):
                return None
            node = anchor.node if level < 0 else anchor.chain[level]
            tags.add(node.tag or "")
            if level <= depth:
                classes.update((node.attrs.get("class") or "").split())
        if len(tags) != 1:
            return None
        levels.append((tags.pop(), frozenset(classes)))
    return ListShape(tuple(levels))
