"""HTTP: fetch one listing page politely and safely, and hand back its text.

`fetcher` reads top to bottom (robots.txt, a politeness slot, the request with retries, the
checks on what came back, the charset); each step is its own module: `robots`, `politeness`,
`retry`, `charset`, `transport` (the lean HTTP/1.1 transport plugged into httpx) and `proxy`
(the address guard in front of an HTTP proxy).
Settings arrive as one plain `FetchPolicy`; nothing here reads config.
"""

from __future__ import annotations

from scraper.fetch.addresses import AddressPolicy, policy_for_urls
from scraper.fetch.charset import decode_body
from scraper.fetch.client import FetchPolicy, build_client
from scraper.fetch.fetcher import Fetcher, Page, Validators
from scraper.fetch.politeness import HostLimits, merge_host_limits
from scraper.fetch.readable import looks_binary, unreadable_reason

__all__ = [
    "AddressPolicy",
    "FetchPolicy",
    "Fetcher",
    "HostLimits",
    "Page",
    "Validators",
    "build_client",
    "decode_body",
    "looks_binary",
    "merge_host_limits",
    "policy_for_urls",
    "unreadable_reason",
]
