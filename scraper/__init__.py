"""tidings: crawl news listing pages, clean and deduplicate the cards, store and query them.

One folder per layer, in the order data flows: `cli/` (the edge) -> `crawl/` (one run) ->
`fetch/` (HTTP) and `parse/` (page -> cards), with `config/` (settings) read once at the top;
then the `pipelines` and `storage` packages. The library is `scraper.crawl.crawl`,
`scraper.config.load_settings`, ...; `scraper.cli` is a thin shell over them.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
