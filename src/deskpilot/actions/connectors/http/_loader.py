"""Load a connector file; report any problem as a ``WorkspaceError`` naming file, line, field."""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import httpx
import yaml
from pydantic import BaseModel, SecretStr, ValidationError

from deskpilot.errors import WorkspaceError
from deskpilot.workspace._yamlpos import compose, duplicate_keys, locate

from ._checks import config_issues
from ._config import HttpConnectorConfig
from ._connector import HttpConnector
from ._template import describe

__all__ = ["load_http_connector", "load_http_connector_config"]

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class _Problem:
    loc: Loc
    message: str
    missing: bool = False
    line: int | None = None  # when known better than by following ``loc`` (a repeated key)


def load_http_connector(
    path: Path,
    secrets: Mapping[str, SecretStr],
    transport: httpx.BaseTransport | None = None,
) -> HttpConnector:
    """Read ``path`` (``connectors/<name>.yaml``) and build its connector with ``secrets``.

    Raises ``WorkspaceError`` naming the file, line and field of the first problem; ``data``
    holds ``file``, ``line``, ``field`` and every problem under ``errors``.
    """
    text = _read(path)
    root = _compose(path, text)
    config = _validate(path, text, root)
    try:
        return HttpConnector(config, secrets, transport)
    except WorkspaceError as exc:
        problems = [_Problem(tuple(e["loc"]), e["message"]) for e in exc.data.get("errors", [])]
        if not problems:
            raise
        raise _workspace_error(path, root, problems) from exc


def load_http_connector_config(path: Path) -> HttpConnectorConfig:
    """Read and validate ``path`` fully, without building a connector (no secrets needed)."""
    text = _read(path)
    return _validate(path, text, _compose(path, text))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(
            f"{path}: expected a readable UTF-8 YAML file, found {type(exc).__name__}",
            file=str(path),
        ) from exc


def _compose(path: Path, text: str) -> yaml.Node | None:
    try:
        return compose(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, text, exc) from exc


def _yaml_error(path: Path, text: str, exc: yaml.YAMLError) -> WorkspaceError:
    mark = None
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return WorkspaceError(f"{path}: invalid YAML ({type(exc).__name__})", file=str(path))
    line = mark.line + 1
    problem = exc.problem if isinstance(exc, yaml.MarkedYAMLError) else None
    hint = ""
    if any("{{" in text_line for text_line in text.splitlines()[max(0, line - 2) : line]):
        hint = '; a value that starts with "{{" must be quoted: "{{ args.name }}"'
    return WorkspaceError(
        f"{path}:{line}: invalid YAML: {problem or 'cannot parse'}{hint}",
        file=str(path),
        line=line,
    )


def _validate(path: Path, text: str, root: yaml.Node | None) -> HttpConnectorConfig:
    duplicates = duplicate_keys(root)
    if duplicates:
        problems = [
            _Problem(d.loc, "this key is written twice in one mapping", line=d.line)
            for d in duplicates
        ]
        raise _workspace_error(path, root, problems)
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, text, exc) from exc
    if not isinstance(data, dict):
        raise WorkspaceError(
            f"{path}: expected a mapping of connector fields, found {describe(data)}",
            file=str(path),
            line=1,
        )
    try:
        config = HttpConnectorConfig.model_validate(data)
    except ValidationError as exc:
        raise _workspace_error(path, root, _pydantic_problems(exc)) from exc
    issues = config_issues(config)
    if issues:
        problems = [_Problem(issue.loc, issue.message) for issue in issues]
        raise _workspace_error(path, root, problems)
    return config


def _workspace_error(
    path: Path, root: yaml.Node | None, problems: Sequence[_Problem]
) -> WorkspaceError:
    errors: list[dict[str, Any]] = []
    for problem in problems:
        position = locate(root, problem.loc)
        parts = list(position.found)
        # A missing field is, by nature, not in the file: name it after the parent that is.
        if problem.missing and problem.loc and problem.loc[-1] not in position.found[-1:]:
            parts.append(problem.loc[-1])
        field = ".".join(str(part) for part in parts) or "(top level)"
        if errors and errors[-1]["field"] == field:
            continue  # union members repeat one problem once per member
        line = problem.line or position.line
        errors.append({"field": field, "line": line, "message": problem.message})
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return WorkspaceError(
        f"{path}:{first['line']}: {first['field']}: {first['message']}{more}",
        file=str(path),
        line=first["line"],
        field=first["field"],
        errors=errors,
    )


def _pydantic_problems(exc: ValidationError) -> list[_Problem]:
    problems: list[_Problem] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            allowed = _fields_at(loc[:-1])
            expected = f"; expected one of: {', '.join(allowed)}" if allowed else ""
            problems.append(_Problem(loc, f"unknown field{expected}"))
        elif kind == "missing":
            problems.append(_Problem(loc, "this required field is missing", missing=True))
        else:
            message = error["msg"].removeprefix("Value error, ")
            problems.append(_Problem(loc, message + _found(kind, error.get("input"))))
    return problems


def _found(kind: str, value: Any) -> str:
    """What was found, when that is safe and useful: never a free-text string (it may be a
    credential pasted in the wrong place), only choices, numbers and shapes."""
    if isinstance(value, str):
        return f" (found {value[:40]!r})" if kind in ("literal_error", "enum") else ""
    if isinstance(value, bool | int | float):
        return f" (found {value!r})"
    return f" (found {describe(value)})"


def _fields_at(loc: Loc) -> list[str]:
    """The field names of the config model at ``loc``, to list the valid choices."""
    current: Any = HttpConnectorConfig
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    model = _model(current)
    return list(model.model_fields) if model is not None else []


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _strip(annotation)
    model = _model(annotation)
    if model is not None:
        field = model.model_fields.get(str(part))
        return None if field is None else field.annotation
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [m for m in get_args(annotation) if m is not type(None)]
        for member in members:
            tag = _model(_strip(member))
            tag_field = None if tag is None else tag.model_fields.get("type")
            if tag_field is not None and get_args(tag_field.annotation) == (part,):
                return member
        return _step(members[0], part) if len(members) == 1 else None
    if origin in (list, tuple) and isinstance(part, int):
        return get_args(annotation)[0]
    if origin is dict and isinstance(part, str):
        return get_args(annotation)[1]
    return None


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None
