"""What `tidings query` prints: items, one row per story (`--collapse`), or one item's edit
history (`--revisions`). Each is one storage call plus rendering; the CLI only passes options."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scraper.errors import ConfigError
from scraper.render import Format, render_rows

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from storage import ItemFilter

__all__ = ["ITEM_COLUMNS", "REVISION_COLUMNS", "STORY_COLUMNS", "show_query"]

ITEM_COLUMNS = ("published", "source", "category", "title", "url")
STORY_COLUMNS = ("published", "sources", "title", "url")
REVISION_COLUMNS = ("seen_at", "replaced_at", "published", "category", "title")


def show_query(
    engine: Engine, flt: ItemFilter, fmt: Format, *, collapse: bool, revisions: str | None
) -> None:
    """Print the items `flt` selects, their stories, or the history of the URL `revisions`."""
    if revisions is not None:
        _show_history(engine, revisions, fmt)
        return
    from storage import query_items, query_stories

    if collapse:
        stories = [story.to_dict() for story in query_stories(engine, flt)]
        render_rows(stories, fmt, columns=STORY_COLUMNS)
        return
    render_rows([item.to_dict() for item in query_items(engine, flt)], fmt, columns=ITEM_COLUMNS)


def _show_history(engine: Engine, url: str, fmt: Format) -> None:
    from pipelines import canonical_url
    from storage import item_history

    history = item_history(engine, canonical_url(url))
    if history is None:
        raise ConfigError("no stored item has this URL", field=f"--revisions {url}")
    render_rows([r.to_dict() for r in history], fmt, columns=REVISION_COLUMNS)
