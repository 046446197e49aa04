"""`cluster:`: on with `true` or a mapping, only with PostgreSQL; mistakes name their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.config import Settings, load_settings
from scraper.errors import ConfigError

PG = "postgresql://postgres@127.0.0.1:5432/test"
SOURCES = "sources:\n  - name: a\n    url: https://a.test/\n"


def _load(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_off_by_default(tmp_path: Path) -> None:
    assert not _load(tmp_path, SOURCES).cluster.enabled


def test_true_turns_it_on_with_the_defaults(tmp_path: Path) -> None:
    cluster = _load(tmp_path, f"database: {PG}\ncluster: true\n{SOURCES}").cluster
    assert (cluster.enabled, cluster.stall_timeout, cluster.dispatch) == (True, 30.0, 1.0)


def test_a_mapping_turns_it_on_with_its_values(tmp_path: Path) -> None:
    text = f"database: {PG}\ncluster:\n  stall_timeout: 1m\n  dispatch: 5s\n{SOURCES}"
    cluster = _load(tmp_path, text).cluster
    assert (cluster.enabled, cluster.stall_timeout, cluster.dispatch) == (True, 60.0, 5.0)


def test_false_with_sqlite_is_fine(tmp_path: Path) -> None:
    assert not _load(tmp_path, f"cluster: false\n{SOURCES}").cluster.enabled


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            f"database: sqlite:///x.db\ncluster: true\n{SOURCES}",
            "config.yaml:2 cluster: a cluster shares its sources through PostgreSQL",
        ),
        (
            f"database: {PG}\ncluster:\n  dispatch: 7s\n{SOURCES}",
            "config.yaml:3 cluster.dispatch: 7s: use whole seconds that divide a minute",
        ),
        (
            f"database: {PG}\ncluster:\n  stall_timeout: 1s\n{SOURCES}",
            "config.yaml:3 cluster.stall_timeout:",
        ),
        (f"database: {PG}\ncluster:\n  nodes: 3\n{SOURCES}", "config.yaml:3 cluster.nodes:"),
    ],
)
def test_mistakes_name_the_line(tmp_path: Path, text: str, want: str) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert want in str(info.value)
