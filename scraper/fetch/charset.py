"""Turn a page's bytes into text, choosing the encoding the way a browser would.

Listing pages still arrive in legacy encodings, often with a wrong or missing label, and a
mis-decoded page poisons every title we store. The order of evidence:

1. a byte order mark (WHATWG "BOM sniffing" lets it override the transport label, so a UTF-8
   BOM behind `charset=iso-8859-1` still decodes as UTF-8);
2. the `charset` parameter of the Content-Type header;
3. `<meta charset>` / `<meta http-equiv=Content-Type>` or an XML declaration in the first 4 KB;
4. detection: UTF-8 if the bytes are (mostly) valid UTF-8, else charset_normalizer on the text
   with the markup removed;
5. UTF-8 with U+FFFD for whatever is left.

Labels map as in the WHATWG Encoding Standard: ISO-8859-1 and ASCII mean windows-1252, GB2312
means GB18030, a meta that claims UTF-16 means UTF-8. A label we do not know (or a codec that is
not a web encoding, such as base64 or UTF-7) is ignored and the next step decides.

Detection sends every Latin-script guess to windows-1252: on short Western pages
charset_normalizer often answers cp1250 or hp_roman8, which garbles é, ï and ñ, and browsers
fall back to windows-1252 for undeclared pages too. The cost, on purpose: an undeclared
Central European page (cp1250) decodes as windows-1252. Non-Latin guesses (Cyrillic, Greek,
CJK, ...) are kept.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["FALLBACK_ENCODING", "PRESCAN_BYTES", "decode_body", "resolve_label"]

FALLBACK_ENCODING = "utf-8"
PRESCAN_BYTES = 4096  # how far into the body we look for <meta charset> or <?xml encoding?>
_DETECT_BYTES = 256 * 1024  # enough text for charset_normalizer, bounded CPU on huge pages

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
)

# Labels that WHATWG knows and Python's codec registry does not.
_EXTRA_LABELS = {
    "windows-874": "cp874",
    "x-cp1252": "cp1252",
    "x-cp1250": "cp1250",
    "x-cp1251": "cp1251",
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-roman": "mac-roman",
    "iso-8859-8-i": "iso8859-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-gbk": "gbk",
}

# Python codec name (as codecs.lookup spells it) -> (codec we decode with, WHATWG name).
# Only web encodings are listed, so base64, rot13 or utf-7 in a header cannot be applied.
_WEB_ENCODINGS: dict[str, tuple[str, str]] = {
    "utf-8": ("utf-8", "utf-8"),
    "ascii": ("cp1252", "windows-1252"),
    "iso8859-1": ("cp1252", "windows-1252"),
    "cp1252": ("cp1252", "windows-1252"),
    "iso8859-9": ("cp1254", "windows-1254"),
    "iso8859-11": ("cp874", "windows-874"),
    "tis-620": ("cp874", "windows-874"),
    "cp874": ("cp874", "windows-874"),
    **{f"iso8859-{n}": (f"iso8859-{n}", f"iso-8859-{n}") for n in (2, 3, 4, 5, 6, 7, 8, 10)},
    **{f"iso8859-{n}": (f"iso8859-{n}", f"iso-8859-{n}") for n in (13, 14, 15, 16)},
    **{f"cp125{n}": (f"cp125{n}", f"windows-125{n}") for n in range(9) if n != 2},
    "koi8-r": ("koi8-r", "koi8-r"),
    "koi8-u": ("koi8-u", "koi8-u"),
    "cp866": ("cp866", "ibm866"),
    "mac-roman": ("mac-roman", "macintosh"),
    "mac-cyrillic": ("mac-cyrillic", "x-mac-cyrillic"),
    "gb2312": ("gb18030", "gbk"),
    "gbk": ("gb18030", "gbk"),
    "gb18030": ("gb18030", "gb18030"),
    "big5": ("big5hkscs", "big5"),
    "big5hkscs": ("big5hkscs", "big5"),
    "euc_jp": ("euc_jp", "euc-jp"),
    "iso2022_jp": ("iso2022_jp", "iso-2022-jp"),
    "shift_jis": ("cp932", "shift_jis"),
    "cp932": ("cp932", "shift_jis"),
    "euc_kr": ("cp949", "euc-kr"),
    "cp949": ("cp949", "euc-kr"),
    "utf-16": ("utf-16-le", "utf-16le"),
    "utf-16-le": ("utf-16-le", "utf-16le"),
    "utf-16-be": ("utf-16-be", "utf-16be"),
}

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^\s"';,]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:\-]+)""", re.IGNORECASE
)
_MARKUP = re.compile(rb"<[^>]*>")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def resolve_label(label: str) -> tuple[str, str] | None:
    """Map a charset label to (Python codec, WHATWG name), or None if it is not a web encoding."""
    key = label.strip().strip("\"'").lower()
    key = _EXTRA_LABELS.get(key, key)
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    return _WEB_ENCODINGS.get(name)


def decode_body(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode `body` and return (text, WHATWG encoding name); never raises on bad bytes."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name
    chosen = _label_from_header(content_type) or _label_from_prescan(body) or _detect(body)
    codec, name = chosen or (FALLBACK_ENCODING, FALLBACK_ENCODING)
    return body.decode(codec, errors="replace"), name


def _label_from_header(content_type: str | None) -> tuple[str, str] | None:
    """The charset parameter of a Content-Type value, if it names a web encoding."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return resolve_label(match.group(1)) if match else None


def _label_from_prescan(body: bytes) -> tuple[str, str] | None:
    """`<meta charset>`, http-equiv or `<?xml encoding?>` within the first PRESCAN_BYTES."""
    head = body[:PRESCAN_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    resolved = resolve_label(match.group(1).decode("ascii"))
    if resolved is not None and resolved[1].startswith("utf-16"):
        # A document that can state its label in ASCII bytes is not UTF-16 (WHATWG prescan).
        return _WEB_ENCODINGS["utf-8"]
    return resolved


def _detect(body: bytes) -> tuple[str, str] | None:
    """Guess from the bytes: valid UTF-8 is UTF-8; else charset_normalizer, Latin -> 1252."""
    sample = body[:_DETECT_BYTES]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte sequence cut at the sample boundary is still UTF-8.
        cut = len(sample) < len(body) and exc.reason == "unexpected end of data"
        if not cut and not _is_mostly_utf8(sample):
            return _guess(sample)
    return _WEB_ENCODINGS["utf-8"]


def _is_mostly_utf8(sample: bytes) -> bool:
    """Most non-ASCII bytes form valid UTF-8 sequences: UTF-8 with a few broken bytes.

    Legacy single-byte text almost never does (é then two bytes from 0x80-0xBF, say), so
    this keeps one stray byte from sending a whole UTF-8 page to windows-1252.
    """
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    valid = sum(len(seq) for seq in _UTF8_SEQUENCE.findall(sample))
    return valid * 2 > high


def _guess(sample: bytes) -> tuple[str, str] | None:
    """charset_normalizer on the text without tags, mapped to a web encoding.

    Imported here: most pages declare their charset, and the import costs 1.7 MB and 15 ms.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(_MARKUP.sub(b" ", sample)).best()
    if best is None or best.encoding.startswith(("utf_16", "utf_32")):
        return None  # UTF-16/32 without a BOM is not something a web page can be
    if _is_latin_script(str(best)):
        return _WEB_ENCODINGS["cp1252"]
    return resolve_label(best.encoding)


def _is_latin_script(text: str) -> bool:
    """True when most non-ASCII letters are Latin (or there are none to judge by)."""
    letters = [ch for ch in text if ord(ch) > 0x7F and ch.isalpha()]
    latin = sum(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)
    return latin * 2 >= len(letters)
