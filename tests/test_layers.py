"""The import direction in STYLE.md, enforced: data flows one way and no layer reaches back up."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scraper", "pipelines", "storage")

# What each layer (a folder, or a module at the top of `scraper`) may import from tidings; the
# longest prefix wins. A layer's own modules import each other freely. The table in
# docs/architecture.md is this one.
ALLOWED: dict[str, set[str]] = {
    "pipelines": {"pipelines"},
    "storage": {"storage", "pipelines"},
    "scraper.errors": set(),
    "scraper.runtime": set(),
    "scraper.demo": {"scraper.demo"},
    "scraper.config": {"scraper.config", "scraper.errors", "scraper.parse"},  # its selector syntax
    "scraper.fetch": {"scraper.fetch", "scraper.errors"},
    "scraper.parse": {"scraper.parse", "scraper.errors", "pipelines"},
    "scraper.crawl": {
        "scraper.crawl",
        "scraper.config",
        "scraper.errors",
        "scraper.fetch",
        "scraper.parse",
        "scraper.demo",
        "pipelines",
        "storage",
    },
    "scraper.schedule": {
        "scraper.schedule",
        "scraper.crawl",
        "scraper.config",
        "scraper.errors",
        "storage",
        "pipelines",
    },
    "scraper.cli": {
        "scraper.cli",
        "scraper.config",
        "scraper.crawl",
        "scraper.schedule",
        "scraper.errors",
        "scraper.runtime",
        "storage",
    },
}
# The layers of `scraper`: from outside a layer, only its package (its `__init__`'s names).
LAYERS = (
    "scraper.cli",
    "scraper.schedule",
    "scraper.crawl",
    "scraper.fetch",
    "scraper.parse",
    "scraper.config",
)


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
        for layer in LAYERS:
            inside = target.startswith(layer + ".") and not module.startswith(layer)
            assert not inside, f"{module} reaches inside {target}; import from {layer}"


@pytest.mark.parametrize("package", ["pipelines", "storage", *LAYERS])
def test_cross_package_names_are_public(package: str) -> None:
    public = set(importlib.import_module(package).__all__)
    for module, path in _modules():
        if module.split(".")[0] == package.split(".")[0] and package.count(".") == 0:
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


def test_reading_config_loads_no_extractor() -> None:
    """config imports parse's selector syntax only: a read command must not pay for the rest."""
    code = (
        "import sys, scraper.config; "
        "print(sorted(m for m in sys.modules if m.startswith('scraper.parse.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "['scraper.parse.css']"
