"""What a pack's connector over JSON tables does whatever the business: parse, owner, check, run.

``RecordsConnector`` is the ``Connector`` half every pack whose operations are reads and
two-part writes (``check``, ``apply``) on a ``JsonTablesStore`` can share. A subclass lists its
operations, names its business (``"the airline"``: it opens the error texts), builds its specs,
and says who owns what an operation targets (``_owner_finder``) and where its records are
(``_store``). A record without a field an operation needs is the business system failing, so it
is a ``ConnectorError``, not a bug in the caller's request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from deskpilot.errors import ActionError, ConnectorError

from ._records import Change, Data, JsonTablesStore, fingerprint

OwnerFinder = Callable[[Data, Any], str | None]
"""The user id owning what an operation targets (raising ``Refusal`` if it is missing)."""
ReadFn = Callable[[Data, Any], Any]
"""A read: the records and the parsed arguments in, the answer out."""


class Operation(Protocol):
    """One operation of a pack, as the shared connector needs it: its name and input model."""

    @property
    def name(self) -> str: ...

    @property
    def input_model(self) -> type[BaseModel]: ...


class WriteFn(Protocol):
    """A write's two halves: the check alone, and the apply step that checks then plans."""

    @property
    def check(self) -> Callable[[Data, Any], object]: ...

    @property
    def apply(self) -> Callable[[Data, Any], Change]: ...


OpT = TypeVar("OpT", bound=Operation)


class RecordsConnector(Generic[OpT]):
    """Parse, ownership, precondition checks and execution of a pack's operations on its
    records; the subclass gives the operations, the business's name and the specs."""

    business: str
    """How the error texts name the business: ``"the airline"``, ``"the store"``."""

    def __init__(
        self,
        operations: Sequence[OpT],
        reads: Mapping[str, ReadFn],
        writes: Mapping[str, WriteFn],
    ) -> None:
        self._operations = {op.name: op for op in operations}
        self._reads = reads
        self._writes = writes

    def parse(self, action: str, kwargs: Mapping[str, Any]) -> BaseModel:
        """Validate raw keyword arguments into the operation's input model."""
        op = self._operation(action)
        try:
            return op.input_model.model_validate(dict(kwargs))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ActionError(
                f"arguments of {action} do not match its schema: {exc.error_count()} error(s), "
                f"first at {'.'.join(str(p) for p in first['loc']) or '(root)'}: "
                f"{first['msg']}",
                action=action,
            ) from exc

    def owner_of(self, action: str, args: BaseModel) -> str | None:
        """The user id owning what the operation targets; None for public reads and lookups."""
        finder = self._owner_finder(self._operation(action, args))
        with self._malformed_records_are_connector_errors(action):
            return self._store().read(lambda data: finder(data, args))

    def check(self, action: str, args: BaseModel) -> None:
        """Raise ``Refusal`` if the business's system would refuse the operation now."""
        op = self._operation(action, args)
        read = self._reads.get(op.name)
        with self._malformed_records_are_connector_errors(action):
            if read is not None:
                self._store().read(lambda data: _discard(read(data, args)))
            else:
                write = self._writes[op.name]
                self._store().read(lambda data: _discard(write.check(data, args)))

    def execute(self, action: str, args: BaseModel, idempotency_key: str) -> Any:
        """Run the operation; a write runs once per idempotency key and returns its result."""
        op = self._operation(action, args)
        read = self._reads.get(op.name)
        with self._malformed_records_are_connector_errors(action):
            if read is not None:
                return self._store().read(lambda data: read(data, args))
            write = self._writes[op.name]
            return self._store().write(
                idempotency_key,
                op.name,
                fingerprint(op.name, args.model_dump(mode="json")),
                lambda data: write.apply(data, args),
            )

    def _owner_finder(self, op: OpT) -> OwnerFinder:
        raise NotImplementedError

    def _store(self) -> JsonTablesStore:
        raise NotImplementedError

    def _operation(self, action: str, args: BaseModel | None = None) -> OpT:
        op = self._operations.get(action)
        if op is None:
            raise ActionError(
                f"{self.business} has no operation {action!r}; "
                f"valid: {', '.join(self._operations)}",
                action=action,
            )
        if args is not None and not isinstance(args, op.input_model):
            raise ActionError(
                f"{action} expects {op.input_model.__name__} arguments, "
                f"found {type(args).__name__}",
                action=action,
            )
        return op

    @contextmanager
    def _malformed_records_are_connector_errors(self, action: str) -> Iterator[None]:
        # The operations index records by the business's JSON shape; a record without a field
        # they need is the business system failing, not a bug in the caller's request.
        try:
            yield
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConnectorError(
                f"{self.business}'s records are not in the expected shape while running "
                f"{action}: {type(exc).__name__} {exc}",
                action=action,
            ) from exc


def _discard(_: object) -> None:
    return None
