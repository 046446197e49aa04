"""Retry-After parsing and the cap: the facts a retry decision rests on, without a network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.errors import StatusError
from scraper.fetch.retry import RetryableStatusError, check_retry_after, parse_retry_after

NOW = datetime(2025, 3, 4, 10, 0, 0, tzinfo=UTC)

RETRY_AFTER = {
    "delta": ("120", 120.0),
    "delta-padded": (" 7 ", 7.0),
    "zero": ("0", 0.0),
    "imf-date": (format_datetime(NOW + timedelta(seconds=10), usegmt=True), 10.0),
    "date-in-the-past": ("Tue, 04 Mar 2025 09:00:00 GMT", 0.0),
    "rfc850-date": ("Tuesday, 04-Mar-25 10:00:30 GMT", 30.0),
    "asctime-date": ("Tue Mar  4 10:01:00 2025", 60.0),
    "fraction": ("1.5", None),
    "negative": ("-3", None),
    "words": ("soon", None),
    "empty": ("", None),
    "absent": (None, None),
}


@pytest.mark.parametrize(("value", "want"), RETRY_AFTER.values(), ids=RETRY_AFTER)
def test_parse_retry_after(value: str | None, want: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == want


@given(st.text(max_size=40))
def test_parse_retry_after_is_total(value: str) -> None:
    wait_s = parse_retry_after(value, now=NOW)
    assert wait_s is None or wait_s >= 0


def test_retry_after_over_the_cap_is_a_status_error() -> None:
    with pytest.raises(StatusError) as info:
        check_retry_after("http://a.test/", 503, "600", max_wait_s=120, now=NOW)
    assert info.value.status == 503
    assert str(info.value) == "http://a.test/: HTTP 503, Retry-After 600 s exceeds the 120 s cap"


@pytest.mark.parametrize(
    ("value", "want"),
    [("120", 120.0), (None, None), ("junk", None)],
    ids=["at-cap", "none", "junk"],
)
def test_retry_after_within_the_cap_is_retryable(value: str | None, want: float | None) -> None:
    error = check_retry_after("http://a.test/", 429, value, max_wait_s=120, now=NOW)
    assert isinstance(error, RetryableStatusError)
    assert (error.status, error.retry_after_s) == (429, want)
