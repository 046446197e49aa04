"""Serve the generated site with nginx on 127.0.0.1, and measure nginx's own request rate.

nginx comes from Debian's packages (`ensure_nginx` installs it with apt-get when missing). It
runs as our child process (`daemon off`), one worker, access log off, ETag and Last-Modified
on (nginx's defaults, spelled out), keep-alive without a request cap, so both crawlers get
the same conditional-GET answers. Everything nginx writes (pid, error log, temp dirs) goes to
a work directory of ours; nothing under /etc or /var is touched.

`measure_server` loads it from a second process: `wrk` (Debian's package) when present, else
a small asyncio keep-alive client. Both report requests per second over a page of the site,
which shows whether the server could be the crawlers' bottleneck.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

__all__ = ["NginxServer", "ensure_tool", "free_port", "measure_server"]

_NGINX = "/usr/sbin/nginx"
_STARTUP_TIMEOUT_S = 10.0
_WRK_RATE = re.compile(r"Requests/sec:\s+([0-9.]+)")
_TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def ensure_tool(binary: str, package: str) -> str | None:
    """The path of `binary`, installing Debian's `package` first if needed (None if we can't)."""
    found = shutil.which(binary) or (binary if Path(binary).is_file() else None)
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=False, env=env)
    return shutil.which(binary) or (binary if Path(binary).is_file() else None)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _config(*, root: Path, work: Path, port: int) -> str:
    temps = "\n".join(f"    {name}_temp_path {work / name};" for name in _TEMP_DIRS)
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""daemon off;
master_process on;
worker_processes 1;
{user}pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; text/plain txt; application/json json; }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    etag on;
    if_modified_since exact;
    charset utf-8;
{temps}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
        location / {{ try_files $uri $uri/ =404; }}
    }}
}}
"""


class NginxServer:
    """nginx serving `root` on 127.0.0.1:`port` while the `with` block runs."""

    def __init__(self, root: Path, work: Path, *, port: int | None = None) -> None:
        self.root = root.resolve()
        self.work = work.resolve()
        self.port = port or free_port()
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def start(self) -> NginxServer:
        binary = ensure_tool(_NGINX, "nginx")
        if binary is None:
            raise RuntimeError("nginx is not installed and apt-get could not install it")
        self.work.mkdir(parents=True, exist_ok=True)
        conf = self.work / "nginx.conf"
        conf.write_text(_config(root=self.root, work=self.work, port=self.port), encoding="utf-8")
        error_log = str(self.work / "error.log")
        self._proc = subprocess.Popen(
            [binary, "-p", str(self.work), "-e", error_log, "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + _STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                err = self._proc.stderr.read().decode() if self._proc.stderr else ""
                raise RuntimeError(f"nginx exited with {self._proc.returncode}: {err.strip()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen on port {self.port} in {_STARTUP_TIMEOUT_S} s")

    def stop(self) -> None:
        if self._proc is None:
            return
        self._proc.terminate()  # SIGTERM: nginx's fast shutdown, master and worker
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._proc = None

    def __enter__(self) -> NginxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def measure_server(url: str, *, seconds: float = 3.0, connections: int = 64) -> tuple[float, str]:
    """(requests per second, tool) for GETs of `url` over `connections` keep-alive connections."""
    wrk = ensure_tool("wrk", "wrk")
    if wrk is not None:
        done = subprocess.run(
            [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", url],
            capture_output=True,
            text=True,
            check=False,
        )
        match = _WRK_RATE.search(done.stdout)
        if match:
            return float(match.group(1)), "wrk -t1"
    return asyncio.run(_asyncio_load(url, seconds, connections)), "asyncio client"


async def _asyncio_load(url: str, seconds: float, connections: int) -> float:
    """A minimal HTTP/1.1 keep-alive load: each connection sends GETs back to back."""
    rest = url.removeprefix("http://")
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    request = f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\n\r\n".encode()
    deadline = time.monotonic() + seconds
    counts = await asyncio.gather(
        *(_one_connection(host, int(port or 80), request, deadline) for _ in range(connections))
    )
    return sum(counts) / seconds


async def _one_connection(host: str, port: int, request: bytes, deadline: float) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    done = 0
    try:
        while time.monotonic() < deadline:
            writer.write(request)
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            done += 1
    finally:
        writer.close()
    return done
