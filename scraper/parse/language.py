"""The language a page declares, which decides how its dates read ("03/04" and month names).

`<html lang>` is what CMSs fill in; the older `<meta http-equiv="content-language">` is the
fallback. Values are passed on as written, with `_` turned into `-` ("en_US" -> "en-US"): the
date stage reads only the primary subtag, and guessing a language from the text is left out on
purpose (a short listing misleads detectors more often than it helps them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

__all__ = ["page_language"]


def page_language(tree: LexborHTMLParser) -> str | None:
    """The page's `<html lang>` (e.g. "de", "pt-BR"), else its content-language meta, else None."""
    root = tree.root  # the <html> element: a parsed document always has one, as its root
    lang = (root.attrs.get("lang") or root.attrs.get("xml:lang") or "") if root is not None else ""
    if not lang.strip():
        meta = tree.css_first("meta[http-equiv='content-language' i]")
        lang = (meta.attrs.get("content") or "") if meta is not None else ""
    lang = lang.strip().split(",")[0].strip().replace("_", "-")
    return lang or None
