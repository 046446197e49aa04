"""describe: the one formatter for an error's first line."""

from __future__ import annotations

import pytest

from scraper.errors import ConfigError, FetchError, describe

CASES = {
    "ours-keeps-its-sentence": (
        FetchError("https://a.test/", "HTTP 503"),
        "https://a.test/: HTTP 503",
    ),
    "config-names-file-and-line": (
        ConfigError("not a duration", path="config.yaml", line=3, field="defaults.delay"),
        "config.yaml:3 defaults.delay: not a duration",
    ),
    "foreign-gets-its-class": (ValueError("bad\nsecond line"), "ValueError: bad"),
    "empty-message": (KeyError(), "KeyError"),
    "none": (None, "unknown"),
}


@pytest.mark.parametrize(("exc", "want"), CASES.values(), ids=CASES)
def test_describe(exc: BaseException | None, want: str) -> None:
    assert describe(exc) == want
