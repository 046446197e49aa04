"""One spelling per article URL, because the canonical URL is an item's identity.

The same story reaches us as `HTTPS://Acme.test:443/a?utm_source=x&b=2&a=1#comments` from one
page and `https://acme.test/a?a=1&b=2` from the next. `canonical_url` makes those equal:
scheme and host lower-cased, the default port, the fragment and tracking parameters dropped, the
query sorted by key (a stable sort, so repeated keys keep their order; blank values kept), and an
empty path spelled "/".

Path and query are then written as a browser sends them (RFC 3986 section 6.2.2): percent
escapes of unreserved characters decoded (`%7e` is `~`, `%41` is `A`), the others upper-cased
(`%2f` is `%2F`), dot segments resolved (`/a/./b/../c` is `/a/c`), and anything that may not
appear in a URI (non-ASCII text of an IRI, spaces, quotes) percent-encoded as UTF-8: a Cyrillic
path is stored as `/%D0%BD%D0%BE...`. Reserved escapes stay escaped, since servers may treat
`%2F` and `/`, or `+` and `%20`, differently. A non-ASCII host becomes its IDNA form
(`xn--...`); an ASCII one stays as written. Only URLs holding a `%`, a dot segment or a
character outside printable ASCII take that slower path (`_needs_rewrite`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import quote, unquote, urlsplit

from pipelines.items import Item, Rejected

__all__ = ["canonical_url", "canonicalize"]

_DEFAULT_PORTS = {"http": "80", "https": "443"}
# Ad-click ids and analytics/mail tags: they say how a reader arrived, never which article.
_TRACKING_PARAMS = frozenset({
    "_ga", "_gl", "_hsenc", "_hsmi", "dclid", "fbclid", "gbraid", "gclid", "gclsrc", "igshid",
    "mc_cid", "mc_eid", "mkt_tok", "msclkid", "ref_src", "ref_url", "twclid", "ttclid", "wbraid",
    "yclid",
})  # fmt: skip
_TRACKING_PREFIXES = ("utm_",)
_HOST_PORT = re.compile(r"(?P<host>\[[^\]]*\]|[^:]*)(?::(?P<port>[^:]*))?")
# A bracketed IP literal, or a name free of whitespace and URL delimiters (IDNA names pass).
_VALID_HOST = re.compile(r"(?:\[[0-9a-f:.]+\]|[^\s/?#@\[\]:\\]+)", re.IGNORECASE)
# The spelling most links already have: lower-case http(s) scheme and ASCII host, no userinfo,
# a port of digits, and none of the tab/CR/LF characters urlsplit deletes. For these the split
# below is exactly urlsplit's (netloc up to the first "/?#", path up to "?" or "#", query up to
# "#"), and it costs one regex match instead of urlsplit, `.port`, `.hostname` and two matches.
_SIMPLE = re.compile(
    r"(?P<scheme>https?)://(?P<host>[a-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?"
    r"(?P<path>/[^?#\t\r\n]*)?(?:\?(?P<query>[^#\t\r\n]*))?(?:#[^\t\r\n]*)?"
)
_MAX_PORT = 65535
# RFC 3986 2.3: unreserved characters mean the same escaped or not.
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
# What `quote` leaves alone: reserved and unreserved characters, and "%" of existing escapes.
_URI_SAFE = "!#$&'()*+,/:;=?@[]~%"
_PLAIN = re.compile(r"[!#$&'()*+,/:;=?@\[\]~A-Za-z0-9._-]*")


def canonical_url(url: str) -> str:
    """The one spelling of `url`; idempotent, and never raises.

    Only absolute http and https URLs are rewritten: anything else comes back stripped of
    surrounding whitespace, for `canonicalize` to reject.
    """
    url = url.strip()
    return _canonical(url) or url


def canonicalize(item: Item) -> Item | Rejected:
    """The stage: rewrite `url` canonically; Rejected("bad_url") unless absolute http(s).

    An empty URL passes through untouched so that `require_url` counts it as "missing_url".
    """
    stripped = item.url.strip()
    if not stripped:
        return item
    url = _canonical(stripped)
    if url is None:
        return Rejected("bad_url")
    return item if url == item.url else replace(item, url=url)


def _canonical(url: str) -> str | None:
    """The canonical spelling, or None unless `url` is absolute http(s) with a valid host/port."""
    simple = _SIMPLE.fullmatch(url)
    if simple is not None:
        scheme, host, port, path, query = simple.group("scheme", "host", "port", "path", "query")
        if (port is None or int(port) <= _MAX_PORT) and not _needs_rewrite(path, query):
            query = _canonical_query(query) if query else ""
            netloc = host + _port_suffix(scheme, port)
            return f"{scheme}://{netloc}{path or '/'}" + (f"?{query}" if query else "")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is no number in range
    except ValueError:  # also "http://[::1" and other unparseable netlocs
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    userinfo, at, host_port = parts.netloc.rpartition("@")
    match = _HOST_PORT.fullmatch(host_port)
    if match is None or _VALID_HOST.fullmatch(match["host"]) is None:
        return None
    host = _ascii_host(match["host"].lower())
    if host is None:
        return None
    netloc = f"{userinfo}{at}{host}" + _port_suffix(parts.scheme, match["port"])
    query = _canonical_query(_uri_text(parts.query)) if parts.query else ""
    path = _without_dot_segments(_uri_text(parts.path)) or "/"
    return f"{parts.scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def _needs_rewrite(path: str | None, query: str | None) -> bool:
    """True when path or query holds an escape, a dot segment or a character a URI may not
    carry; the rest (most links) are already written as a browser sends them."""
    for text in (path, query):
        if text and (_PLAIN.fullmatch(text) is None or "%" in text):
            return True
    return path is not None and "/." in path


def _uri_text(text: str) -> str:
    """Escapes normalized (unreserved decoded, the rest upper-case) and every character a URI
    may not hold percent-encoded as UTF-8."""
    if "%" in text:
        text = _ESCAPE.sub(_normal_escape, text)
    if _PLAIN.fullmatch(text) is None:
        text = quote(text, safe=_URI_SAFE, encoding="utf-8", errors="surrogatepass")
    return text


def _normal_escape(match: re.Match[str]) -> str:
    byte = int(match[1], 16)
    return chr(byte) if byte in _UNRESERVED else f"%{byte:02X}"


def _without_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4 "remove_dot_segments" for an absolute path."""
    if "/." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")[1:]
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        elif segment == ".":
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/" + "/".join(out)


def _ascii_host(host: str) -> str | None:
    """An ASCII host as written; a non-ASCII one in IDNA form (None if it has none)."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _port_suffix(scheme: str, port: str | None) -> str:
    """ ":port", or "" for no port, an empty one, or the scheme's default (80/443)."""
    if not port:
        return ""
    number = str(int(port))  # urlsplit has checked it is a number in range
    return "" if number == _DEFAULT_PORTS[scheme] else f":{number}"


def _canonical_query(query: str) -> str:
    pairs = [pair for pair in query.split("&") if pair and not _is_tracking(pair)]
    pairs.sort(key=_query_key)
    return "&".join(pairs)


def _query_key(pair: str) -> str:
    return pair.partition("=")[0]


def _is_tracking(pair: str) -> bool:
    key = pair.partition("=")[0]
    if "%" in key:
        key = unquote(key)
    key = key.lower()
    return key in _TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES)
