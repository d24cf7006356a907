"""Reading YAML while remembering where each value was, so errors can name file, line and field."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from deskpilot.errors import WorkspaceError
from deskpilot.workspace._yamlpos import compose, line_of

M = TypeVar("M", bound=BaseModel)


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
        node = compose(text)
        data: Any = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = None if mark is None else mark.line + 1
        raise WorkspaceError(
            f"{shown}:{line}: invalid YAML: {exc.problem}", file=shown, line=line
        ) from exc
    try:
        return model.model_validate({} if data is None else data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [p for p in first["loc"] if isinstance(p, str | int)]
        line = line_of(node, loc)
        field = _field_name(loc)
        raise WorkspaceError(
            f"{shown}:{line}: {field}: {first['msg']}",
            file=shown,
            line=line,
            field=field,
            errors=len(exc.errors()),
        ) from exc
