"""A feed body made readable for a strict XML parser: decoded right, prolog junk cut.

Real feeds are sloppy in ways that make a conforming XML parser give up, and feedparser's
fallback for that (an SGML parser) is several times slower and loses structure. So before
feedparser sees a body:

- the encoding is decided here. A byte order mark wins; then bytes that are valid UTF-8 are
  UTF-8, whatever the declaration says (a latin-1 label on UTF-8 bytes is the common lie, and
  legacy text almost never forms valid multi-byte UTF-8); then the declared encoding, where an
  absent, UTF-8 or latin-1 label on bytes that are not UTF-8 means windows-1252 (WHATWG), unless
  the bytes are mostly UTF-8 with a few stray bytes. A `str` body (decoded by someone else) is
  repaired only when it is UTF-8 read as windows-1252 or latin-1 ("Ã©" for "é").
- anything before the XML declaration or first tag is cut (blank lines, a BOM, a PHP notice):
  an XML declaration that is not at the start is a fatal error (XML 1.0 §2.8).
- HTML named entities (`&eacute;`, `&nbsp;`), undefined in XML, become numeric references,
  unless the document declares entities of its own.
"""

from __future__ import annotations

import codecs
import re
from html.entities import name2codepoint

from scraper.parse.sniff import BYTE_ORDER_MARKS

__all__ = ["PROLOG_SCAN_CHARS", "feed_text"]

PROLOG_SCAN_CHARS = 4096  # how far we look for `<?xml`, its encoding, or `<!ENTITY`

_DECLARED = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# Python codec names whose label, on bytes that are not UTF-8, means windows-1252 (WHATWG).
_AS_WINDOWS_1252 = frozenset({"ascii", "iso8859-1", "cp1252", "utf-8"})
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_LEADING_SPACE = "\ufeff \t\r\n"
_DECLARATION = re.compile(r"<\?xml\s")
_ROOT = re.compile(r"<(?:[\w.-]+:)?(?:rss|feed|RDF|channel)[\s>/]")
# The bytes windows-1252 leaves undefined; WHATWG (and latin-1) decode them to U+0081 etc.
_UNDEFINED_IN_1252 = {code: 0xDC00 + code for code in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def feed_text(body: bytes | str) -> str:
    """The document as text from its first markup on ("" when there is nothing).

    JSON (a JSON Feed) is returned from its opening brace; XML with HTML entities made numeric.
    """
    text = _from_first_markup(_decoded(body).lstrip(_LEADING_SPACE))
    return text if text.startswith(("{", "[")) else _numeric_entities(text)


def _from_first_markup(text: str) -> str:
    """Text from the XML declaration on, or from the first tag when there is no declaration.

    A declaration behind something that is not the feed's root (a PHP warning in `<b>` tags)
    marks where the document starts; behind the root, "<?xml" is only text in the content.
    """
    if not text or text.startswith(("<?xml", "{", "[")):
        return text
    declaration = _DECLARATION.search(text, 0, PROLOG_SCAN_CHARS)
    if declaration is not None and _ROOT.search(text, 0, declaration.start()) is None:
        return text[declaration.start() :]
    start = text.find("<")
    return text[start:] if start > 0 else text


def _decoded(body: bytes | str) -> str:
    """Bytes or text as text, choosing the encoding as the module docstring says."""
    if isinstance(body, str):
        return _repaired_mojibake(body)
    for bom, codec in BYTE_ORDER_MARKS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return _legacy_decoded(body)


def _legacy_decoded(body: bytes) -> str:
    """Bytes that are not valid UTF-8, in their declared encoding or windows-1252."""
    declared = _declared_codec(body)
    if declared in _AS_WINDOWS_1252:
        valid = len(_UTF8_SEQUENCE.findall(body))
        if valid * 2 > len(_NON_ASCII.findall(body)):  # each sequence has 2-4 non-ASCII bytes
            return body.decode("utf-8", "replace")
        return body.decode("cp1252", "replace")
    try:
        return body.decode(declared)
    except UnicodeDecodeError:
        return body.decode(declared, "replace")


def _declared_codec(body: bytes) -> str:
    """The Python codec named by the XML declaration; UTF-8 (XML's default) if none or unknown."""
    match = _DECLARED.search(body, 0, PROLOG_SCAN_CHARS)
    label = match.group(1).decode("ascii").lower() if match else "utf-8"
    if label in {"gb2312", "gbk"}:
        label = "gb18030"  # a superset, as WHATWG decodes both
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return "utf-8"
    # Without a BOM, a UTF-16/32 label cannot be true of bytes whose declaration we read as ASCII.
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def _repaired_mojibake(text: str) -> str:
    """Text decoded as windows-1252 or latin-1 although its bytes were UTF-8, decoded again.

    Strict on purpose: every character must map back to one byte and the bytes must be valid
    UTF-8, which real Western text (a lone "é" is the byte E9) practically never is.
    """
    if text.isascii():
        return text
    for single_bytes in (_windows_1252_bytes, _latin_1_bytes):
        try:
            raw = single_bytes(text)
        except UnicodeEncodeError:
            continue
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return text
    return text


def _windows_1252_bytes(text: str) -> bytes:
    """`text` encoded as WHATWG windows-1252, whose five undefined bytes pass through."""
    return text.translate(_UNDEFINED_IN_1252).encode("cp1252", "surrogateescape")


def _latin_1_bytes(text: str) -> bytes:
    """`text` encoded as ISO-8859-1, for text a latin-1 decoder produced (C1 controls)."""
    return text.encode("latin-1")


def _numeric_entities(text: str) -> str:
    """HTML named entities as numeric references, unless the document declares its own."""
    if "&" not in text or "<!ENTITY" in text[:PROLOG_SCAN_CHARS]:
        return text

    def numeric(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES or name not in name2codepoint:
            return match.group(0)
        return f"&#{name2codepoint[name]};"

    return _ENTITY.sub(numeric, text)
