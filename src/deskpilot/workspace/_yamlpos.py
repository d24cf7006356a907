"""Find where in a YAML text a value lives, so that errors can name the line.

Shared by the workspace loader and the HTTP connector loader. ``compose`` parses the text into
YAML nodes (which keep their marks); ``line_of`` follows a location such as a pydantic error ``loc``
(``("actions", 1, "method")``) down the nodes and returns the 1-based line of the deepest part
it could find; ``duplicate_keys`` lists keys that appear twice in one mapping, which
``yaml.safe_load`` would otherwise silently collapse. ``locate`` is ``line_of`` that also says
which parts of the location it found.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["DuplicateKey", "Position", "compose", "duplicate_keys", "line_of", "locate"]


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (None for an empty document); raises ``yaml.YAMLError``."""
    return yaml.compose(text, Loader=yaml.SafeLoader)


@dataclass(frozen=True)
class Position:
    """Where a location was found: the 1-based line, and the parts of the location that matched."""

    line: int | None
    found: tuple[str | int, ...]


def line_of(root: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the value at ``loc``, or of its deepest ancestor present in the YAML.

    Parts of ``loc`` that match nothing at the current node are skipped rather than ending the
    walk: pydantic puts union members and discriminator tags into ``loc``
    (``("auth", "bearer", "secret")``), and those have no counterpart in the file.
    """
    return locate(root, loc).line


def line_in(path: Path, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of ``loc`` in the YAML file ``path`` (None when it cannot be read)."""
    try:
        return line_of(compose(path.read_text(encoding="utf-8")), loc)
    except (OSError, yaml.YAMLError):
        return None


def locate(root: yaml.Node | None, loc: Sequence[str | int]) -> Position:
    """Like ``line_of``, and also the parts of ``loc`` that were found, in order."""
    if root is None:
        return Position(None, ())
    node = root
    line = root.start_mark.line + 1
    found: list[str | int] = []
    for part in loc:
        child = _child(node, part)
        if child is None:
            continue
        line, node = child
        found.append(part)
    return Position(line, tuple(found))


def _child(node: yaml.Node, part: str | int) -> tuple[int, yaml.Node] | None:
    """The line and node of ``node[part]``: the key's line for mappings, the item's for lists."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key.start_mark.line + 1, value
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        item = node.value[part]
        return item.start_mark.line + 1, item
    return None


@dataclass(frozen=True)
class DuplicateKey:
    """A key written twice in one mapping: where it is (as a ``loc``) and the line of the repeat."""

    loc: tuple[str | int, ...]
    line: int


def duplicate_keys(root: yaml.Node | None) -> list[DuplicateKey]:
    """Every key that repeats an earlier key of the same mapping, in document order."""
    if root is None:
        return []
    return list(_duplicates(root, (), set()))


def _duplicates(
    node: yaml.Node, loc: tuple[str | int, ...], visited: set[int]
) -> Iterator[DuplicateKey]:
    # An alias is the same node object as its anchor (possibly an ancestor): visit it once.
    if id(node) in visited:
        return
    visited.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark)
            if name in seen:
                yield DuplicateKey((*loc, name), key.start_mark.line + 1)
            seen.add(name)
            yield from _duplicates(value, (*loc, name), visited)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicates(item, (*loc, index), visited)
