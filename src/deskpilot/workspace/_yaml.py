"""Reading YAML while remembering where each value was, so errors can name file, line and field."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from deskpilot.errors import WorkspaceError

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


def _index(node: yaml.Node, path: Loc, lines: dict[Loc, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*path, key)] = key_node.start_mark.line + 1
            _index(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), lines)


def _line_for(loc: Sequence[str | int], lines: dict[Loc, int]) -> int | None:
    path = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def _field_name(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load_yaml_model(path: Path, model: type[M], *, root: Path | None = None) -> M:
    """Parse ``path`` and validate it as ``model``; a WorkspaceError names file, line and field."""
    shown = (
        str(path.relative_to(root)) if root is not None and path.is_relative_to(root) else str(path)
    )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise WorkspaceError(f"{shown}: file not found", file=shown) from exc
    except UnicodeDecodeError as exc:
        raise WorkspaceError(f"{shown}: not UTF-8 text", file=shown) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = None if mark is None else mark.line + 1
        raise WorkspaceError(
            f"{shown}:{line}: invalid YAML: {exc.problem}", file=shown, line=line
        ) from exc
    lines: dict[Loc, int] = {}
    if node is not None:
        _index(node, (), lines)
    try:
        return model.model_validate({} if data is None else data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [p for p in first["loc"] if isinstance(p, str | int)]
        line = _line_for(loc, lines)
        field = _field_name(loc)
        raise WorkspaceError(
            f"{shown}:{line}: {field}: {first['msg']}",
            file=shown,
            line=line,
            field=field,
            errors=len(exc.errors()),
        ) from exc
