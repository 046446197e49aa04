"""URL canonicalization: one spelling per article, and the bad_url rejection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines import Item, Rejected, canonical_url, canonicalize

CANONICAL = {
    "tracking-and-fragment": ("https://Acme.test/a?utm_source=x#top", "https://acme.test/a"),
    "query-order": ("https://acme.test/a?b=2&a=1", "https://acme.test/a?a=1&b=2"),
    "scheme-and-host-case": (
        "HTTPS://News.Acme.TEST/Path/Case",
        "https://news.acme.test/Path/Case",
    ),
    "default-https-port": ("https://acme.test:443/a", "https://acme.test/a"),
    "default-http-port": ("http://acme.test:80/a", "http://acme.test/a"),
    "other-port-kept": ("https://acme.test:8443/a", "https://acme.test:8443/a"),
    "http-port-on-https-kept": ("https://acme.test:80/a", "https://acme.test:80/a"),
    "empty-port": ("https://acme.test:/a", "https://acme.test/a"),
    "empty-path": ("https://acme.test", "https://acme.test/"),
    "empty-path-with-query": ("https://acme.test?b=1", "https://acme.test/?b=1"),
    "trailing-slash-kept": ("https://acme.test/a/", "https://acme.test/a/"),
    "path-encoding-kept": ("https://acme.test/a%2Fb/C%20d", "https://acme.test/a%2Fb/C%20d"),
    "all-tracking": (
        "https://acme.test/a?utm_medium=m&fbclid=f&gclid=g&dclid=d&msclkid=m&mc_cid=c"
        "&mc_eid=e&_ga=1&yclid=y&igshid=i&ref_src=r",
        "https://acme.test/a",
    ),
    "tracking-case-insensitive": (
        "https://acme.test/a?UTM_Source=x&id=3",
        "https://acme.test/a?id=3",
    ),
    "utm-prefix-only": ("https://acme.test/a?utmost=1", "https://acme.test/a?utmost=1"),
    "blank-values-kept": ("https://acme.test/a?z=&y", "https://acme.test/a?y&z="),
    "repeated-keys-stable": ("https://acme.test/a?t=2&s=1&t=1", "https://acme.test/a?s=1&t=2&t=1"),
    "empty-pairs-dropped": ("https://acme.test/a?&b=1&&a=2&", "https://acme.test/a?a=2&b=1"),
    "empty-query": ("https://acme.test/a?", "https://acme.test/a"),
    "query-reserved-kept": ("https://acme.test/s?q=a+b&r=%2f", "https://acme.test/s?q=a+b&r=%2F"),
    "query-unreserved-decoded": ("https://acme.test/s?r=%7E", "https://acme.test/s?r=~"),
    "dot-segments": ("https://acme.test/a/./b/../c", "https://acme.test/a/c"),
    "dot-dot-above-root": ("https://acme.test/../a", "https://acme.test/a"),
    "trailing-dot-dot": ("https://acme.test/a/b/..", "https://acme.test/a/"),
    "dots-in-names-kept": ("https://acme.test/v1.2/a..b", "https://acme.test/v1.2/a..b"),
    "escape-case": ("https://acme.test/a%2fb%3a", "https://acme.test/a%2Fb%3A"),
    "unreserved-decoded": ("https://acme.test/%7euser/%41%2D", "https://acme.test/~user/A-"),
    "escaped-dot-segment": ("https://acme.test/a/%2E%2E/b", "https://acme.test/b"),
    "cyrillic-path": (
        "https://acme.test/новости/порт",
        "https://acme.test/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%D0%BF%D0%BE%D1%80%D1%82",
    ),
    "cjk-path-and-query": (
        "https://acme.test/新闻?q=港口",
        "https://acme.test/%E6%96%B0%E9%97%BB?q=%E6%B8%AF%E5%8F%A3",
    ),
    "iri-equals-its-uri": (
        "https://acme.test/%d0%bf%d0%be%d1%80%d1%82",
        "https://acme.test/%D0%BF%D0%BE%D1%80%D1%82",
    ),
    "space-in-path": ("https://acme.test/a b", "https://acme.test/a%20b"),
    "unicode-host-to-idna": ("https://Café.test/a", "https://xn--caf-dma.test/a"),
    "userinfo-kept": ("https://Ann@Acme.test/a", "https://Ann@acme.test/a"),
    "ipv6-default-port": ("http://[::1]:80/a", "http://[::1]/a"),
    "ipv6-port-kept": ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    "leading-zero-port": ("http://acme.test:0080/a", "http://acme.test/a"),
    "surrounding-whitespace": ("  https://acme.test/a \n", "https://acme.test/a"),
    "idna-left-alone": ("https://xn--caf-dma.test/a", "https://xn--caf-dma.test/a"),
    "not-http-untouched": ("mailto:Desk@Acme.test", "mailto:Desk@Acme.test"),
    "relative-untouched": ("/news/a?b=1#c", "/news/a?b=1#c"),
    "unparseable-untouched": ("http://[::1/a", "http://[::1/a"),
}


@pytest.mark.parametrize(("raw", "want"), CANONICAL.values(), ids=CANONICAL)
def test_canonical_url(raw: str, want: str) -> None:
    assert canonical_url(raw) == want


BAD = {
    "relative": "/news/a",
    "no-scheme": "acme.test/a",
    "ftp": "ftp://acme.test/a",
    "javascript": "javascript:void(0)",
    "no-host": "https:///a",
    "port-not-number": "https://acme.test:abc/a",
    "port-out-of-range": "https://acme.test:70000/a",
    "space-in-host": "https://ac me.test/a",
    "unbalanced-ipv6": "http://[::1/a",
}


@pytest.mark.parametrize("url", BAD.values(), ids=BAD)
def test_canonicalize_rejects_bad_url(url: str) -> None:
    assert canonicalize(Item(url=url, title="T", source="s")) == Rejected("bad_url")


def test_canonicalize_rewrites_url() -> None:
    item = Item(url="HTTPS://Acme.test:443/a?utm_campaign=z#x", title="T", source="s")
    out = canonicalize(item)
    assert isinstance(out, Item)
    assert out.url == "https://acme.test/a"
    assert out.title == "T"


def test_canonicalize_returns_same_object_when_already_canonical() -> None:
    item = Item(url="https://acme.test/a", title="T", source="s")
    assert canonicalize(item) is item


@pytest.mark.parametrize("url", ["", "   "], ids=["empty", "blank"])
def test_canonicalize_leaves_missing_url_for_require_url(url: str) -> None:
    item = Item(url=url, title="T", source="s")
    assert canonicalize(item) is item


_URLS = st.from_regex(
    r"(?i:https?)://[A-Za-z]{1,8}\.test(:(80|443|8080|))?(/[A-Za-z0-9%._~-]{0,9}){0,3}"
    r"(\?([a-z_]{1,6}(=[a-z0-9+%]{0,3})?&?){0,4})?(#[a-z]{0,4})?",
    fullmatch=True,
)


@given(_URLS)
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@given(st.text())
def test_canonical_url_is_total_and_idempotent_on_any_text(text: str) -> None:
    once = canonical_url(text)
    assert canonical_url(once) == once


@given(_URLS)
def test_canonical_url_has_no_tracking_or_fragment(url: str) -> None:
    once = canonical_url(url)
    assert "#" not in once
    assert "utm_" not in once.lower()
    assert once.startswith(("http://", "https://"))


@given(st.permutations(["a=1", "b=", "c", "utm_term=x", "d=4"]))
def test_query_order_does_not_matter(pairs: list[str]) -> None:
    url = "https://acme.test/p?" + "&".join(pairs)
    assert canonical_url(url) == "https://acme.test/p?a=1&b=&c&d=4"


@given(
    st.text(alphabet="ab/.%2eE7fé港 ?=&~", max_size=24),
)
def test_canonical_url_is_idempotent_on_escapes_dots_and_iris(tail: str) -> None:
    url = canonical_url("https://acme.test/" + tail)
    assert canonical_url(url) == url
    assert url.isascii() and " " not in url
