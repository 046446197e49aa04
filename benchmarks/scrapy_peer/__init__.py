"""The peer: a Scrapy spider doing the same work as a tidings crawl of the generated site.

`spider.py` holds the spider, its SQLite pipeline and the settings; `python -m
benchmarks.scrapy_peer` runs it (see `__main__.py`). Scrapy is a `bench` extra, never a
dependency of tidings.
"""

from __future__ import annotations

__all__: list[str] = []
