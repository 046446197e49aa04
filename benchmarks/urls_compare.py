"""Our `canonical_url` against w3lib's `canonicalize_url` and url-normalize's `url_normalize`.

    python -m benchmarks.urls_compare        # markdown tables on stdout (needs the bench extra)

Each case has the spelling a browser sends for it (RFC 3986 section 6 normalisation plus the
UTF-8 encoding of an IRI), and the table marks which implementation gives exactly that. The
cases are about identity only; query sorting and tracking parameters, where the three choose
differently on purpose, are left out. Then µs per call on a plain article URL and on an IRI.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable

from pipelines import canonical_url

__all__ = ["CASES", "main"]

CASES: dict[str, tuple[str, str]] = {
    "dot segments": ("https://acme.test/a/./b/../c", "https://acme.test/a/c"),
    "dot-dot above root": ("https://acme.test/../a", "https://acme.test/a"),
    "escape case": ("https://acme.test/a%2fb", "https://acme.test/a%2Fb"),
    "unreserved escape": ("https://acme.test/%7Euser/%41", "https://acme.test/~user/A"),
    "reserved escape kept": ("https://acme.test/a%2Fb", "https://acme.test/a%2Fb"),
    "Cyrillic path": (
        "https://acme.test/порт",
        "https://acme.test/%D0%BF%D0%BE%D1%80%D1%82",
    ),
    "CJK query": ("https://acme.test/s?q=港口", "https://acme.test/s?q=%E6%B8%AF%E5%8F%A3"),
    "IRI host": ("https://café.test/a", "https://xn--caf-dma.test/a"),
    "space in path": ("https://acme.test/a b", "https://acme.test/a%20b"),
    "scheme and host case": ("HTTPS://Acme.TEST/A", "https://acme.test/A"),
    "default port": ("https://acme.test:443/a", "https://acme.test/a"),
    "empty path": ("https://acme.test", "https://acme.test/"),
    "fragment": ("https://acme.test/a#top", "https://acme.test/a"),
    "plus in query kept": ("https://acme.test/s?q=a+b", "https://acme.test/s?q=a+b"),
}
_PLAIN = "https://scale01.test/news/2025/01/harbour-quay-crane-berth-123.html"
_IRI = "https://acme.test/новости/порт-открыт?q=港口"


def _implementations() -> dict[str, Callable[[str], str]]:
    found: dict[str, Callable[[str], str]] = {"tidings canonical_url": canonical_url}
    try:
        from w3lib.url import canonicalize_url

        found["w3lib canonicalize_url"] = canonicalize_url
    except ImportError:
        pass
    try:
        from url_normalize import url_normalize

        found["url-normalize"] = lambda url: url_normalize(url, filter_params=False)
    except ImportError:
        pass
    return found


def _safe(call: Callable[[str], str], url: str) -> str:
    try:
        return call(url)
    except Exception as exc:  # a library's failure is a result in this table
        return f"error: {type(exc).__name__}"


def main() -> None:
    impls = _implementations()
    names = list(impls)
    print("| case | input | browser sends | " + " | ".join(names) + " |")
    print("|---|---|---|" + "---|" * len(names))
    right = dict.fromkeys(names, 0)
    for case, (url, want) in CASES.items():
        cells = []
        for name in names:
            got = _safe(impls[name], url)
            ok = got == want
            right[name] += ok
            cells.append("✓" if ok else f"✗ `{got}`")
        print(f"| {case} | `{url}` | `{want}` | " + " | ".join(cells) + " |")
    print("| **right** | | | " + " | ".join(f"{right[n]}/{len(CASES)}" for n in names) + " |")
    print()
    print("| implementation | µs/call plain URL | µs/call IRI |\n|---|---|---|")
    for name, call in impls.items():
        plain = min(timeit.repeat(lambda c=call: c(_PLAIN), number=20_000, repeat=3)) / 20_000
        iri = min(timeit.repeat(lambda c=call: c(_IRI), number=5_000, repeat=3)) / 5_000
        print(f"| {name} | {plain * 1e6:.2f} | {iri * 1e6:.2f} |")


if __name__ == "__main__":
    main()
