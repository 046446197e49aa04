"""The import direction in STYLE.md, enforced: data flows one way and no layer reaches back up."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scraper", "pipelines", "storage")

# What each module (or package prefix) may import from tidings; the longest prefix wins.
ALLOWED: dict[str, set[str]] = {
    "pipelines": {"pipelines"},
    "storage": {"storage", "pipelines"},
    "scraper.demo": {"scraper.demo"},
    "scraper.errors": set(),
    "scraper.durations": set(),
    "scraper.yamlmarks": {"scraper.errors"},
    "scraper.css": set(),
    "scraper.config": {"scraper.errors", "scraper.durations", "scraper.yamlmarks", "scraper.css"},
    "scraper.charset": {"scraper.errors"},
    "scraper.robots": {"scraper.errors", "scraper.config"},
    "scraper.politeness": {"scraper.errors", "scraper.config"},
    "scraper.retry": {"scraper.errors", "scraper.config"},
    "scraper.transport": set(),
    "scraper.allocator": set(),
    "scraper.fetch": {
        "scraper.errors",
        "scraper.config",
        "scraper.robots",
        "scraper.charset",
        "scraper.politeness",
        "scraper.retry",
        "scraper.transport",
    },
    "scraper.parse": {"scraper.parse", "scraper.errors", "scraper.css", "pipelines"},
    "scraper.extract": {"scraper.config", "scraper.parse"},
    "scraper.outcome": set(),
    "scraper.groupcommit": {"storage"},
    "scraper.itemview": {"scraper.errors", "scraper.render", "pipelines", "storage"},
    "scraper.crawl": {
        "scraper.allocator",
        "scraper.groupcommit",
        "scraper.outcome",
        "scraper.config",
        "scraper.errors",
        "scraper.extract",
        "scraper.fetch",
        "scraper.parse",
        "pipelines",
        "storage",
    },
}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found.append((name, path))
    return found


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [alias.name for alias in node.names]))
    return [(m, names) for m, names in out if m.split(".")[0] in PACKAGES]


def _rule(module: str) -> set[str] | None:
    best = max(
        (k for k in ALLOWED if module == k or module.startswith(k + ".")), key=len, default=None
    )
    return None if best is None else ALLOWED[best]


def _permitted(target: str, allowed: set[str]) -> bool:
    return any(target == a or target.startswith(a + ".") for a in allowed)


@pytest.mark.parametrize(("module", "path"), _modules(), ids=[m for m, _ in _modules()])
def test_imports_flow_one_way(module: str, path: Path) -> None:
    allowed = _rule(module)
    for target, _names in _imports(path):
        if allowed is not None:
            assert _permitted(target, allowed), f"{module} must not import {target}"
        own = module.split(".")[0]
        if target.split(".")[0] != own:
            assert target in PACKAGES, f"{module} reaches inside {target}; import from its package"


@pytest.mark.parametrize("package", ["pipelines", "storage", "scraper.parse"])
def test_cross_package_names_are_public(package: str) -> None:
    public = set(importlib.import_module(package).__all__)
    for module, path in _modules():
        if module.split(".")[0] == package.split(".")[0] and package != "scraper.parse":
            continue
        if module.startswith(package):
            continue
        for target, names in _imports(path):
            if target == package:
                missing = set(names) - public
                assert not missing, f"{module} imports non-public {missing} from {package}"


def test_every_module_declares_all() -> None:
    for module, path in _modules():
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            t.id
            for n in tree.body
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        assert "__all__" in names, f"{module} has no __all__"
