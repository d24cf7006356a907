"""Replay reference tasks against the store and say where the result differs from the reference.

A task (``tasks_*.json``) is a customer's goal with the operations a correct agent runs and the
records those operations change (``expected_changes``). ``replay_task`` runs the operations on a
pristine in-memory store — directly, or through the ``runner`` the caller passes (the guard) —
and reports the first difference (``diff_changes``, shared by the packs), e.g.
``orders.#W123.status: expected 'x', found 'y'``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskpilot.actions._spec import Refusal
from deskpilot.domains._replay import (
    ReferenceTask,
    ReplayReport,
    TaskAction,
    diff_changes,
    load_task_file,
)
from deskpilot.errors import ActionError

from ._common import RefusalCode
from ._connector import RetailConnector
from ._state import Record, RetailStore, store_changes

__all__ = [
    "Run",
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

# What the reference store's error messages mean in this store's refusal codes; matched as
# substrings, first match wins.
_REFERENCE_ERRORS: tuple[tuple[str, RefusalCode], ...] = (
    ("not found", RefusalCode.NOT_FOUND),
    ("insufficient gift card balance", RefusalCode.INSUFFICIENT_GIFT_CARD_BALANCE),
    ("original payment method or a gift card", RefusalCode.REFUND_METHOD_NOT_ALLOWED),
    ("non-delivered order", RefusalCode.ORDER_NOT_DELIVERED),
    ("non-pending order", RefusalCode.ORDER_NOT_PENDING),
)

Run = Callable[[str, Mapping[str, Any], str], Any]
"""Runs one operation (action name, raw kwargs, idempotency key); raises ``Refusal``."""
Runner = Callable[[RetailConnector], Run]
"""How a task's operations run on its connector: straight on it, or through the guard."""


@dataclass(frozen=True)
class Task(ReferenceTask):
    """A reference task: the operations to run and the records they must change."""

    instruction: str
    actions: tuple[TaskAction, ...]
    outputs: tuple[str, ...]
    expected_changes: Mapping[str, Mapping[str, Record | None]]
    reference_errors: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """What happened to one operation: run, refused (with code and reason), or skipped."""

    index: int
    action: str
    refusal_code: str | None = None
    refusal_reason: str | None = None
    skipped: bool = False


@dataclass(frozen=True)
class TaskReport(ReplayReport[Task, Step]):
    """The outcome of replaying one store task; ``problem`` is None when it matched."""


def load_tasks(path: Path) -> list[Task]:
    """Read a ``tasks_*.json`` file."""
    return load_task_file(path, _task)


def direct_runner(connector: RetailConnector) -> Run:
    """Run each operation straight on the connector: parse, check, execute."""

    def run(action: str, kwargs: Mapping[str, Any], key: str) -> Any:
        args = connector.parse(action, kwargs)
        connector.check(action, args)
        return connector.execute(action, args, key)

    return run


def replay_task(
    task: Task,
    pristine: Mapping[str, Mapping[str, Record]],
    runner: Runner = direct_runner,
) -> TaskReport:
    """Run the task's operations on a fresh copy of ``pristine`` and compare with the reference.

    Operations the store does not implement (``calculate``, ``transfer_to_human_agents``) are
    skipped. ``pristine`` is shared, never changed.
    """
    store = RetailStore.in_memory(pristine, copy_data=False)
    connector = RetailConnector(store)
    run = runner(connector)
    known = {spec.name for spec in connector.specs()}
    steps: list[Step] = []
    problem: str | None = None
    for index, action in enumerate(task.actions):
        if action.name not in known:
            steps.append(Step(index, action.name, skipped=True))
            continue
        version = store.version
        try:
            run(action.name, action.kwargs, f"replay:{task.label}:{index}")
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
