"""The `tidings` command as a user runs it: real processes, the demo site, a SQLite file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from scraper.demo import DemoServer, demo_sources, expected_unique_urls

ITEM_FIELDS = {
    "url",
    "title",
    "summary",
    "published",
    "published_raw",
    "category",
    "source",
    "first_seen",
    "last_seen",
    "duplicate_of",
}


def tidings(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}
    return subprocess.run(
        [sys.executable, "-m", "scraper", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def write_config(tmp_path: Path, base_url: str, **extra: object) -> Path:
    sources = [dict(s, delay="0s") for s in demo_sources(base_url)]
    config = {"database": f"sqlite:///{tmp_path / 'cli.db'}", "sources": sources, **extra}
    path = tmp_path / "config.yaml"
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")  # JSON is YAML
    return path


def test_crawl_then_query_then_recrawl(demo_site: DemoServer, tmp_path: Path) -> None:
    write_config(tmp_path, demo_site.base_url)
    first = tidings("crawl", "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    expected = expected_unique_urls(demo_site.base_url)
    assert sum(row["new"] for row in summary) == len(expected)
    assert {row["status"] for row in summary} == {"ok"}

    query = tidings("query", "--format", "json", "--limit", "1000", cwd=tmp_path)
    assert query.returncode == 0, query.stderr
    items = json.loads(query.stdout)
    assert {item["url"] for item in items} == expected
    assert all(set(item) == ITEM_FIELDS for item in items)
    assert any(item["published"] and item["published_raw"] for item in items)

    again = tidings("crawl", "--json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert sum(row["new"] for row in json.loads(again.stdout)) == 0
    conditional = [r for r in demo_site.requests if r.conditional]
    assert conditional and all(r.status == 304 for r in conditional)


def test_query_formats_and_filters(demo_site: DemoServer, tmp_path: Path) -> None:
    write_config(tmp_path, demo_site.base_url)
    assert tidings("crawl", "trade-news", "--json", cwd=tmp_path).returncode == 0
    jsonl = tidings(
        "query", "--format", "jsonl", "--source", "trade-news", "--limit", "5", cwd=tmp_path
    )
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(rows) == 5
    assert {r["source"] for r in rows} == {"trade-news"}
    csv_out = tidings("query", "--format", "csv", "--limit", "3", cwd=tmp_path)
    assert csv_out.stdout.splitlines()[0].startswith("url,title,summary,published")
    assert len(csv_out.stdout.splitlines()) == 4
    table = tidings("query", "--limit", "3", cwd=tmp_path)
    assert table.returncode == 0
    assert "trade-news" in table.stdout
    nothing = tidings("query", "no-such-words-anywhere", "--format", "json", cwd=tmp_path)
    assert json.loads(nothing.stdout) == []
    runs = tidings("runs", "--format", "json", cwd=tmp_path)
    assert json.loads(runs.stdout)[0]["source"] == "trade-news"
    sources = tidings("sources", "--format", "json", cwd=tmp_path)
    by_name = {row["name"]: row for row in json.loads(sources.stdout)}
    assert by_name["trade-news"]["last_status"] == "ok"
    assert by_name["port-bulletins"]["last_run"] is None


def test_demo_command_crawls_into_the_named_file(tmp_path: Path) -> None:
    db = tmp_path / "demo" / "some.db"
    done = tidings("--db", f"sqlite:///{db}", "demo", "--port", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert db.exists()
    assert "crawl summary" in done.stdout
    assert "newest items" in done.stdout
    count = tidings(
        "--db", f"sqlite:///{db}", "query", "--format", "json", "--limit", "5000", cwd=tmp_path
    )
    urls = {row["url"] for row in json.loads(count.stdout)}
    assert len(urls) == len(expected_unique_urls("http://127.0.0.1:1"))


@pytest.mark.parametrize("source", [["--source", "logistics-blog"], []], ids=["selectors", "auto"])
def test_parse_prints_the_item_fields(
    demo_site: DemoServer, tmp_path: Path, source: list[str]
) -> None:
    write_config(tmp_path, demo_site.base_url)
    page = tmp_path / "page.html"
    page.write_bytes(httpx.get(f"{demo_site.base_url}/logistics/blog/").content)
    done = tidings(
        "parse",
        str(page),
        *source,
        "--base-url",
        "https://blog.example/logistics/blog/",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert len(items) >= 20
    assert all(set(item) == ITEM_FIELDS for item in items)
    assert all(item["url"].startswith("https://blog.example/") for item in items)
    assert all(item["source"] == (source[1] if source else "blog.example") for item in items)


def test_parse_reads_a_saved_feed_as_a_feed(demo_site: DemoServer, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(httpx.get(f"{demo_site.base_url}/logistics/blog/feed/").content)
    done = tidings("parse", str(feed), "--base-url", "https://blog.example/feed/", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert len(items) == 20  # the feed's entries, not the links inside their markup
    assert all(item["title"] and item["published"] for item in items)


BAD_INPUT = {
    "bad-duration": (
        ["crawl"],
        {"defaults": {"interval": "15 minutes"}},
        2,
        "config.yaml:3 defaults.interval: '15 minutes' is not a duration",
    ),
    "unknown-source": (["crawl", "nope"], {}, 2, "no source named 'nope'"),
    "bad-db-url": (["--db", "nonsense", "query"], {}, 2, "'nonsense' is not a database URL"),
    "bad-since": (["query", "--since", "last tuesday"], {}, 2, "'last tuesday' is neither"),
    "missing-file": (
        ["parse", "nope.html", "--source", "trade-news"],
        {},
        1,
        "nope.html: cannot read",
    ),
    "bad-source-shape": (["crawl"], {"sources": {"- name": "x"}}, 2, "sources[0]: a source needs"),
}


@pytest.mark.parametrize(("args", "config", "code", "message"), BAD_INPUT.values(), ids=BAD_INPUT)
def test_bad_input_is_one_line_and_an_exit_code(
    tmp_path: Path, args: list[str], config: dict[str, object], code: int, message: str
) -> None:
    path = tmp_path / "config.yaml"
    if config:
        path.write_text("database: sqlite:///x.db\n" + _yaml(config), encoding="utf-8")
    else:
        write_config(tmp_path, "http://127.0.0.1:9")
    done = tidings(*args, cwd=tmp_path)
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def _yaml(config: dict[str, object]) -> str:
    lines = []
    for key, value in config.items():
        lines.append(f"{key}:")
        lines.extend(f"  {k}: {v}" for k, v in value.items())  # type: ignore[attr-defined]
    return "\n".join(lines) + "\n"


def test_failed_source_exits_1_and_others_still_run(demo_site: DemoServer, tmp_path: Path) -> None:
    path = write_config(tmp_path, demo_site.base_url)
    config = json.loads(path.read_text())
    config["sources"].append(dict(config["sources"][0], name="gone", url="http://127.0.0.1:9/x/"))
    config["defaults"] = {"retries": 0, "timeout": "2s"}
    path.write_text(json.dumps(config), encoding="utf-8")
    done = tidings("crawl", "--json", cwd=tmp_path)
    assert done.returncode == 1
    rows = {row["source"]: row for row in json.loads(done.stdout)}
    assert rows["gone"]["status"] == "failed"
    assert rows["trade-news"]["status"] == "ok"
    assert rows["trade-news"]["new"] > 0
    assert "Traceback" not in done.stderr


def test_help_lists_every_command(tmp_path: Path) -> None:
    done = tidings("--help", cwd=tmp_path)
    for command in ("crawl", "query", "sources", "runs", "parse", "demo", "db"):
        assert command in done.stdout


def test_sigterm_finishes_the_page_in_hand(demo_site: DemoServer, tmp_path: Path) -> None:
    path = write_config(tmp_path, demo_site.base_url)
    config = json.loads(path.read_text())
    for source in config["sources"]:
        source["delay"] = "700ms"  # slow enough to be stopped halfway
    path.write_text(json.dumps(config), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scraper", "crawl", "--json"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not any(r.path.endswith("page=2") for r in demo_site.requests):
        assert time.monotonic() < deadline, "the crawl never reached a second page"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    rows = json.loads(stdout)
    assert "interrupted" in {row["status"] for row in rows}
    stored = sum(row["new"] for row in rows)
    assert 0 < stored < len(expected_unique_urls(demo_site.base_url))
    query = tidings("query", "--format", "json", "--limit", "1000", cwd=tmp_path)
    assert len(json.loads(query.stdout)) == stored  # every page reported was committed
