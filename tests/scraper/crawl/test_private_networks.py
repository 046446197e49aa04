"""`allow_private_networks`: an intranet source (a DNS name that resolves to a loopback or
private address) is refused by default, and reached when config grants it, per source or in
`defaults`. The "intranet" is this machine's own host name, which resolves to one of its
addresses; the site listens there. Real DNS answer, real HTTP, real SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import LoopbackServer

from scraper.config import settings_from_dict
from scraper.crawl import SourceResult, crawl, open_engine
from tests.scraper.intranet import intranet_name
from tests.scraper.schedule.daemonproc import listing_routes, listing_source


@pytest.fixture
def intranet() -> Iterator[tuple[LoopbackServer, str, str]]:
    name, address = intranet_name()
    with LoopbackServer(listing_routes("news"), host=address) as server:
        yield server, name, address


def _crawl(tmp_path: Path, base_url: str, **grants: object) -> SourceResult:
    own = grants.pop("source", None)
    source = listing_source("news", base_url)
    if own is not None:
        source["allow_private_networks"] = own
    database = f"sqlite:///{tmp_path / 'intranet.db'}"
    settings = settings_from_dict(
        {
            "database": database,
            "defaults": {"delay": 0, "retries": 0, **grants},
            "sources": [source],
        }
    )
    [result] = asyncio.run(crawl(settings, open_engine(database)))
    return result


def test_an_intranet_name_is_refused_without_a_grant(
    tmp_path: Path, intranet: tuple[LoopbackServer, str, str]
) -> None:
    server, name, address = intranet
    result = _crawl(tmp_path, f"http://{name}:{server.port}")
    assert result.status == "failed"
    assert f"{name} resolves only to barred addresses: {address}" in str(result.error)
    assert server.requests == []  # not even robots.txt was asked


GRANTS = {
    "source-true": {"source": True},
    "defaults-true": {"allow_private_networks": True},
    "source-network": {"source": "ADDRESS/32"},
}


@pytest.mark.parametrize("grants", GRANTS.values(), ids=GRANTS)
def test_an_intranet_name_is_crawled_with_a_grant(
    tmp_path: Path, intranet: tuple[LoopbackServer, str, str], grants: dict[str, object]
) -> None:
    server, name, address = intranet
    given = {k: (address + "/32" if v == "ADDRESS/32" else v) for k, v in grants.items()}
    result = _crawl(tmp_path, f"http://{name}:{server.port}", **given)
    assert (result.status, result.counters["store/new"]) == ("ok", 3), result.error
    assert server.hits("/news/1") == 1


def test_a_source_false_overrides_the_default_grant(
    tmp_path: Path, intranet: tuple[LoopbackServer, str, str]
) -> None:
    server, name, _address = intranet
    result = _crawl(
        tmp_path, f"http://{name}:{server.port}", allow_private_networks=True, source=False
    )
    assert result.status == "failed"
    assert server.requests == []
