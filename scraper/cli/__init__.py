"""The `tidings` command: one module per command group, registered in `app`.

A thin shell over the library: each command parses its options, calls one library function and
renders the result.
"""

from __future__ import annotations

from scraper.cli.app import app, main

__all__ = ["app", "main"]
