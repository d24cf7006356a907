"""Checks that relate one part of a connector file to another.

Each model in ``_config`` validates itself; these checks need the whole file: placeholders name
declared arguments, owner lookups and preconditions name read actions whose arguments this
action can supply. Each issue carries the ``loc`` of the offending field, so the loader can name
its line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from deskpilot.actions._spec import SideEffect

from ._config import ActionConfig, HttpConnectorConfig, InputField
from ._template import path_params, template_args

__all__ = ["ConfigIssue", "config_issues"]

Loc = tuple[str | int, ...]
_SCALAR_TYPES = frozenset({"string", "integer", "number", "boolean"})


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a connector configuration: where (a pydantic-style ``loc``) and what."""

    loc: Loc
    message: str


def config_issues(config: HttpConnectorConfig) -> list[ConfigIssue]:
    """Every cross-reference problem in ``config``, in file order (empty when it is sound)."""
    actions = {action.name: action for action in config.actions}
    issues: list[ConfigIssue] = []
    seen: set[str] = set()
    for index, action in enumerate(config.actions):
        at: Loc = ("actions", index)
        if action.name in seen:
            issues.append(ConfigIssue((*at, "name"), f"action {action.name!r} is declared twice"))
        seen.add(action.name)
        issues.extend(_input_issues(action, at))
        issues.extend(_template_issues(action, at))
        issues.extend(_owner_issues(action, at, actions))
        if action.precondition is not None:
            issues.extend(
                _lookup_issues(action, action.precondition.action, (*at, "precondition"), actions)
            )
    return issues


def _input_issues(action: ActionConfig, at: Loc) -> Iterator[ConfigIssue]:
    seen: set[str] = set()
    for index, field in enumerate(action.input):
        if field.name in seen:
            yield ConfigIssue(
                (*at, "input", index, "name"), f"argument {field.name!r} is declared twice"
            )
        seen.add(field.name)


def _template_issues(action: ActionConfig, at: Loc) -> Iterator[ConfigIssue]:
    fields = {field.name: field for field in action.input}
    for name in path_params(action.path):
        field = fields.get(name)
        if field is None:
            yield _undeclared((*at, "path"), f"path parameter {{{name}}}", fields)
        elif not field.required or field.type not in _SCALAR_TYPES:
            yield ConfigIssue(
                (*at, "path"),
                f"path parameter {{{name}}} needs a required string, integer, number or "
                f"boolean argument, found a{'n optional' if not field.required else ''} "
                f"{field.type} argument",
            )
    for key, template in action.query.items():
        for name in sorted(template_args(template)):
            field = fields.get(name)
            if field is None:
                yield _undeclared((*at, "query", key), f"{{{{ args.{name} }}}}", fields)
            elif field.type not in _SCALAR_TYPES:
                yield ConfigIssue(
                    (*at, "query", key),
                    f"query parameter {key!r} needs a string, integer, number or boolean "
                    f"argument, found {name!r} of type {field.type}",
                )
    for name in sorted(template_args(action.body)):
        if name not in fields:
            yield _undeclared((*at, "body"), f"{{{{ args.{name} }}}}", fields)


def _owner_issues(
    action: ActionConfig, at: Loc, actions: Mapping[str, ActionConfig]
) -> Iterator[ConfigIssue]:
    owner = action.owner
    if owner is None:
        return
    loc: Loc = (*at, "owner")
    if owner.action is not None:
        yield from _lookup_issues(action, owner.action, loc, actions)
        lookup = actions.get(owner.action)
        head = owner.path.split(".")[0]
        if lookup is not None and head not in lookup.response:
            yield ConfigIssue(
                (*loc, "path"),
                f"expected a path into the result of {owner.action!r}, which has the fields: "
                f"{_listing(lookup.response)}; found {head!r}",
            )
        return
    parts = owner.path.split(".")
    fields = {field.name: field for field in action.input}
    if len(parts) != 2 or parts[0] != "args":
        yield ConfigIssue(
            (*loc, "path"),
            "expected 'args.<argument>', or a path into a result together with 'action'",
        )
    elif parts[1] not in fields:
        yield _undeclared((*loc, "path"), f"owner argument {parts[1]!r}", fields)
    elif not fields[parts[1]].required:
        yield ConfigIssue(
            (*loc, "path"), f"owner argument {parts[1]!r} must be a required argument"
        )


def _lookup_issues(
    action: ActionConfig, name: str, loc: Loc, actions: Mapping[str, ActionConfig]
) -> Iterator[ConfigIssue]:
    """Problems with calling read action ``name`` using the arguments of ``action``."""
    reads = sorted(a.name for a in actions.values() if a.side_effect is SideEffect.READ)
    lookup = actions.get(name)
    if lookup is None or lookup.side_effect is not SideEffect.READ:
        found = "no such action" if lookup is None else "a write action"
        yield ConfigIssue(
            (*loc, "action"),
            f"expected a read action of this file ({', '.join(reads) or 'none declared'}), "
            f"found {found} {name!r}",
        )
        return
    supplied = {field.name for field in action.input}
    missing = sorted(f.name for f in lookup.input if f.required and f.name not in supplied)
    if missing:
        yield ConfigIssue(
            (*loc, "action"),
            f"{name!r} needs the arguments {', '.join(missing)}, which {action.name!r} "
            "does not declare",
        )


def _undeclared(loc: Loc, what: str, fields: Mapping[str, InputField]) -> ConfigIssue:
    return ConfigIssue(
        loc, f"{what} names no declared argument; declared arguments: {_listing(fields)}"
    )


def _listing(names: Mapping[str, object]) -> str:
    return ", ".join(sorted(names)) or "none"
