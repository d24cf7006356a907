"""Saved replies: the texts a support team keeps in ``replies/*.yaml`` for agents to insert,
with variables (``{{customer.first_name}}``, ``{{agent.name}}``, ``{{record}}``) filled from
the case when the agent picks one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from deskpilot.errors import WorkspaceError
from deskpilot.workspace._yaml import load_yaml_model
from deskpilot.workspace._yamlpos import line_in

VARIABLES: dict[str, str] = {
    "customer.name": "the verified customer's full name",
    "customer.first_name": "the verified customer's first name",
    "agent.name": "the agent's display name",
    "agent.first_name": "the agent's first name",
    "record": "the record the conversation concerns first",
    "case.id": "the case's id",
}
_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")


class SavedReply(BaseModel):
    """One saved reply: its short ``name`` (what the agent types), a ``title`` and the text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    title: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=4000)

    def variables(self) -> list[str]:
        """The variables the text names, in order."""
        return _VARIABLE.findall(self.text)

    def fill(self, values: Mapping[str, str | None]) -> str:
        """The text with each variable replaced by its value; one without a value stays
        visible as ``[customer.first_name]`` for the agent to fill in before sending."""

        def value(match: re.Match[str]) -> str:
            found = values.get(match.group(1))
            return found if found else f"[{match.group(1)}]"

        return _VARIABLE.sub(value, self.text)


class RepliesFile(BaseModel):
    """A file of ``replies/``: a list of saved replies."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    replies: list[SavedReply] = Field(default_factory=list)


def load_replies(root: Path) -> tuple[SavedReply, ...]:
    """Every saved reply of ``root/replies/*.yaml``; a duplicate name or an unknown variable is
    a WorkspaceError naming the file, line and field."""
    replies: list[SavedReply] = []
    seen: dict[str, str] = {}
    for path in sorted((root / "replies").glob("*.yaml")):
        rel = str(path.relative_to(root))
        for i, reply in enumerate(load_yaml_model(path, RepliesFile, root=root).replies):
            if reply.name in seen:
                _fail(
                    path,
                    rel,
                    ["replies", i, "name"],
                    f"{reply.name!r} is also in {seen[reply.name]}",
                )
            unknown = [v for v in reply.variables() if v not in VARIABLES]
            if unknown:
                known = ", ".join(VARIABLES)
                _fail(
                    path,
                    rel,
                    ["replies", i, "text"],
                    f"unknown variable {unknown[0]!r}; variables: {known}",
                )
            seen[reply.name] = rel
            replies.append(reply)
    return tuple(replies)


def _fail(path: Path, rel: str, loc: list[str | int], problem: str) -> None:
    line = line_in(path, loc)
    field = f"replies[{loc[1]}].{loc[2]}"
    raise WorkspaceError(f"{rel}:{line}: {field}: {problem}", file=rel, line=line, field=field)
