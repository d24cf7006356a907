"""What an action is, and what a connector must provide to implement actions.

An action is a typed backend operation: a pydantic input model (its JSON schema is the action's
contract), a declared side effect, and a connector that knows how to check its preconditions,
find who owns its target, and run it. Connectors never decide whether an action *may* run: the
guard does (``deskpilot.actions._guard``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel

from deskpilot.domain import Assurance


class SideEffect(StrEnum):
    """Whether an action only reads the business's systems or changes them."""

    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class ActionSpec:
    """The declaration of one action: name, input model, side effect, and which connector runs it.

    ``identifies`` marks the lookups that establish who the customer is, and ``public`` the reads
    of information that belongs to nobody (the product catalogue): both run before verification;
    every other action needs a verified customer, as surely as ``verification`` says at least.
    """

    name: str
    description: str
    side_effect: SideEffect
    input_model: type[BaseModel]
    connector: str
    identifies: bool = False
    public: bool = False
    # The least the action ever needs, whatever the workspace allows (None: the workspace's
    # identity.verification decides).
    verification: Assurance | None = None

    def json_schema(self) -> dict[str, Any]:
        """The JSON schema of the action's arguments."""
        return self.input_model.model_json_schema()


class Refusal(Exception):
    """A business rule said no: a structured code and a plain-language reason for the customer.

    Connectors raise it from ``check`` or ``execute``; the action layer turns it into a refused
    outcome. It never leaves the action layer.
    """

    def __init__(
        self, code: str, reason: str, said: tuple[str, Mapping[str, Any]] | None = None
    ) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        # The reason as the customer hears it, when the connector's business says it in the
        # workspace's words: a template of the workspace and its facts (``reason`` stays the
        # record's, for the audit and the agents).
        self.said = said


class Connector(Protocol):
    """A business system that implements some actions."""

    name: str

    def specs(self) -> Sequence[ActionSpec]:
        """The actions this connector implements."""
        ...

    def owner_of(self, action: str, args: BaseModel) -> str | None:
        """The customer (business user id) who owns the action's target, or None if it has none.

        Raises ``Refusal`` with code ``not_found`` when the target does not exist.
        """
        ...

    def check(self, action: str, args: BaseModel) -> None:
        """Raise ``Refusal`` if the action's preconditions do not hold right now; change nothing."""
        ...

    def execute(self, action: str, args: BaseModel, idempotency_key: str) -> Any:
        """Run the action and return its JSON-serialisable result.

        A write with an idempotency key that already ran returns the stored result again without
        changing anything. Raises ``Refusal`` for a business-rule refusal and ``ConnectorError``
        (or a subclass) when the system fails.
        """
        ...
