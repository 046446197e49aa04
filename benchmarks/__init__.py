"""Benchmarks for issue 4: tidings against Scrapy on one generated site, served by nginx.

`bash benchmarks/run.sh [--smoke]` runs everything (see benchmarks/README.md). The modules
here are tools, not part of tidings: they import tidings only through its public packages.
"""

from __future__ import annotations

__all__: list[str] = []
