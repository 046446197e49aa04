"""A real uvicorn server on 127.0.0.1 (an ephemeral port, in a thread) over a SQLite file with
stories in it: the API and the page are tested over real HTTP, as a browser or a script reads
them."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn

from pipelines import Item, with_content_hash
from scraper.api import create_app
from scraper.crawl import open_reader
from storage import make_read_only, open_database, write_page

NOW = datetime(2025, 10, 2, 9, 0, tzinfo=UTC)
WORDS = ("harbour", "tariff", "ferry", "quay", "customs", "grain", "pilot", "berth")
STORY_COUNT = 45


@dataclass(frozen=True, slots=True)
class Served:
    """A running server: its base URL and the database URL it reads."""

    base_url: str
    database_url: str


def story(n: int, **fields: object) -> Item:
    """Story `n`: two of WORDS in its title, one in its summary; one hour older per n."""
    at = NOW - timedelta(hours=n)
    base = Item(
        url=f"https://acme.test/news/{n:03d}",
        title=f"{WORDS[n % 8].capitalize()} {WORDS[(n * 3 + 1) % 8]} report {n}",
        source="acme" if n % 3 else "globex",
        summary=f"Notes on the {WORDS[(n + 5) % 8]} from day {n}.",
        published=at.isoformat(),
        published_at=at,
        category=("Ports", "Trade", None)[n % 3],
    )
    return with_content_hash(replace(base, **fields))  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def stocked_db(tmp_path: Path) -> str:
    """A SQLite file with STORY_COUNT stories and one whose title holds markup."""
    return stock(f"sqlite:///{tmp_path / 'api.db'}")


@pytest.fixture
def stocked_any(database_url: str) -> str:
    """The same stories, on each backend."""
    return stock(database_url)


def stock(url: str) -> str:
    """Store the stories at `url`; the URL."""
    engine = open_database(url)
    items = [story(n) for n in range(STORY_COUNT)]
    items.append(
        story(99, title="<script>alert('x')</script> harbour notice", summary="Harbour <b>bold</b>")
    )
    for source in ("acme", "globex"):
        write_page(engine, source=source, items=[i for i in items if i.source == source], now=NOW)
    engine.dispose()
    return url


@pytest.fixture
def serve() -> Iterator[Callable[[str], Served]]:
    """Start servers on demand; each is stopped (and its engine disposed) afterwards."""
    running: list[tuple[uvicorn.Server, threading.Thread]] = []
    engines = []

    def start(database_url: str) -> Served:
        engine = open_reader(database_url)
        make_read_only(engine)
        engines.append(engine)
        port = free_port()
        config = uvicorn.Config(
            create_app(engine), host="127.0.0.1", port=port, log_level="warning"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        running.append((server, thread))
        return Served(base_url=f"http://127.0.0.1:{port}", database_url=database_url)

    yield start
    for server, thread in running:
        server.should_exit = True
        thread.join(timeout=30)
    for engine in engines:
        engine.dispose()


@pytest.fixture
def served(serve: Callable[[str], Served], stocked_db: str) -> Served:
    return serve(stocked_db)


@pytest.fixture
def served_any(serve: Callable[[str], Served], stocked_any: str) -> Served:
    return serve(stocked_any)
