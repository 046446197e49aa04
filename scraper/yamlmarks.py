"""Line numbers and `${ENV}` expansion for config.yaml.

The text is parsed once, with the safe loader: the node tree gives the line each key sits on
(so an error can say `config.yaml:14`), and the same tree gives the values `yaml.safe_load`
would.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

import yaml

from scraper.errors import ConfigError

__all__ = ["expand_env", "line_for", "load_with_lines"]

KeyPath = tuple[object, ...]
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


# libyaml's parser when PyYAML was built with it (the wheels are): the same documents, marks
# and errors as the pure-Python one, in a fraction of the time and memory.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_with_lines(text: str) -> tuple[Any, dict[KeyPath, int]]:
    """The document (as `yaml.safe_load` gives it) and the 1-based line of each key path,
    e.g. ("sources", 2, "schedule"), from one parse. Raises yaml.YAMLError."""
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        lines: dict[KeyPath, int] = {}
        if root is None:
            return None, lines
        _walk(root, (), lines)
        return loader.construct_document(root), lines
    finally:
        loader.dispose()


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            lines[child] = key.start_mark.line + 1
            _walk(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _walk(value, (*path, index), lines)


def line_for(lines: Mapping[KeyPath, int], loc: KeyPath) -> int | None:
    """The line of the deepest known prefix of `loc`."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def expand_env(data: Any, *, origin: str, lines: Mapping[KeyPath, int], path: KeyPath = ()) -> Any:
    """Replace `${VAR}` and `${VAR:-default}` in every string; an unset VAR is an error."""
    if isinstance(data, dict):
        return {
            k: expand_env(v, origin=origin, lines=lines, path=(*path, k)) for k, v in data.items()
        }
    if isinstance(data, list):
        return [
            expand_env(v, origin=origin, lines=lines, path=(*path, i)) for i, v in enumerate(data)
        ]
    if not isinstance(data, str) or "${" not in data:
        return data

    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        value = os.environ.get(name, default)
        if value is None:
            field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
            raise ConfigError(
                f"environment variable {name} is not set",
                path=origin,
                line=line_for(lines, path),
                field=field or None,
            )
        return value

    return _ENV.sub(replace, data)
