"""Understanding of goal descriptions: a scripted customer against the real pipeline.

Each task of ``tasks.yaml`` is a tau-retail training goal described in our own words. The
description is sent as the customer's first message; then a scripted customer (``_customer.py``)
answers every reply from the task's facts, reading only the reply's text, and says yes to every
confirmation. A task is resolved when the store ends exactly as the task's ``expected_changes``;
a wrong write is an executed write that is not one of the task's ground-truth writes with exactly
its arguments. Each task runs as ``deskpilot test`` runs a case: one workspace and one set of
components for the run, a pristine in-memory store and an in-memory database per task.

    .venv/bin/python bench/understanding/scripted.py [--tasks bench/understanding/tasks.yaml]
        [--store ../shared/datasets/tau-retail] [--only 12,17] [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_STORE = ROOT.parent / "shared" / "datasets" / "tau-retail"
MAX_TURNS = 14
sys.path.insert(0, str(HERE))

from _customer import ScriptedCustomer  # noqa: E402
from _tasks import BenchTask, BenchTaskError, GroundTruthWrite, load_bench_tasks  # noqa: E402

from deskpilot.components import default_registry  # noqa: E402
from deskpilot.errors import DeskpilotError, InputError  # noqa: E402
from deskpilot.pipeline import ComponentRegistry, ProcessingFailed  # noqa: E402
from deskpilot.runtime import Runtime, build_runtime  # noqa: E402
from deskpilot.settings import Settings, get_settings  # noqa: E402
from deskpilot.testing import (  # noqa: E402
    ExecutedAction,
    built_once,
    case_outcome,
    describe_call,
    values_match,
)
from deskpilot.workspace import Workspace, load_workspace  # noqa: E402


@dataclass
class TaskRun:
    """What one task's conversation did and how it compares with the reference."""

    task: int
    resolved: bool
    difference: str | None
    wrong_writes: list[str]
    executed: list[str]
    expected_done: int
    expected_total: int
    turns: int
    handed_off: bool
    handoff_reason: str | None
    restatements: int
    error: str | None
    transcript: list[dict[str, str]] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Resolved, and no write that the reference does not make."""
        return self.resolved and not self.wrong_writes


def retail_package() -> ModuleType:
    """The store connector's package, wherever this version of DeskPilot keeps it."""
    for name in ("deskpilot.domains.retail", "deskpilot.actions.connectors.retail"):
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise
    raise SystemExit("error: this DeskPilot has no retail store package to run the tasks on")


class Bench:
    """Runs tasks one after another on one workspace, one set of components and one store."""

    def __init__(self, settings: Settings, workspace: Workspace, store: Path) -> None:
        self._retail = retail_package()
        self._pristine: dict[str, Any] = self._retail.load_store(store)
        self._registry: ComponentRegistry = built_once(
            default_registry(), workspace, self._pristine["products"]
        )
        self._workspace = workspace
        self._scratch = tempfile.TemporaryDirectory(prefix="deskpilot-understanding-")
        self._settings = settings.model_copy(
            update={
                "store": store,
                "database_url": "sqlite://",
                "data_dir": Path(self._scratch.name),
            }
        )

    def close(self) -> None:
        """Remove the scratch folder the runtimes were given."""
        self._scratch.cleanup()

    def run(self, task: BenchTask) -> TaskRun:
        """Hold the task's conversation on a pristine store and judge the outcome."""
        store = self._retail.RetailStore.in_memory(self._pristine, copy_data=False)
        runtime = build_runtime(
            self._settings, self._registry, store=store, workspace=self._workspace
        )
        try:
            return self._converse(runtime, task)
        finally:
            runtime.close()

    def _converse(self, runtime: Runtime, task: BenchTask) -> TaskRun:
        conversation = runtime.pipeline.do_start_conversation("chat", None)
        customer = ScriptedCustomer(task.facts, task.targets)
        transcript: list[dict[str, str]] = []
        message, turns, error = task.description, 0, None
        while turns < MAX_TURNS:
            turns += 1
            transcript.append({"customer": message})
            try:
                result = runtime.pipeline.do_receive_message(conversation.id, message)
            except (ProcessingFailed, InputError) as exc:
                error = f"turn {turns} failed: {_failure_detail(exc)}"
                break
            replies = [reply.text for reply in result.replies]
            transcript += [{"deskpilot": text} for text in replies]
            if customer.finished or case_outcome(runtime, conversation.case_id)[1].escalated:
                break
            message = customer.answer(replies)
        executed, escalation = case_outcome(runtime, conversation.case_id)
        assert runtime.store is not None
        changes = runtime.store.changes_since(self._pristine)
        difference = self._retail.diff_changes(task.expected_changes, changes)
        wrong, matched = _wrong_writes(task.writes, executed)
        return TaskRun(
            task=task.index,
            resolved=difference is None and error is None,
            difference=difference,
            wrong_writes=wrong,
            executed=[describe_call(x.name, x.args) for x in executed],
            expected_done=matched,
            expected_total=len(task.writes),
            turns=turns,
            handed_off=escalation.escalated,
            handoff_reason=escalation.reason,
            restatements=customer.restatements,
            error=error,
            transcript=transcript,
        )


def _wrong_writes(
    truth: Sequence[GroundTruthWrite], executed: Sequence[ExecutedAction]
) -> tuple[list[str], int]:
    """Executed writes that match no ground-truth write (each used once), and how many did."""
    unused = list(truth)
    wrong: list[str] = []
    for write in executed:
        match = next(
            (t for t in unused if t.name == write.name and values_match(t.kwargs, write.args)),
            None,
        )
        if match is None:
            wrong.append(describe_call(write.name, write.args))
        else:
            unused.remove(match)
    return wrong, len(truth) - len(unused)


def _failure_detail(exc: DeskpilotError) -> str:
    cause = exc.__cause__
    if isinstance(cause, DeskpilotError):
        return cause.message
    if cause is not None:
        return f"{type(cause).__name__}: {cause}"
    return exc.message


def summarise(runs: Sequence[TaskRun]) -> dict[str, Any]:
    """The run's figures: resolved, conversations with a wrong write, hand-offs, turns."""
    total = len(runs)
    resolved = sum(r.resolved for r in runs)
    wrong = sum(bool(r.wrong_writes) for r in runs)
    return {
        "tasks": total,
        "resolved": resolved,
        "resolved_pct": _pct(resolved, total),
        "with_wrong_write": wrong,
        "with_wrong_write_pct": _pct(wrong, total),
        "handed_off": sum(r.handed_off for r in runs),
        "median_turns": statistics.median(r.turns for r in runs) if runs else 0,
        "resolved_without_restating": sum(r.resolved and r.restatements == 0 for r in runs),
        "turn_errors": sum(r.error is not None for r in runs),
    }


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def task_line(run: TaskRun) -> str:
    """One line per task: the verdict, turns, writes, hand-off and what differed."""
    verdict = "resolved" if run.resolved else "NOT resolved"
    parts = [
        f"task {run.task:>3}  {verdict:<12}  turns {run.turns:>2}",
        f"writes {run.expected_done}/{run.expected_total}",
    ]
    if run.handed_off:
        parts.append(f"handed off ({run.handoff_reason})")
    if run.wrong_writes:
        parts.append("wrong: " + "; ".join(run.wrong_writes))
    if run.error:
        parts.append(run.error)
    elif run.difference and not run.resolved:
        parts.append(f"first difference: {run.difference}")
    return "  ".join(parts)


def summary_text(figures: dict[str, Any]) -> str:
    """The summary block printed after the task lines."""
    return "\n".join(
        [
            f"tasks: {figures['tasks']}",
            f"resolved: {figures['resolved']} ({figures['resolved_pct']} %)",
            f"conversations with a wrong write: {figures['with_wrong_write']}"
            f" ({figures['with_wrong_write_pct']} %)",
            f"handed off: {figures['handed_off']}",
            f"median turns: {figures['median_turns']}",
            f"resolved without the customer restating a request: "
            f"{figures['resolved_without_restating']}",
        ]
    )


def transcript_text(run: TaskRun) -> str:
    """A conversation as indented lines, for ``--verbose``."""
    lines = []
    for line in run.transcript:
        ((speaker, text),) = line.items()
        lines.append(f"    {speaker}: {text}")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(
        description="Resolution of described goals by DeskPilot, with a scripted customer."
    )
    p.add_argument("--tasks", type=Path, default=HERE / "tasks.yaml", help="the task file")
    p.add_argument("--store", type=Path, default=DEFAULT_STORE, help="the tau-retail folder")
    p.add_argument("--only", help="comma-separated train indices to run (default: all)")
    p.add_argument("--verbose", action="store_true", help="print transcripts of failures")
    p.add_argument("--json", action="store_true", help="print a JSON report on stdout")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the tasks and print the report; 0 when it ran (or skipped), 2 for unusable input."""
    args = parse_args(argv)
    store: Path = args.store
    if not (store / "orders.json").exists() or not (store / "tasks_train.json").exists():
        print(
            f"skipped: the tau-retail store is missing: {store} needs orders.json and "
            "tasks_train.json (see ../shared/datasets/README.md)"
        )
        return 0
    try:
        tasks = load_bench_tasks(args.tasks, store)
    except BenchTaskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.only:
        wanted = {int(part) for part in args.only.split(",") if part.strip()}
        tasks = [task for task in tasks if task.index in wanted]
    logging.basicConfig(level="CRITICAL")
    settings = get_settings()
    bench = Bench(settings, load_workspace(settings.workspace), store)
    runs: list[TaskRun] = []
    try:
        for task in tasks:
            run = bench.run(task)
            runs.append(run)
            if not args.json:
                print(task_line(run), flush=True)
                if args.verbose and not run.clean:
                    print(transcript_text(run), flush=True)
    finally:
        bench.close()
    figures = summarise(runs)
    if args.json:
        report = {
            "date": datetime.now(UTC).date().isoformat(),
            "command": " ".join([".venv/bin/python", *sys.argv]),
            "tasks_file": str(args.tasks),
            "store": str(store),
            "summary": figures,
            "tasks": [asdict(run) for run in runs],
        }
        print(json.dumps(report, indent=2))
    else:
        print(summary_text(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
