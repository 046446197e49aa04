"""tidings: crawl news listing pages, clean and deduplicate the cards, store and query them.

The library lives in the modules (`scraper.crawl.crawl`, `scraper.config.load_settings`, ...);
`scraper.cli` is a thin shell over them.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
