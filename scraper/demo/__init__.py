"""The bundled demo site: three invented news sources served on 127.0.0.1, no network needed.

`tidings demo` and the tests crawl it. It imports nothing from tidings (stdlib only), so it
stays an honest stand-in for a site on the web: the crawler learns about it only through HTTP
and the config entries `demo_sources` returns.
"""

from __future__ import annotations

from scraper.demo.server import DEFAULT_PORT, DemoServer, RequestRecord
from scraper.demo.site import demo_sources, expected_unique_urls

__all__ = ["DEFAULT_PORT", "DemoServer", "RequestRecord", "demo_sources", "expected_unique_urls"]
