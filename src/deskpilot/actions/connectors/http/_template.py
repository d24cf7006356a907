"""Templates of the HTTP connector: path parameters, ``{{ args.x }}`` placeholders, dotted paths.

This is a deliberately minimal substitution, not Jinja2: a template can only name an argument
(``{{ args.order_id }}``), never call, filter or compute, so a workspace file cannot run code.

- **Path** templates use single braces, ``/orders/{order_id}``. Each value is converted to text
  and percent-encoded as one path segment (``/``, ``?``, ``#``, ``%`` and everything but
  ``A-Z a-z 0-9 - . _ ~`` are encoded), so an argument can never add a segment, a query or a
  fragment. Empty values and the dot segments ``.`` and ``..`` are refused: HTTP clients and
  servers resolve them, which would let an argument climb out of its path.
- **Body and query** templates are JSON values whose strings may hold placeholders. A string
  that is exactly one placeholder becomes the argument's value *with its type* (a number stays a
  number, a list stays a list, an absent optional argument becomes ``null``); a placeholder inside
  longer text is replaced by the value as text (non-strings in their JSON spelling).
- **Dotted paths** (``data.order.status``, ``items.0.sku``) read a value out of a JSON document;
  a part made of digits indexes a list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

__all__ = [
    "PathNotFoundError",
    "TemplateError",
    "describe",
    "path_params",
    "render_path",
    "render_value",
    "resolve",
    "template_args",
]

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
_ARG_REF = re.compile(r"\s*args\.([A-Za-z][A-Za-z0-9_]*)\s*")
_PATH_PARAM = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_DOT_SEGMENTS = frozenset({"", ".", ".."})


class TemplateError(ValueError):
    """A template is malformed, or an argument cannot be placed where the template puts it.

    Messages name placeholders and arguments, never argument values.
    """


class PathNotFoundError(LookupError):
    """A dotted path does not lead to a value; the message says where the walk stopped."""


def template_args(template: Any) -> set[str]:
    """The argument names referenced by the ``{{ args.x }}`` placeholders in a JSON template."""
    names: set[str] = set()
    for text in _strings(template):
        for match in _PLACEHOLDER.finditer(text):
            names.add(_arg_name(match.group(1)))
        if "{{" in _PLACEHOLDER.sub("", text) or "}}" in _PLACEHOLDER.sub("", text):
            raise TemplateError(f"unbalanced braces in template {text!r}")
    return names


def render_value(template: Any, args: Mapping[str, Any]) -> Any:
    """The JSON template with every placeholder replaced by the named argument (see module doc)."""
    if isinstance(template, str):
        return _render_string(template, args)
    if isinstance(template, list):
        return [render_value(item, args) for item in template]
    if isinstance(template, dict):
        return {key: render_value(value, args) for key, value in template.items()}
    return template


def path_params(path: str) -> list[str]:
    """The parameter names of a path template, in order; raises ``TemplateError`` if malformed."""
    names: list[str] = []
    for match in _PATH_PARAM.finditer(path):
        name = match.group(1).strip()
        if not _NAME.fullmatch(name):
            raise TemplateError(
                f"path parameter {{{match.group(1)}}} is not an argument name: expected "
                "{name} with letters, digits and underscores"
            )
        names.append(name)
    rest = _PATH_PARAM.sub("", path)
    if "{" in rest or "}" in rest:
        raise TemplateError(f"unbalanced braces in path {path!r}: expected /segment/{{name}}")
    return names


def render_path(path: str, args: Mapping[str, Any]) -> str:
    """The path with each ``{name}`` replaced by the percent-encoded text of ``args[name]``."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name not in args:
            raise TemplateError(f"path parameter {{{name}}} has no argument")
        text = _path_text(name, args[name])
        if text in _DOT_SEGMENTS:
            raise TemplateError(
                f"argument {name!r} cannot be used in a URL path: it is empty, '.' or '..'"
            )
        return quote(text, safe="")

    return _PATH_PARAM.sub(substitute, path)


def resolve(document: Any, dotted: str) -> Any:
    """The value at ``dotted`` inside ``document``; raises ``PathNotFoundError`` if absent."""
    value = document
    walked: list[str] = []
    for part in dotted.split("."):
        where = ".".join(walked) or "the top level"
        if isinstance(value, dict):
            if part not in value:
                raise PathNotFoundError(f"no key {part!r} at {where} (found {describe(value)})")
            value = value[part]
        elif isinstance(value, list) and part.isdigit():
            if int(part) >= len(value):
                raise PathNotFoundError(f"no item {part} at {where} (found {describe(value)})")
            value = value[int(part)]
        else:
            raise PathNotFoundError(f"cannot take {part!r} of {describe(value)} at {where}")
        walked.append(part)
    return value


def describe(value: Any) -> str:
    """A short description of a JSON value's shape that never includes its content."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return f"a list of {_count(len(value), 'item')}"
    if isinstance(value, dict):
        return f"an object with {_count(len(value), 'key')}"
    return type(value).__name__


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _strings(template: Any) -> list[str]:
    if isinstance(template, str):
        return [template]
    if isinstance(template, list):
        return [text for item in template for text in _strings(item)]
    if isinstance(template, dict):
        return [text for value in template.values() for text in _strings(value)]
    return []


def _arg_name(inner: str) -> str:
    match = _ARG_REF.fullmatch(inner)
    if match is None:
        raise TemplateError(
            f"placeholder {{{{{inner}}}}} is not supported: expected {{{{ args.<name> }}}}"
        )
    return match.group(1)


def _render_string(text: str, args: Mapping[str, Any]) -> Any:
    whole = _PLACEHOLDER.fullmatch(text)
    if whole is not None:
        return _argument(_arg_name(whole.group(1)), args)

    def substitute(match: re.Match[str]) -> str:
        value = _argument(_arg_name(match.group(1)), args)
        return value if isinstance(value, str) else json.dumps(value)

    return _PLACEHOLDER.sub(substitute, text)


def _argument(name: str, args: Mapping[str, Any]) -> Any:
    if name not in args:
        raise TemplateError(f"placeholder {{{{ args.{name} }}}} names no argument")
    return args[name]


def _path_text(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise TemplateError(
        f"argument {name!r} cannot be used in a URL path: expected text or a number, "
        f"found {describe(value)}"
    )
