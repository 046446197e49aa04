"""Read config.yaml: one parse for values and key lines, `${ENV}` expansion, validation.

The text is parsed once, with the safe loader: the node tree gives the line each key sits on
(so an error can say `config.yaml:14`), and the same tree gives the values `yaml.safe_load`
would.

A config is a page of settings, so it gets a page's budget before anything is built from it:
at most `MAX_CONFIG_BYTES` of text, `MAX_DEPTH` levels of nesting and `MAX_NODES` values with
every alias counted where it is used. A "billion laughs" (aliases of aliases) would otherwise
expand to gigabytes in the line walk and the `${ENV}` expansion, and 900 levels of `[[[...]]]`
would overflow the recursion; both are ConfigErrors naming the line, before anything expands.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scraper.config.database import database_url
from scraper.config.models import Settings
from scraper.errors import ConfigError

__all__ = [
    "DEFAULT_CONFIG_PATH",
    "MAX_CONFIG_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "ConfigBudgetError",
    "expand_env",
    "line_for",
    "load_settings",
    "load_with_lines",
    "settings_from_dict",
]

DEFAULT_CONFIG_PATH = "config.yaml"
MAX_CONFIG_BYTES = 1024 * 1024
MAX_DEPTH = 32  # a real config nests 4 or 5 levels
MAX_NODES = 50_000  # ~ a thousand sources with all their keys

KeyPath = tuple[object, ...]
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


# libyaml's parser when PyYAML was built with it (the wheels are): the same documents, marks
# and errors as the pure-Python one, in a fraction of the time and memory.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigBudgetError(ValueError):
    """The document breaks the size, depth or node budget; `line` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def load_with_lines(text: str) -> tuple[Any, dict[KeyPath, int]]:
    """The document (as `yaml.safe_load` gives it) and the 1-based line of each key path,
    e.g. ("sources", 2, "schedule"), from one parse. Raises yaml.YAMLError, or ConfigBudgetError
    past the budget (the docstring of this module)."""
    if len(text) > MAX_CONFIG_BYTES:
        raise ConfigBudgetError(f"larger than {MAX_CONFIG_BYTES} bytes", 1)
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        lines: dict[KeyPath, int] = {}
        if root is None:
            return None, lines
        _walk(root, lines)
        return loader.construct_document(root), lines
    finally:
        loader.dispose()


def _walk(root: yaml.Node, lines: dict[KeyPath, int]) -> None:
    """Record each key path's line, counting nodes as aliases expand them, without recursion.

    A budget error names the line of the key that holds the offending value; inside an alias's
    expansion, the key where the alias is used (not where its anchor was defined).
    """
    stack: list[tuple[yaml.Node, KeyPath, int]] = [(root, (), root.start_mark.line + 1)]
    walked: set[int] = set()
    nodes = 0
    while stack:
        node, path, line = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise ConfigBudgetError(f"more than {MAX_NODES} values once aliases expand", line)
        if len(path) > MAX_DEPTH:
            raise ConfigBudgetError(f"nested more than {MAX_DEPTH} levels deep", line)
        lines.setdefault(path, line)
        again = id(node) in walked  # an alias: its children report where it is used
        walked.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                child = (*path, key.value)
                key_line = line if again else key.start_mark.line + 1
                lines.setdefault(child, key_line)
                stack.append((value, child, key_line))
        elif isinstance(node, yaml.SequenceNode):
            for index, value in reversed(list(enumerate(node.value))):
                used_again = again or id(value) in walked
                item_line = line if used_again else value.start_mark.line + 1
                stack.append((value, (*path, index), item_line))


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


def load_settings(
    path: str | os.PathLike[str] | None = None,
    *,
    database: str | None = None,
    required: bool = True,
) -> Settings:
    """Read and validate config.yaml; `TIDINGS_CONFIG` and `TIDINGS_DATABASE_URL` override.

    `database` (the `--db` option) wins over both. With `required=False` a missing file gives
    the defaults, so `tidings query` works without a config.
    """
    explicit = path is not None or "TIDINGS_CONFIG" in os.environ
    file = Path(path or os.environ.get("TIDINGS_CONFIG") or DEFAULT_CONFIG_PATH)
    if file.is_file():
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read: {exc}", path=str(file)) from exc
        settings = _settings_from_text(text, str(file))
    elif required or explicit:
        raise ConfigError("file not found", path=str(file))
    else:
        settings = Settings()
    url = database_url(database, settings.database)
    return settings if url == settings.database else settings.model_copy(update={"database": url})


def settings_from_dict(data: Mapping[str, Any], *, origin: str = "<config>") -> Settings:
    """Validate settings built in code (the demo), with the same errors as a file."""
    return _validate(dict(data), origin, {})


def _settings_from_text(text: str, origin: str) -> Settings:
    try:
        data, lines = load_with_lines(text)
    except ConfigBudgetError as exc:
        raise ConfigError(str(exc), path=origin, line=exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = (getattr(exc, "problem", None) or str(exc)).strip().splitlines()[0]
        line = mark.line + 1 if mark is not None else None
        position = getattr(exc, "position", None)  # a ReaderError: a character YAML forbids
        if line is None and isinstance(position, int):
            line = text.count("\n", 0, position) + 1
        raise ConfigError(f"not valid YAML: {problem}", path=origin, line=line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping of settings", path=origin, line=1)
    data = expand_env(data, origin=origin, lines=lines)
    return _validate(data, origin, lines)


def _validate(
    data: dict[str, Any], origin: str, lines: Mapping[tuple[object, ...], int]
) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, origin, lines) from None


def _first_error(
    exc: ValidationError, origin: str, lines: Mapping[tuple[object, ...], int]
) -> ConfigError:
    error = exc.errors(include_url=False)[0]
    loc = tuple(error["loc"])
    field = _dotted(loc)
    if error["type"] == "extra_forbidden":
        message = "unknown setting"
    elif error["type"] == "missing":
        message = "required"
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] not in ("value_error",) and "input" in error:
            message = f"{error['input']!r}: {message}"
    more = exc.error_count() - 1
    if more:
        message += f" (and {more} more)"
    return ConfigError(message, path=origin, line=line_for(lines, loc), field=field or None)


def _dotted(loc: Sequence[object]) -> str:
    """`sources[0].fields`; a key that would not read as one word (empty, spaces, a newline)
    is quoted, so the message stays one line."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and part.isprintable() and part and " " not in part:
            out += f".{part}" if out else part
        else:
            out += f"[{part!r}]"
    return out
