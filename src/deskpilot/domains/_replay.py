"""What replaying reference tasks needs whatever the business: the guard, and the comparison.

A pack replays a reference task by running its operations, in order, through the action layer
as the task's customer (verified, each write confirmed with its exact arguments), on a pristine
in-memory copy of its records; then it compares the records that changed with the reference's.
``ReplayGuard`` gives each task that action layer; ``diff_changes`` names the first difference;
``load_task_file`` reads a file of reference tasks; ``ReferenceTask`` and ``ReplayReport`` are
the shapes every pack's tasks and reports extend.

Numbers are compared to a millionth: the reference systems leave float noise in amounts
(``71.96000000000001``) that the packs round to the cent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from deskpilot.actions import (
    ActionLayer,
    ActionOutcome,
    ActionRegistry,
    Connector,
    Guard,
    GuardContext,
    SideEffect,
)
from deskpilot.domain import Case, CaseId, CustomerId, PendingConfirmation, Verification, new_id
from deskpilot.domains._records import Changes, read_json_file
from deskpilot.errors import InputError
from deskpilot.store import CaseRecorder, Database
from deskpilot.workspace import PolicyFile

_NUMBER_TOLERANCE = 1e-6

T = TypeVar("T")


@dataclass(frozen=True)
class ReferenceTask:
    """What every pack's reference task starts with: the file it came from, its index there
    and the customer it is about."""

    source: str
    index: int
    user_id: str

    @property
    def label(self) -> str:
        """A short name for reports: ``tasks_test#12``."""
        return f"{self.source}#{self.index}"


TaskT = TypeVar("TaskT", bound=ReferenceTask)
StepT = TypeVar("StepT")


@dataclass(frozen=True)
class ReplayReport(Generic[TaskT, StepT]):
    """The outcome of replaying one task; ``problem`` is None when it matched the reference."""

    task: TaskT
    steps: tuple[StepT, ...]
    changes: Changes
    problem: str | None

    @property
    def ok(self) -> bool:
        """Whether the replay matched the reference exactly."""
        return self.problem is None


@dataclass(frozen=True)
class TaskAction:
    """One operation of a task: its name and keyword arguments."""

    name: str
    kwargs: Mapping[str, Any]


def load_task_file(path: Path, task: Callable[[str, int, Mapping[str, Any]], T]) -> list[T]:
    """Read a JSON list of reference tasks, each built by ``task(file stem, position, entry)``;
    a missing file, bad JSON or a task without the fields ``task`` reads raise ``InputError``."""
    raw = read_json_file(path, "task file", InputError)
    if not isinstance(raw, list):
        raise InputError(
            f"task file {path} should hold a list of tasks, found {type(raw).__name__}",
            path=str(path),
        )
    try:
        return [task(path.stem, position, entry) for position, entry in enumerate(raw)]
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"task file {path} has a task without the expected fields ({exc})", path=str(path)
        ) from exc


class ReplaySession:
    """One task's action layer over its own connector, acting as its verified customer."""

    def __init__(self, layer: ActionLayer, db: Database, case: Case) -> None:
        self._layer = layer
        self._db = db
        self.case = case

    def knows(self, action: str) -> bool:
        """Whether the connector has an operation called ``action``."""
        return any(spec.name == action for spec in self._layer.registry.specs())

    def run(self, action: str, kwargs: Mapping[str, Any], nonce: str) -> ActionOutcome:
        """Run ``action`` through the guard, a write confirmed first with exactly these
        arguments; malformed arguments raise ``ActionError``. As in a conversation, the customer
        is from then on whoever an identifying lookup finds (a task's ``user_id`` can name
        someone else than the customer it describes)."""
        spec = self._layer.registry.spec(action)
        if spec.side_effect is SideEffect.WRITE:
            plain = self._layer.parse_args(spec, dict(kwargs)).model_dump(mode="json")
            confirmation = PendingConfirmation(action, plain, f"replay: {action}")
            self.case = replace(self.case, confirmed=(*self.case.confirmed, confirmation))
        recorder = CaseRecorder(self._db, self.case.id, None)
        ctx = GuardContext(case=self.case, actor="replay")
        outcome = self._layer.call(action, dict(kwargs), ctx, recorder, nonce=nonce)
        recorder.flush()
        if spec.identifies and outcome.ok and isinstance(outcome.result, str):
            verification = Verification(user_id=outcome.result, method=action)
            self.case = replace(self.case, verification=verification)
        return outcome


class ReplayGuard:
    """One audit database and one guard (with a workspace's policies, or none) for a whole
    replay; ``session`` gives each task its own action layer and case."""

    def __init__(self, policies: PolicyFile | None = None) -> None:
        self.db = Database.connect("sqlite://")
        self.guard = Guard(policies or PolicyFile())

    def session(self, connector: Connector, user_id: str) -> ReplaySession:
        """A case verified as ``user_id``, over an action layer holding only ``connector``."""
        registry = ActionRegistry()
        registry.register(connector)
        case = Case(
            id=CaseId(new_id("case")),
            customer_id=CustomerId(new_id("cus")),
            verification=Verification(user_id=user_id, method="replay"),
        )
        with self.db.transaction() as repo:
            repo.insert_case(case)
        return ReplaySession(ActionLayer(registry, self.guard, self.db), self.db, case)

    def close(self) -> None:
        """Release the audit database."""
        self.db.dispose()


def diff_changes(
    expected: Mapping[str, Mapping[str, Any]], actual: Mapping[str, Mapping[str, Any]]
) -> str | None:
    """The first difference between two change sets as a readable path, or None if equal."""
    for table in (*expected, *(t for t in actual if t not in expected)):
        want, got = expected.get(table, {}), actual.get(table, {})
        for record_id in (*want, *(r for r in got if r not in want)):
            path = f"{table}.{record_id}"
            if record_id not in got:
                return f"{path}: expected this record to change, found it unchanged"
            if record_id not in want:
                return f"{path}: expected no change, found {_show(got[record_id])}"
            difference = _first_difference(want[record_id], got[record_id], path)
            if difference is not None:
                return difference
    return None


def _first_difference(expected: Any, actual: Any, path: str) -> str | None:
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        for key in expected:
            if key not in actual:
                return f"{path}.{key}: expected {_show(expected[key])}, found nothing"
            difference = _first_difference(expected[key], actual[key], f"{path}.{key}")
            if difference is not None:
                return difference
        extra = [key for key in actual if key not in expected]
        if extra:
            return f"{path}.{extra[0]}: expected nothing, found {_show(actual[extra[0]])}"
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        for position, (want, got) in enumerate(zip(expected, actual, strict=False)):
            difference = _first_difference(want, got, f"{path}[{position}]")
            if difference is not None:
                return difference
        if len(expected) != len(actual):
            return f"{path}: expected {len(expected)} entries, found {len(actual)}"
        return None
    if _is_number(expected) and _is_number(actual):
        if abs(expected - actual) <= _NUMBER_TOLERANCE:
            return None
    elif type(expected) is type(actual) and expected == actual:
        return None
    return f"{path}: expected {_show(expected)}, found {_show(actual)}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _show(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
