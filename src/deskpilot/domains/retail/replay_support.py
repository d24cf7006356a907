"""Replay reference tasks against the store and say where the result differs from the reference.

A task (``tasks_*.json``) is a customer's goal with the operations a correct agent runs and the
records those operations change (``expected_changes``). ``replay_task`` runs the operations on a
pristine in-memory store — directly, or through whatever ``run`` the caller passes (the guard) —
and reports the first difference, e.g. ``orders.#W123.status: expected 'x', found 'y'``.

Numbers are compared to a millionth: the reference store leaves float noise in amounts
(``71.96000000000001``) that this store rounds to the cent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskpilot.actions._spec import Refusal
from deskpilot.errors import ActionError, InputError

from ._common import RefusalCode
from ._connector import RetailConnector
from ._state import Changes, Record, RetailStore, store_changes

__all__ = [
    "Runner",
    "Step",
    "Task",
    "TaskAction",
    "TaskReport",
    "diff_changes",
    "direct_runner",
    "load_tasks",
    "reference_error_code",
    "replay_task",
    "store_changes",
]

_NUMBER_TOLERANCE = 1e-6

# What the reference store's error messages mean in this store's refusal codes; matched as
# substrings, first match wins.
_REFERENCE_ERRORS: tuple[tuple[str, RefusalCode], ...] = (
    ("not found", RefusalCode.NOT_FOUND),
    ("insufficient gift card balance", RefusalCode.INSUFFICIENT_GIFT_CARD_BALANCE),
    ("original payment method or a gift card", RefusalCode.REFUND_METHOD_NOT_ALLOWED),
    ("non-delivered order", RefusalCode.ORDER_NOT_DELIVERED),
    ("non-pending order", RefusalCode.ORDER_NOT_PENDING),
)

Runner = Callable[[RetailConnector, str, Mapping[str, Any], str], Any]
"""Runs one operation (connector, action name, raw kwargs, idempotency key); raises ``Refusal``."""


@dataclass(frozen=True)
class TaskAction:
    """One operation of a task: its name and keyword arguments."""

    name: str
    kwargs: Mapping[str, Any]


@dataclass(frozen=True)
class Task:
    """A reference task: the operations to run and the records they must change."""

    source: str
    index: int
    user_id: str
    instruction: str
    actions: tuple[TaskAction, ...]
    outputs: tuple[str, ...]
    expected_changes: Mapping[str, Mapping[str, Record | None]]
    reference_errors: tuple[str, ...]

    @property
    def label(self) -> str:
        """A short name for reports: ``tasks_test#12``."""
        return f"{self.source}#{self.index}"


@dataclass(frozen=True)
class Step:
    """What happened to one operation: run, refused (with code and reason), or skipped."""

    index: int
    action: str
    refusal_code: str | None = None
    refusal_reason: str | None = None
    skipped: bool = False


@dataclass(frozen=True)
class TaskReport:
    """The outcome of replaying one task; ``problem`` is None when it matched the reference."""

    task: Task
    steps: tuple[Step, ...]
    changes: Changes
    problem: str | None

    @property
    def ok(self) -> bool:
        """Whether the replay matched the reference exactly."""
        return self.problem is None


def load_tasks(path: Path) -> list[Task]:
    """Read a ``tasks_*.json`` file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"task file {path} does not exist", path=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"task file {path} is not valid JSON (line {exc.lineno}): {exc.msg}", path=str(path)
        ) from exc
    if not isinstance(raw, list):
        raise InputError(
            f"task file {path} should hold a list of tasks, found {type(raw).__name__}",
            path=str(path),
        )
    try:
        return [_task(path.stem, position, entry) for position, entry in enumerate(raw)]
    except (KeyError, TypeError) as exc:
        raise InputError(
            f"task file {path} has a task without the expected fields ({exc})", path=str(path)
        ) from exc


def direct_runner(
    connector: RetailConnector, action: str, kwargs: Mapping[str, Any], key: str
) -> Any:
    """Run an operation straight on the connector: parse, check, execute."""
    args = connector.parse(action, kwargs)
    connector.check(action, args)
    return connector.execute(action, args, key)


def replay_task(
    task: Task,
    pristine: Mapping[str, Mapping[str, Record]],
    run: Runner = direct_runner,
) -> TaskReport:
    """Run the task's operations on a fresh copy of ``pristine`` and compare with the reference.

    Operations the store does not implement (``calculate``, ``transfer_to_human_agents``) are
    skipped. ``pristine`` is shared, never changed.
    """
    store = RetailStore.in_memory(pristine, copy_data=False)
    connector = RetailConnector(store)
    known = {spec.name for spec in connector.specs()}
    steps: list[Step] = []
    problem: str | None = None
    for index, action in enumerate(task.actions):
        if action.name not in known:
            steps.append(Step(index, action.name, skipped=True))
            continue
        version = store.version
        try:
            run(connector, action.name, action.kwargs, f"replay:{task.label}:{index}")
        except Refusal as refusal:
            steps.append(Step(index, action.name, str(refusal.code), refusal.reason))
            if store.version != version:
                problem = f"operation {index} ({action.name}) was refused but changed the store"
                break
            continue
        except ActionError as exc:
            problem = f"operation {index} ({action.name}) could not run: {exc}"
            break
        steps.append(Step(index, action.name))
    changes = store.changes_since(pristine)
    problem = (
        problem
        or _refusal_difference(task.reference_errors, steps)
        or diff_changes(task.expected_changes, changes)
    )
    return TaskReport(task, tuple(steps), changes, problem)


def reference_error_code(message: str) -> RefusalCode | None:
    """The refusal code that a reference store's error message corresponds to, if known."""
    lowered = message.lower()
    for fragment, code in _REFERENCE_ERRORS:
        if fragment in lowered:
            return code
    return None


def diff_changes(
    expected: Mapping[str, Mapping[str, Record | None]],
    actual: Mapping[str, Mapping[str, Record | None]],
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


def _refusal_difference(reference_errors: Sequence[str], steps: Sequence[Step]) -> str | None:
    expected: list[str] = []
    for message in reference_errors:
        code = reference_error_code(message)
        if code is None:
            return f"reference error {message!r} has no known refusal code"
        expected.append(str(code))
    refused = [step for step in steps if step.refusal_code is not None]
    found = [str(step.refusal_code) for step in refused]
    if found == expected:
        return None
    details = "; ".join(
        f"operation {s.index} {s.action}: {s.refusal_code} ({s.refusal_reason})" for s in refused
    )
    return f"refusals: expected [{', '.join(expected)}], found [{', '.join(found)}]" + (
        f" — {details}" if details else ""
    )


def _task(source: str, position: int, entry: Mapping[str, Any]) -> Task:
    return Task(
        source=source,
        index=int(entry.get("index", position)),
        user_id=str(entry["user_id"]),
        instruction=str(entry["instruction"]),
        actions=tuple(TaskAction(a["name"], dict(a["kwargs"])) for a in entry["actions"]),
        outputs=tuple(str(o) for o in entry.get("outputs", ())),
        expected_changes=entry["expected_changes"],
        reference_errors=tuple(str(e) for e in entry.get("reference_errors", ())),
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _show(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
