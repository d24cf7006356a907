"""Replaying reference tasks through the action layer: the guard, idempotency and audit included.

Each task starts from a pristine copy of the store. Its operations run in order as the task's
customer, verified, with an explicit confirmation of each write's exact arguments — so a task
passes only when the guard and the store together do exactly what the reference store did.
The guard, the customer's case and the audit are the packs' shared ``ReplayGuard``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from deskpilot.actions import Refusal
from deskpilot.domain import ActionStatus
from deskpilot.domains._replay import ReplayGuard
from deskpilot.domains.retail import RetailConnector, load_store
from deskpilot.domains.retail.replay_support import Run, Runner, TaskReport, load_tasks, replay_task
from deskpilot.errors import ConnectorError, InputError
from deskpilot.workspace import PolicyFile


def guarded_runner(guard: ReplayGuard, user_id: str) -> Runner:
    """Run a task's operations through ``guard``'s action layer as the customer ``user_id``; a
    refused operation raises ``Refusal``, a failed one ``ConnectorError``."""

    def runner(connector: RetailConnector) -> Run:
        session = guard.session(connector, user_id)

        def run(action: str, kwargs: Mapping[str, Any], key: str) -> Any:
            outcome = session.run(action, kwargs, key)
            if outcome.status is ActionStatus.REFUSED:
                raise Refusal(outcome.refusal_code or "refused", outcome.refusal_reason or "")
            if outcome.status is ActionStatus.FAILED:
                raise ConnectorError(f"{action} failed: {outcome.refusal_code}")
            return outcome.result

        return run

    return runner


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
    guard = ReplayGuard(policies)
    try:
        return [replay_task(task, pristine, guarded_runner(guard, task.user_id)) for task in tasks]
    finally:
        guard.close()


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
