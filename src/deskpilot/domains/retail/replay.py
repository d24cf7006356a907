"""Replaying reference tasks through the action layer: the guard, idempotency and audit included.

Each task starts from a pristine copy of the store. Its operations run in order as the task's
customer, verified, with an explicit confirmation of each write's exact arguments — so a task
passes only when the guard and the store together do exactly what the reference store did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from deskpilot.actions._guard import Guard, GuardContext
from deskpilot.actions._layer import ActionLayer, ActionRegistry
from deskpilot.actions._spec import Refusal, SideEffect
from deskpilot.domain import (
    ActionStatus,
    Case,
    CaseId,
    CustomerId,
    PendingConfirmation,
    Verification,
    new_id,
)
from deskpilot.domains.retail import RetailConnector, load_store
from deskpilot.domains.retail.replay_support import (
    Task,
    TaskReport,
    load_tasks,
    replay_task,
)
from deskpilot.errors import ConnectorError, InputError
from deskpilot.store import CaseRecorder, Database
from deskpilot.workspace import PolicyFile


@dataclass
class _GuardedRunner:
    """Runs one task's operations through the action layer as that task's verified customer."""

    layer_for: Any
    db: Database
    user_id: str
    case: Case

    def __call__(
        self, connector: RetailConnector, action: str, kwargs: Mapping[str, Any], key: str
    ) -> Any:
        layer: ActionLayer = self.layer_for(connector)
        spec = layer.registry.spec(action)
        if spec.side_effect is SideEffect.WRITE:
            plain = layer.parse_args(spec, dict(kwargs)).model_dump(mode="json")
            confirmation = PendingConfirmation(action, plain, f"replay: {action}")
            self.case = replace(self.case, confirmed=(*self.case.confirmed, confirmation))
        recorder = CaseRecorder(self.db, self.case.id, None)
        ctx = GuardContext(case=self.case, actor="replay")
        outcome = layer.call(action, dict(kwargs), ctx, recorder, nonce=key)
        recorder.flush()
        if outcome.status is ActionStatus.REFUSED:
            raise Refusal(outcome.refusal_code or "refused", outcome.refusal_reason or "")
        if outcome.status is ActionStatus.FAILED:
            raise ConnectorError(f"{action} failed: {outcome.refusal_code}")
        if spec.identifies and isinstance(outcome.result, str):
            # As in a conversation, the customer is whoever the identifying lookup found
            # (a task's user_id field can name someone else than the customer it describes).
            verification = Verification(user_id=outcome.result, method=action)
            self.case = replace(self.case, verification=verification)
        return outcome.result


def replay_tasks(
    tasks_path: Path, store_dir: Path, policies: PolicyFile | None = None
) -> list[TaskReport]:
    """Replay every task of ``tasks_path`` against pristine copies of the store at ``store_dir``."""
    if not (store_dir / "orders.json").exists():
        raise InputError(
            f"{store_dir}: not a store folder (users.json, orders.json, products.json)"
        )
    tasks = load_tasks(tasks_path)
    pristine = load_store(store_dir)
    db = Database.connect("sqlite://")
    guard = Guard(policies or PolicyFile())
    layers: dict[int, ActionLayer] = {}

    def layer_for(connector: RetailConnector) -> ActionLayer:
        layer = layers.get(id(connector))
        if layer is None:
            registry = ActionRegistry()
            registry.register(connector)
            layers.clear()
            layer = layers[id(connector)] = ActionLayer(registry, guard, db)
        return layer

    try:
        return [replay_task(task, pristine, _runner(task, db, layer_for)) for task in tasks]
    finally:
        db.dispose()


def _runner(task: Task, db: Database, layer_for: Any) -> _GuardedRunner:
    case = Case(
        id=CaseId(new_id("case")),
        customer_id=CustomerId(new_id("cus")),
        verification=Verification(user_id=task.user_id, method="replay"),
    )
    with db.transaction() as repo:
        repo.insert_case(case)
    return _GuardedRunner(layer_for, db, task.user_id, case)


def report_json(report: TaskReport) -> dict[str, Any]:
    """One task's report as JSON: passed, the first difference, the steps and the store changes."""
    return {
        "task": report.task.label,
        "user_id": report.task.user_id,
        "passed": report.ok,
        "problem": report.problem,
        "steps": [
            {
                "index": s.index,
                "action": s.action,
                "outcome": "skipped" if s.skipped else ("refused" if s.refusal_code else "ok"),
                "refusal_code": s.refusal_code,
                "refusal_reason": s.refusal_reason,
            }
            for s in report.steps
        ],
        "store_changes": report.changes,
    }
