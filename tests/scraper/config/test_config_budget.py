"""config.yaml's budget: size, depth and aliases are checked before anything expands."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.config import load_settings
from scraper.config.load import MAX_CONFIG_BYTES, MAX_DEPTH, MAX_NODES
from scraper.errors import ConfigError


def _bomb(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        refs = ", ".join([f"*l{n - 1}"] * 9)
        lines.append(f"l{n}: &l{n} [{refs}]")
    return "\n".join(lines) + "\n"


REFUSED = {
    # named at l4 (line 5): l0..l3 hold 8,302 values, l4 alone 66,430
    "billion-laughs": (_bomb(9), 5, f"more than {MAX_NODES} values once aliases expand"),
    "flow-nesting": ("sources: " + "[" * 900 + "]" * 900, 1, f"more than {MAX_DEPTH} levels"),
    "block-nesting": (
        "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n",
        MAX_DEPTH + 1,  # the key k32, whose value is one level too deep
        f"nested more than {MAX_DEPTH} levels deep",
    ),
    "too-large": ("# " + "x" * MAX_CONFIG_BYTES + "\n", 1, f"larger than {MAX_CONFIG_BYTES}"),
}


@pytest.mark.parametrize(("text", "line", "message"), REFUSED.values(), ids=REFUSED)
def test_over_budget_is_a_config_error_with_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(path)
    assert info.value.path == str(path)
    assert info.value.line == line


def test_ordinary_aliases_still_work(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "common: &common {items: article, fields: {title: h2 a, url: h2 a@href}}\n"
        "sources:\n"
        "  - {<<: *common, name: a, url: 'https://a.test/'}\n"
        "  - {<<: *common, name: b, url: 'https://b.test/'}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="common: unknown setting"):
        load_settings(path)  # the anchor's holder is no setting; the aliases themselves load
    path.write_text(
        "defaults: &d {delay: 2s}\nsources:\n  - {name: a, url: 'https://a.test/'}\n",
        encoding="utf-8",
    )
    assert load_settings(path).defaults.delay == 2.0
