"""`tidings` as a real child process: its exit code, output, wall time and peak RSS.

Crash and resource tests need what only a separate process shows: a traceback on stderr, a
SIGKILL at a random moment, the most memory it ever held. That peak is the kernel's `VmHWM` of
the child's own address space, read from /proc every 10 ms while it runs: `wait4`'s
`ru_maxrss` is no good here, because the kernel folds into it the parent's resident size at
fork time (a 300 MiB test process makes an idle child report 313 MiB).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Finished", "Running", "kill", "start_tidings", "tidings"]


@dataclass(frozen=True, slots=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    max_rss_mib: float
    killed_by_timer: bool


class Running:
    """A started `python -m scraper ...`; `finish()` waits for it (killing it after a bound)."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self._out = cwd / f"out-{time.monotonic_ns()}.txt"
        self._err = self._out.with_suffix(".err")
        with self._out.open("wb") as out, self._err.open("wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "scraper", *args],
                cwd=cwd,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                env={**os.environ, **(env or {})},
            )
        self.started = time.monotonic()
        self._peak_kib = 0
        self._watch = threading.Thread(target=self._watch_peak, daemon=True)
        self._watch.start()

    def _watch_peak(self) -> None:
        """Keep the highest VmHWM seen; it is reset by exec, so it is the child's own."""
        status = Path(f"/proc/{self.proc.pid}/status")
        while True:
            try:
                text = status.read_text(encoding="ascii", errors="replace")
            except OSError:
                return
            hwm = next((line for line in text.splitlines() if line.startswith("VmHWM:")), None)
            if hwm is None:  # a zombie: its memory is gone
                return
            self._peak_kib = max(self._peak_kib, int(hwm.split()[1]))
            time.sleep(0.01)

    def is_running(self) -> bool:
        """Still running? Asked without reaping it, so `finish` can still read its rusage."""
        info = os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        return info is None

    def signal(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def finish(self, *, timeout_s: float) -> Finished:
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            self.proc.kill()

        timer = threading.Timer(timeout_s, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(self.proc.pid, 0)
        finally:
            timer.cancel()
        self._watch.join(timeout=5)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        return Finished(
            returncode=self.proc.returncode,
            stdout=self._out.read_text(encoding="utf-8", errors="replace"),
            stderr=self._err.read_text(encoding="utf-8", errors="replace"),
            wall_s=time.monotonic() - self.started,
            max_rss_mib=(self._peak_kib or usage.ru_maxrss) / 1024,  # KiB on Linux
            killed_by_timer=killed.is_set(),
        )


def start_tidings(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Running:
    return Running(args, cwd, env)


def tidings(
    args: list[str], cwd: Path, *, timeout_s: float = 60.0, env: dict[str, str] | None = None
) -> Finished:
    """Run `tidings ARGS` to the end (killed after `timeout_s`, which the result says)."""
    return start_tidings(args, cwd, env).finish(timeout_s=timeout_s)


def kill(running: Running) -> None:
    """SIGKILL, no cleanup: what a crash or an OOM killer does."""
    running.proc.send_signal(signal.SIGKILL)
    running.proc.wait()
