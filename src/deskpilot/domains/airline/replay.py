"""Replaying the airline's reference tasks (``replay.json``) through the action layer.

A task (``{index, user_id, actions, outputs, expected_changes, reference_errors}``) lists the
operations a correct agent runs and the records they change. Each task runs on a pristine
in-memory copy of the records, as its customer, verified, each write confirmed with its exact
arguments, so it passes only when the guard and the connector together do what the reference
did: the same records changed, and exactly the refusals the reference made, word for word.

Three tools of the reference agent change no record and are not connector operations:
``think`` is a scratchpad (skipped), ``calculate`` is arithmetic (computed, so a malformed
expression is noticed), and ``transfer_to_human_agents`` hands the conversation to a person,
which ends it: any operation after it is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskpilot.domain import ActionStatus
from deskpilot.domains import ReplayResult
from deskpilot.domains._replay import (
    ReferenceTask,
    ReplayGuard,
    ReplayReport,
    ReplaySession,
    TaskAction,
    diff_changes,
    load_task_file,
)
from deskpilot.errors import ActionError, InputError
from deskpilot.workspace import PolicyFile

from ._calculate import CalculationError, calculate
from ._connector import AirlineConnector
from ._state import AirlineData, AirlineStore, Record, load_airline

SCRATCHPAD = "think"
CALCULATOR = "calculate"
HANDOFF = "transfer_to_human_agents"


@dataclass(frozen=True)
class ReferenceRefusal:
    """An operation the reference refused: its position, its name and its error text."""

    index: int
    name: str
    error: str


@dataclass(frozen=True)
class AirlineTask(ReferenceTask):
    """A reference task: the operations to run and the records they must change."""

    actions: tuple[TaskAction, ...]
    outputs: tuple[str, ...]
    expected_changes: Mapping[str, Mapping[str, Record | None]]
    reference_errors: tuple[ReferenceRefusal, ...]


@dataclass(frozen=True)
class Step:
    """What became of one operation: ``ok``, ``refused`` (with the error text as the reference
    would write it), ``skipped``, ``handoff`` or ``calculated`` (with the value)."""

    index: int
    action: str
    outcome: str
    code: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class TaskReport(ReplayReport[AirlineTask, Step]):
    """The outcome of replaying one airline task; ``problem`` is None when it matched."""

    def as_json(self) -> dict[str, Any]:
        """The report as JSON: passed, the first difference, the steps and the changes."""
        return {
            "task": self.task.label,
            "user_id": self.task.user_id,
            "passed": self.ok,
            "problem": self.problem,
            "steps": [
                {
                    "index": s.index,
                    "action": s.action,
                    "outcome": s.outcome,
                    "refusal_code": s.code,
                    "detail": s.detail,
                }
                for s in self.steps
            ],
            "store_changes": self.changes,
        }


def load_replay(path: Path) -> list[AirlineTask]:
    """Read a ``replay.json`` file of airline reference tasks."""
    return load_task_file(path, _task)


def replay_task(task: AirlineTask, pristine: AirlineData, guard: ReplayGuard) -> TaskReport:
    """Run the task's operations on a fresh copy of ``pristine`` (shared, never changed) and
    compare with the reference."""
    store = AirlineStore.in_memory(pristine, copy_data=False)
    session = guard.session(AirlineConnector(store), task.user_id)
    steps: list[Step] = []
    problem: str | None = None
    handed_off = False
    for index, action in enumerate(task.actions):
        if handed_off:
            steps.append(Step(index, action.name, "skipped", detail="after the hand-off"))
            continue
        version = store.version
        try:
            step = _run(session, task, index, action)
        except ActionError as exc:
            problem = f"operation {index} ({action.name}) could not run: {exc.message}"
            break
        steps.append(step)
        if step.outcome == "failed":
            problem = f"operation {index} ({action.name}) failed: {step.detail}"
            break
        if step.outcome == "refused" and store.version != version:
            problem = f"operation {index} ({action.name}) was refused but changed the records"
            break
        handed_off = step.outcome == "handoff"
    changes = store.changes_since(pristine)
    problem = (
        problem
        or _refusal_difference(task.reference_errors, steps)
        or diff_changes(task.expected_changes, changes)
    )
    return TaskReport(task, tuple(steps), changes, problem)


def replay_tasks(
    tasks_path: Path, folder: Path, policies: PolicyFile | None = None
) -> list[TaskReport]:
    """Replay every task of ``tasks_path`` against pristine copies of the records in
    ``folder``, through the guard (with ``policies``, or none)."""
    if not (folder / "reservations.json").exists():
        raise InputError(
            f"{folder}: not an airline records folder (users.json, flights.json, "
            "reservations.json)",
            path=str(folder),
        )
    tasks = load_replay(tasks_path)
    pristine = load_airline(folder)
    guard = ReplayGuard(policies)
    try:
        return [replay_task(task, pristine, guard) for task in tasks]
    finally:
        guard.close()


def replay_results(
    tasks_path: Path, folder: Path, policies: PolicyFile | None
) -> list[ReplayResult]:
    """``deskpilot actions replay`` for the airline."""
    return [
        ReplayResult(r.task.label, r.problem, r.as_json())
        for r in replay_tasks(tasks_path, folder, policies)
    ]


def _run(session: ReplaySession, task: AirlineTask, index: int, action: TaskAction) -> Step:
    name = action.name
    if name == SCRATCHPAD:
        return Step(index, name, "skipped")
    if name == HANDOFF:
        return Step(index, name, "handoff", detail=str(action.kwargs.get("summary", "")))
    if name == CALCULATOR:
        try:
            value = calculate(str(action.kwargs.get("expression", "")))
        except CalculationError as exc:
            return Step(index, name, "refused", "invalid_expression", str(exc))
        return Step(index, name, "calculated", detail=value)
    if not session.knows(name):
        raise ActionError(f"the airline has no operation {name!r}", action=name)
    outcome = session.run(name, action.kwargs, f"replay:{task.label}:{index}")
    if outcome.status is ActionStatus.REFUSED:
        return Step(index, name, "refused", outcome.refusal_code, outcome.refusal_reason)
    if outcome.status is ActionStatus.FAILED:
        return Step(index, name, "failed", outcome.refusal_code, outcome.refusal_reason)
    return Step(index, name, "ok")


def _refusal_difference(expected: tuple[ReferenceRefusal, ...], steps: list[Step]) -> str | None:
    want = [(e.index, e.name, e.error) for e in expected]
    found = [(s.index, s.action, f"Error: {s.detail}") for s in steps if s.outcome == "refused"]
    if want == found:
        return None
    return f"refusals: expected {_list(want)}, found {_list(found)}"


def _list(refusals: list[tuple[int, str, str]]) -> str:
    return "[" + "; ".join(f"operation {i} {name}: {text}" for i, name, text in refusals) + "]"


def _task(source: str, position: int, entry: Mapping[str, Any]) -> AirlineTask:
    return AirlineTask(
        source=source,
        index=int(entry.get("index", position)),
        user_id=str(entry["user_id"]),
        actions=tuple(TaskAction(a["name"], dict(a["kwargs"])) for a in entry["actions"]),
        outputs=tuple(str(o) for o in entry.get("outputs", ())),
        expected_changes=entry["expected_changes"],
        reference_errors=tuple(
            ReferenceRefusal(int(e["index"]), str(e["name"]), str(e["error"]))
            for e in entry.get("reference_errors", ())
        ),
    )


__all__ = [
    "AirlineTask",
    "ReferenceRefusal",
    "Step",
    "TaskAction",
    "TaskReport",
    "load_replay",
    "replay_results",
    "replay_task",
    "replay_tasks",
]
