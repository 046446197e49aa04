"""HTTP: fetch one listing page politely and safely, and hand back its text.

`fetcher` reads top to bottom (robots.txt, a politeness slot, the request with retries, the
checks on what came back, the charset); each step is its own module: `robots`, `politeness`,
`retry`, `charset`, and `transport` (the lean HTTP/1.1 transport plugged into httpx).
Settings arrive as one plain `FetchPolicy`; nothing here reads config.
"""

from __future__ import annotations

from scraper.fetch.charset import decode_body
from scraper.fetch.fetcher import Fetcher, FetchPolicy, Page, Validators, build_client
from scraper.fetch.politeness import HostLimits, merge_host_limits

__all__ = [
    "FetchPolicy",
    "Fetcher",
    "HostLimits",
    "Page",
    "Validators",
    "build_client",
    "decode_body",
    "merge_host_limits",
]
