"""Cards a page states in machine-readable form: JSON-LD, microdata and hAtom.

When a page says what its stories are, that beats any guess from its layout, so these values
win field by field over the DOM cards for the same URL (`merge_items`); the DOM still fills
the gaps and adds the stories the markup left out.

- **JSON-LD** (`<script type="application/ld+json">`, read before script bodies are dropped):
  an `ItemList`'s elements (a `ListItem` naming an `item` or a `url`), and article objects
  (`Article`, `NewsArticle`, `BlogPosting`, ... anywhere, `@graph`, `mainEntity` and
  `hasPart` included: a `CollectionPage` holds its `ItemList` there) when there are
  two or more of them: one article is the page describing itself, not a listing.
  `BreadcrumbList` is navigation and is skipped; so is anything naming the page itself.
- **microdata**: outermost `itemscope` elements of an article type; properties are read from
  `itemprop` elements whose nearest scope is the item's own (an author's `name` is not the
  headline).
- **hAtom**: outermost `.hentry` elements, with `.entry-title`, `rel=bookmark`,
  `.entry-summary`, `.published` / `.updated` and `rel=tag`.

Broken JSON is skipped, never raised: a page's markup is a hint, not a contract.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from pipelines import RawItem, canonical_url
from scraper.parse.document import node_text, resolve_link, same_page

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["jsonld_blocks", "merge_items", "structured_items"]

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "report", "techarticle", "scholarlyarticle",
        "socialmediaposting", "liveblogposting", "opinionnewsarticle", "analysisnewsarticle",
        "reviewnewsarticle", "reportagenewsarticle", "backgroundnewsarticle", "posting",
        "discussionforumposting", "creativework", "videoobject", "podcastepisode",
    }
)  # fmt: skip
_MIN_ARTICLES = 2
_MAX_NESTING = 8
_URL_ATTRS = {"a": "href", "area": "href", "link": "href", "img": "src", "audio": "src",
              "video": "src", "source": "src", "iframe": "src", "embed": "src"}  # fmt: skip


def jsonld_blocks(tree: LexborHTMLParser) -> list[str]:
    """The bodies of the page's JSON-LD scripts (call before script elements are stripped)."""
    return [node.text() for node in tree.css("script[type]") if _is_jsonld(node)]


def structured_items(
    tree: LexborHTMLParser, scripts: list[str], *, base: str, page_url: str
) -> list[RawItem]:
    """Items from JSON-LD, then microdata, then hAtom; each URL once, page itself excluded."""
    found: dict[str, RawItem] = {}
    for item in [*_jsonld_items(scripts, base), *_microdata(tree, base), *_hatom(tree, base)]:
        if item.url is None or not item.title or same_page(item.url, page_url):
            continue
        key = _key(item.url)
        found[key] = _merged(found[key], item) if key in found else item
    return list(found.values())


def merge_items(marked: list[RawItem], dom: list[RawItem]) -> list[RawItem]:
    """DOM items in page order with structured values winning field by field, then the
    structured items the DOM did not find. Matching is by canonical URL, trailing slash aside.
    """
    by_key = {_key(item.url or ""): item for item in marked}
    merged: list[RawItem] = []
    used: set[str] = set()
    for item in dom:
        key = _key(item.url or "")
        if key in by_key and key not in used:
            merged.append(_merged(by_key[key], item))
            used.add(key)
        elif key not in used:
            merged.append(item)
    merged.extend(item for key, item in by_key.items() if key not in used)
    return merged


def _merged(first: RawItem, second: RawItem) -> RawItem:
    return RawItem(
        title=first.title or second.title,
        url=first.url or second.url,
        summary=first.summary or second.summary,
        date=first.date or second.date,
        category=first.category or second.category,
    )


def _key(url: str) -> str:
    return canonical_url(url).rstrip("/")


def _is_jsonld(node: LexborNode) -> bool:
    kind = (node.attrs.get("type") or "").split(";")[0].strip().lower()
    return kind == "application/ld+json"


def _jsonld_items(scripts: list[str], base: str) -> list[RawItem]:
    listed: list[RawItem] = []
    articles: list[RawItem] = []
    for script in scripts:
        try:
            data = json.loads(script.strip().removeprefix("<!--").removesuffix("-->"))
        except ValueError:
            continue
        for obj in _objects(data):
            types = _types(obj)
            if "itemlist" in types:
                listed.extend(_list_elements(obj, base))
            elif types & ARTICLE_TYPES:
                item = _article(obj, base)
                if item is not None:
                    articles.append(item)
    return listed + (articles if len(articles) >= _MIN_ARTICLES else [])


# Where a page object holds its listing: `CollectionPage.mainEntity` is an `ItemList`.
_HOLDERS = ("@graph", "mainEntity", "hasPart")


def _objects(data: object, depth: int = 0) -> Iterator[Mapping[str, object]]:
    """Every JSON object reachable through lists, `@graph`, `mainEntity` and `hasPart`,
    outermost first (nested no deeper than `_MAX_NESTING`: the markup is a hint)."""
    if depth > _MAX_NESTING:
        return
    if isinstance(data, list):
        for value in data:
            yield from _objects(value, depth + 1)
    elif isinstance(data, dict):
        yield data
        for holder in _HOLDERS:
            inner = data.get(holder)
            if isinstance(inner, list | dict):
                yield from _objects(inner, depth + 1)


def _types(obj: Mapping[str, object]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(value).rsplit("/", 1)[-1].lower() for value in values if value}


def _list_elements(obj: Mapping[str, object], base: str) -> Iterator[RawItem]:
    elements = obj.get("itemListElement")
    for element in elements if isinstance(elements, list) else []:
        if not isinstance(element, dict):
            continue
        inner = element.get("item")
        if isinstance(inner, dict):
            item = _article({**element, **inner}, base)
        else:
            url = inner if isinstance(inner, str) else element.get("url")
            item = _article({**element, "url": url}, base)
        if item is not None:
            yield item


def _article(obj: Mapping[str, object], base: str) -> RawItem | None:
    url = _first_url(obj, base)
    title = _text(obj.get("headline")) or _text(obj.get("name"))
    if url is None or not title:
        return None
    section = obj.get("articleSection") or obj.get("genre")
    return RawItem(
        title=title,
        url=url,
        summary=_text(obj.get("description")) or _text(obj.get("abstract")),
        date=_text(obj.get("datePublished")) or _text(obj.get("dateCreated")),
        category=_text(section[0] if isinstance(section, list) and section else section),
    )


def _first_url(obj: Mapping[str, object], base: str) -> str | None:
    for name in ("url", "mainEntityOfPage", "@id"):
        value = obj.get(name)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str):
            url = resolve_link(value, base)
            if url is not None:
                return url
    return None


def _text(value: object) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _microdata(tree: LexborHTMLParser, base: str) -> Iterator[RawItem]:
    for scope in tree.css("[itemscope][itemtype]"):
        if not _is_article_scope(scope) or _outer_scope(scope, article_only=True) is not None:
            continue
        props = _props(scope, base)
        url = props.get("url") or _link_inside(scope, base)
        title = props.get("headline") or props.get("name")
        if url and title:
            yield RawItem(
                title=title,
                url=url,
                summary=props.get("description"),
                date=props.get("datePublished") or props.get("dateCreated"),
                category=props.get("articleSection") or props.get("genre"),
            )


def _is_article_scope(node: LexborNode) -> bool:
    types = (node.attrs.get("itemtype") or "").split()
    return any(value.rstrip("/").rsplit("/", 1)[-1].lower() in ARTICLE_TYPES for value in types)


def _outer_scope(node: LexborNode, *, article_only: bool = False) -> LexborNode | None:
    """The nearest ancestor with `itemscope` (of an article type, if asked), or None."""
    parent = node.parent
    while parent is not None and parent.tag not in ("html", "-document"):
        if "itemscope" in parent.attrs and (not article_only or _is_article_scope(parent)):
            return parent
        parent = parent.parent
    return None


def _props(scope: LexborNode, base: str) -> dict[str, str]:
    props: dict[str, str] = {}
    scope_id = scope.mem_id
    for node in scope.css("[itemprop]"):
        owner = _outer_scope(node)
        if owner is None or owner.mem_id != scope_id:
            continue
        value = _prop_value(node, base)
        for name in (node.attrs.get("itemprop") or "").split():
            if value and name not in props:
                props[name] = value
    return props


def _prop_value(node: LexborNode, base: str) -> str | None:
    attrs = node.attrs
    if node.tag == "meta":
        return _text(attrs.get("content"))
    if node.tag in _URL_ATTRS:
        raw = attrs.get(_URL_ATTRS[node.tag])
        return resolve_link(raw, base) if raw else None
    if node.tag in ("time", "data", "meter"):
        return _text(attrs.get("datetime") or attrs.get("value")) or node_text(node) or None
    return _text(attrs.get("content")) or node_text(node) or None


def _link_inside(node: LexborNode, base: str) -> str | None:
    link = node.css_first("h1 a[href], h2 a[href], h3 a[href], h4 a[href], a[href]")
    return resolve_link(link.attrs.get("href") or "", base) if link is not None else None


def _hatom(tree: LexborHTMLParser, base: str) -> Iterator[RawItem]:
    for entry in tree.css(".hentry"):
        if _inside_entry(entry):
            continue
        title_node = entry.css_first(".entry-title")
        title = node_text(title_node) if title_node is not None else ""
        link = entry.css_first("a[rel~=bookmark][href]") or (
            title_node.css_first("a[href]") if title_node is not None else None
        )
        if link is None and title_node is not None and title_node.tag == "a":
            link = title_node
        url = resolve_link(link.attrs.get("href") or "", base) if link is not None else None
        if not title or url is None:
            continue
        summary = entry.css_first(".entry-summary")
        tag = entry.css_first("a[rel~=tag]")
        yield RawItem(
            title=title,
            url=url,
            summary=node_text(summary) or None if summary is not None else None,
            date=_hatom_date(entry),
            category=node_text(tag) or None if tag is not None else None,
        )


def _inside_entry(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.tag not in ("html", "-document"):
        if "hentry" in (parent.attrs.get("class") or "").split():
            return True
        parent = parent.parent
    return False


def _hatom_date(entry: LexborNode) -> str | None:
    node = entry.css_first(".published") or entry.css_first(".updated")
    if node is None:
        return None
    value = node.attrs.get("datetime") or node.attrs.get("title")
    return _text(value) or node_text(node) or None
