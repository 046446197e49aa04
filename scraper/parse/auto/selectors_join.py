"""Title and url selectors that read several differently laid out sections at once.

A pinned spec has one `title` and one `url` selector for every card, so sections whose own
selectors differ (`h3 a` in one, `h2 a` in another) join as a selector list. A list is read
with `css_first`, the first match in page order, so a broad part (`a`) can pick the wrong
node in another section's card; such a part is then scoped to its section's cards by
prefixing the section's items selectors (`ul.news > li h3 a`). A section the list already
read keeps its own selector latent, shown only when every part has to be scoped. Each way is
checked on every card taken so far, plainest first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["FieldParts", "Part", "joined_parts", "render"]


@dataclass(frozen=True, slots=True)
class Part:
    """One section's selector for a field, relative to its cards, maybe scoped to them."""

    scopes: tuple[str, ...]  # the section's items selectors
    css: str
    scoped: bool = False
    latent: bool = False  # the list reads the section already: shown only once scoped

    def render(self) -> str:
        """The CSS this part adds to the field's selector list ("" for none)."""
        if not self.scoped:
            return "" if self.latent else self.css
        return ", ".join(f"{scope} {self.css}" for scope in self.scopes)


FieldParts = dict[str, tuple[Part, ...]]  # "title" / "url" -> the parts of its selector list


def render(parts: Sequence[Part]) -> str:
    """The field's selector list, each distinct piece once."""
    return ", ".join(dict.fromkeys(css for css in (part.render() for part in parts) if css))


def joined_parts(
    parts: FieldParts,
    own: dict[str, str],
    scopes: tuple[str, ...],
    reads: Callable[[FieldParts], bool],
) -> FieldParts | None:
    """`parts` widened by a section's `own` selectors so that `reads` accepts them, or None."""
    if any(not css for css in own.values()) or any(
        not part.css for field in parts.values() for part in field
    ):
        return None  # "" (the card itself) cannot join a list
    ways: list[FieldParts] = []
    for scoped_old in (False, True):
        for scoped_new in (False, True):
            if scoped_old and not scoped_new:
                continue
            ways.append(
                {
                    name: (
                        *(
                            Part(part.scopes, part.css, part.scoped or scoped_old, part.latent)
                            for part in field
                        ),
                        Part(scopes, own[name], scoped_new),
                    )
                    for name, field in parts.items()
                }
            )
    return next((way for way in ways if reads(way)), None)
