"""The conversation test file format: cases of customer turns and what must come of them.

A file is validated as a whole when it is loaded; a mistake is a ``WorkspaceError`` naming the
file, the line and the field, before any case runs.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator

from deskpilot.workspace import load_yaml_model

DEFAULT_CHANNEL = "chat"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CustomerTurn(_Strict):
    """One message the customer sends."""

    customer: str = Field(min_length=1)

    @field_validator("customer")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("a customer turn needs some text, found only whitespace")
        return text


class ExpectedAction(_Strict):
    """A write action the case must execute; ``args`` must match exactly (lists in any order)."""

    name: str = Field(min_length=1)
    args: dict[str, JsonValue]


class Expectations(_Strict):
    """What must come of a case; a field left out is not checked."""

    actions: list[ExpectedAction] | None = None
    """The write actions executed, in order; ``[]`` means no write may happen."""
    escalated: bool | None = None
    """Whether the case ends handed off to a person."""
    replies_contain: list[str] = Field(default_factory=list)
    """Texts some reply must contain (case-insensitive)."""
    replies_never: list[str] = Field(default_factory=list)
    """Texts no reply may contain (case-insensitive): another customer's address, a card."""

    @field_validator("replies_contain", "replies_never")
    @classmethod
    def _no_empty_text(cls, texts: list[str]) -> list[str]:
        if any(not text.strip() for text in texts):
            raise ValueError("every text must have some characters besides whitespace")
        return texts


class ConversationCase(_Strict):
    """One conversation: its turns, sent in order to a fresh case, and its expectations."""

    name: str = Field(min_length=1)
    channel: str = Field(default=DEFAULT_CHANNEL, min_length=1)
    turns: list[CustomerTurn] = Field(min_length=1)
    expect: Expectations = Field(default_factory=Expectations)


class CaseFile(_Strict):
    """A conversation test file: ``cases:`` and nothing else."""

    cases: list[ConversationCase] = Field(min_length=1)

    @field_validator("cases")
    @classmethod
    def _unique_names(cls, cases: list[ConversationCase]) -> list[ConversationCase]:
        seen: set[str] = set()
        for case in cases:
            if case.name in seen:
                raise ValueError(f"the case name {case.name!r} is used twice; names must differ")
            seen.add(case.name)
        return cases


def load_cases(path: Path) -> CaseFile:
    """Read and validate a test file; a ``WorkspaceError`` names the file, line and field."""
    return load_yaml_model(path, CaseFile)
