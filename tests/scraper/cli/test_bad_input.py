"""Every command on bad arguments and on a bad config: exit 2, one line naming the problem on
stderr, and never a traceback (issue #12). Real processes, as a user or a script runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from processes import tidings

# Every command that reads config.yaml; `demo` reads none (its settings are built in).
COMMANDS = {
    "crawl": ["crawl"],
    "query": ["query"],
    "sources": ["sources"],
    "runs": ["runs"],
    "parse": ["parse", "page.html", "--base-url", "http://news.test/"],
    "discover": ["discover", "page.html", "--base-url", "http://news.test/"],
    "db-upgrade": ["db", "upgrade"],
}

BAD_ARGUMENTS = {
    "crawl": ["crawl", "--max-pages", "zero"],
    "query": ["query", "--limit", "many"],
    "query-format": ["query", "--format", "xml"],
    "sources": ["sources", "--bogus"],
    "runs": ["runs", "--limit", "0"],
    "parse": ["parse"],
    "discover": ["discover", "--name"],
    "demo": ["demo", "--port", "port"],
    "db-upgrade": ["db", "upgrade", "extra"],
    "no-such-command": ["scrape"],
}


def _one_line_and_no_traceback(stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("args", BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS)
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    done = tidings(args, tmp_path)
    assert done.returncode == 2, done.stderr
    _one_line_and_no_traceback(done.stderr)


BAD_CONFIGS = {
    "not-yaml": ("sources: [unclosed\n", "config.yaml:2"),
    "unknown-key": ("colour: blue\n", "config.yaml:1 colour: unknown setting"),
    "alias-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
            for i in range(8)
        ),
        "values once aliases expand",
    ),
    "deep-nesting": ("sources: " + "[" * 900 + "]" * 900 + "\n", "config.yaml:1"),
    "deep-block-nesting": (
        "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v: 1\n",
        "nested more than 32 levels deep",
    ),
    "binary": ("\x00\x01\x02 not yaml \x7f", "config.yaml"),
    "wrong-top-level": ("- a\n- b\n", "config.yaml:1: the top level must be a mapping"),
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS)
@pytest.mark.parametrize(("text", "reason"), BAD_CONFIGS.values(), ids=BAD_CONFIGS)
def test_bad_config_exits_2_with_file_and_line(
    tmp_path: Path, command: list[str], text: str, reason: str
) -> None:
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "page.html").write_text("<html><body><a href=/a>a</a></body></html>")
    done = tidings(["--config", "config.yaml", *command], tmp_path, timeout_s=60)
    assert done.returncode == 2, (done.returncode, done.stderr)
    _one_line_and_no_traceback(done.stderr)
    assert reason in done.stderr


PARSE_FILES = {
    "empty": (b"", 1, "error: page.html: empty file"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(64), 1, "not HTML or a feed: image/png"),
    "binary": (bytes(range(256)) * 16, 1, "not HTML or a feed: binary data"),
    "no-markup": (b"just some words, no tags", 1, "not HTML or a feed: no markup in it"),
    "no-cards": (b"<html><body><p>nothing to list</p></body></html>", 0, "no cards found in"),
}


@pytest.mark.parametrize(("body", "code", "message"), PARSE_FILES.values(), ids=PARSE_FILES)
def test_parse_says_what_it_found(tmp_path: Path, body: bytes, code: int, message: str) -> None:
    (tmp_path / "page.html").write_bytes(body)
    done = tidings(["parse", "page.html", "--base-url", "http://news.test/"], tmp_path)
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    if code == 0:
        assert done.stdout.strip() == "[]"


def test_query_text_and_filters_are_data_not_sql(tmp_path: Path) -> None:
    database = tmp_path / "q.db"
    hostile = "'; DROP TABLE items; --"
    assert tidings(["--db", f"sqlite:///{database}", "db", "upgrade"], tmp_path).returncode == 0
    args = ["--db", f"sqlite:///{database}", "query", hostile, "--source", hostile]
    done = tidings([*args, "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    again = tidings(["--db", f"sqlite:///{database}", "query", "--format", "json"], tmp_path)
    assert again.returncode == 0, again.stderr  # the table is still there
