"""Human durations and sizes as config.yaml writes them ("15m", "1h30m", "500ms", "15MiB").

Kept apart from the settings models so the daemon and the CLI options read durations the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Jitter", "parse_duration", "parse_jitter", "parse_schedule", "parse_size"]

AUTO = "auto"

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)", re.IGNORECASE)
_DURATION_FULL = re.compile(r"(?:\s*\d+(?:\.\d+)?\s*(?:ms|s|m|h|d|w)\s*)+", re.IGNORECASE)
_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*", re.IGNORECASE)
_BYTES = {
    "b": 1,
    "kb": 1000,
    "kib": 1024,
    "mb": 1000**2,
    "mib": 1024**2,
    "gb": 1000**3,
    "gib": 1024**3,
}


def parse_duration(value: object) -> float:
    """Seconds from `15m`, `1h30m`, `500ms`, `2d` or a bare number of seconds.

    Raises ValueError with the offending text, which config turns into `file:line field: ...`.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"{value!r} is not a duration (negative)")
        return float(value)
    if not isinstance(value, str) or not _DURATION_FULL.fullmatch(value):
        raise ValueError(f"{value!r} is not a duration (use e.g. 500ms, 30s, 15m, 1h)")
    return sum(float(n) * _SECONDS[unit.lower()] for n, unit in _DURATION_PART.findall(value))


def parse_size(value: object) -> int:
    """Bytes from `15MiB`, `500kb`, `1048576`: binary units are powers of 1024."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    match = _SIZE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a size (use e.g. 15MiB, 500kB)")
    number, unit = match.groups()
    return int(float(number) * _BYTES[(unit or "b").lower()])


@dataclass(frozen=True, slots=True)
class Jitter:
    """How far past its due time a scheduled run may start: a fraction of the interval
    (`10%`, `0.1`) or a fixed duration (`30s`)."""

    fraction: float = 0.0
    seconds: float | None = None

    def bound_s(self, interval_s: float) -> float:
        """The largest delay, in seconds, for a source run every `interval_s`."""
        return self.seconds if self.seconds is not None else self.fraction * interval_s


def parse_jitter(value: object) -> Jitter:
    """`10%` or a number in [0, 1] is a fraction of the interval; a duration is fixed."""
    if isinstance(value, Jitter):
        return value
    if isinstance(value, str) and value.strip().endswith("%"):
        value = _percent(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 0 <= value <= 1:
            raise ValueError(f"{value!r} is not a fraction of the interval (0 to 1, or 0% to 100%)")
        return Jitter(fraction=float(value))
    return Jitter(seconds=parse_duration(value))


def parse_schedule(value: object) -> float | str:
    """`auto`, or a duration (the interval)."""
    if isinstance(value, str) and value.strip().lower() == AUTO:
        return AUTO
    return parse_duration(value)


def _percent(text: str) -> float:
    try:
        return float(text.strip()[:-1]) / 100
    except ValueError:
        raise ValueError(f"{text!r} is not a percentage") from None
