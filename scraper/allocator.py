"""Keep freed heap memory in the process between pages instead of handing it back to the OS.

Each parsed page is a lexbor document of 0.4-1 MB, freed before the next page. glibc returns a
freed block at the top of the heap to the kernel once it passes `M_TRIM_THRESHOLD` (128 KiB by
default), so the next parse faults the same pages back in: about 100 minor page faults and
0.3-0.4 ms of kernel time a page on the benchmark site. Raising the threshold keeps them; peak
RSS is unchanged, because the next page reuses the same memory.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["keep_freed_memory"]

_M_TRIM_THRESHOLD = -1  # mallopt parameter number, from glibc's <malloc.h>
_TRIM_THRESHOLD_BYTES = 32 * 2**20


def keep_freed_memory() -> bool:
    """Raise glibc's trim threshold; False (and nothing done) off glibc/Linux."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own symbols: libc's, on glibc
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD_BYTES))
