"""Process-wide tuning, called once by each entry point (the CLI), never inside `crawl()`.

Four settings measured on the benchmark crawl, each a property of the process, not of a crawl:

- **The garbage collector waits for start-up.** The command's imports make ~100k objects that
  live as long as the process; collecting them cost 100-140 ms of CPU at every start. The
  collector is off until they are made, then they are frozen out of its view (`start_up_done`).
- **pydantic's plugin scan is off** (13 ms a start: it reads every installed distribution's
  entry points) unless the environment asks for it; pydantic only validates our config here.
- **httpx's command-line client stays unloaded.** `import httpx` imports its `httpx` console
  command (`httpx._main`) whenever click is installed, and uvicorn (the API's server) installs
  it: click, rich's console, progress and syntax, and pygments came with every start, 5 MB of
  RSS and 25-40 ms (`python -X importtime`). httpx falls back to a stub `main` when that import
  fails, which is what a `None` in `sys.modules` makes it do; tidings never runs that command.
- **Freed heap memory stays in the process** (`keep_freed_memory`). Each parsed page is a
  lexbor document of 0.4-1 MB, freed before the next page. glibc returns a freed block at the
  top of the heap to the kernel once it passes `M_TRIM_THRESHOLD` (128 KiB by default), so the
  next parse faults the same pages back in: about 100 minor page faults and 0.3-0.4 ms of
  kernel time a page. Raising the threshold keeps them; peak RSS is unchanged, because the
  next page reuses the same memory.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys

__all__ = ["keep_freed_memory", "start_up", "start_up_done"]

_M_TRIM_THRESHOLD = -1  # mallopt parameter number, from glibc's <malloc.h>
_TRIM_THRESHOLD_BYTES = 32 * 2**20


_HTTPX_CLI = "httpx._main"


def start_up() -> None:
    """Before the command's imports: plugin scan off, httpx's CLI unloaded, collector off until
    `start_up_done`."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if "httpx" not in sys.modules:  # too late once httpx is in: its CLI came with it, or not
        sys.modules.setdefault(_HTTPX_CLI, None)  # type: ignore[arg-type]
    keep_freed_memory()
    gc.disable()


def start_up_done() -> None:
    """Freeze what start-up made (the collector skips it from now on) and collect again; a
    no-op unless `start_up` turned the collector off."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


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
