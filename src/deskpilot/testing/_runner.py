"""Running conversation test cases through the real pipeline, each on a pristine store.

The workspace, the store and the pipeline's components are loaded once per run; each case gets
its own in-memory database and its own in-memory copy of the store, so no case sees another's
writes and the store folder is never written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from deskpilot.actions import SideEffect
from deskpilot.components import default_registry
from deskpilot.domain import ActionStatus, CaseId
from deskpilot.domains import DomainPack, Tables
from deskpilot.errors import DeskpilotError, InputError
from deskpilot.pipeline import BuildContext, ComponentRegistry, ProcessingFailed
from deskpilot.runtime import Runtime, build_runtime, ensure_demo_store, pack_of
from deskpilot.settings import Settings
from deskpilot.testing._cases import ConversationCase, load_cases
from deskpilot.testing._compare import Escalation, ExecutedAction, check_expectations
from deskpilot.workspace import Workspace, load_workspace

Speaker = Literal["customer", "deskpilot"]


@dataclass(frozen=True)
class TranscriptLine:
    """One message of a case's conversation: who said it, and what."""

    speaker: Speaker
    text: str


@dataclass(frozen=True)
class CaseResult:
    """What one case did, and every way it missed its expectations."""

    name: str
    file: str
    failures: tuple[str, ...]
    transcript: tuple[TranscriptLine, ...]
    actions: tuple[ExecutedAction, ...]
    escalation: Escalation
    store_changes: Any

    @property
    def passed(self) -> bool:
        """True when the case met every expectation."""
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        """The result in the shape ``deskpilot test --json`` prints."""
        return {
            "name": self.name,
            "file": self.file,
            "passed": self.passed,
            "failures": list(self.failures),
            "transcript": [{line.speaker: line.text} for line in self.transcript],
            "actions": [
                {"name": a.name, "args": a.args, "outcome": a.outcome} for a in self.actions
            ],
            "escalation": {
                "escalated": self.escalation.escalated,
                "reason": self.escalation.reason,
                "queue": self.escalation.queue,
            },
            "store_changes": self.store_changes,
        }


def built_once(
    registry: ComponentRegistry, workspace: Workspace, catalogue: Mapping[str, Any]
) -> ComponentRegistry:
    """A registry whose factories hand out the workspace's chosen components, each built once.

    Building a component (training a classifier, compiling flows) can be slow; a test run builds
    a runtime per case, and every one of them shares these instances, built from the workspace
    and the pristine records' catalogue.
    """
    cfg = workspace.config.pipeline
    context = BuildContext(workspace, catalogue)
    understander = registry.understand.build(cfg.understand, context)
    decider = registry.decide.build(cfg.decide, context)
    responder = registry.respond.build(cfg.respond, context)
    once = ComponentRegistry()
    once.understand.add(cfg.understand, lambda _ctx: understander)
    once.decide.add(cfg.decide, lambda _ctx: decider)
    once.respond.add(cfg.respond, lambda _ctx: responder)
    return once


class ConversationTestRunner:
    """Runs cases against one workspace and one pristine store; use it as a context manager."""

    def __init__(
        self,
        settings: Settings,
        workspace: Workspace,
        store: Tables,
        registry: ComponentRegistry | None = None,
    ) -> None:
        self._workspace = workspace
        self._pack = _pack_for_tests(workspace)
        self._pristine = store
        catalogue = self._pack.catalogue(store)
        self._registry = built_once(registry or default_registry(), workspace, catalogue)
        self._scratch = tempfile.TemporaryDirectory(prefix="deskpilot-test-")
        self._settings = settings.model_copy(
            update={"database_url": "sqlite://", "data_dir": Path(self._scratch.name)}
        )

    def __enter__(self) -> ConversationTestRunner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Remove the scratch folder the runtimes were given."""
        self._scratch.cleanup()

    def run_case(self, case: ConversationCase, file: str) -> CaseResult:
        """Send the case's turns to a fresh case on a pristine store and compare the outcome."""
        runtime = build_runtime(
            self._settings,
            self._registry,
            store=self._pack.store.in_memory(self._pristine, copy_data=False),
            workspace=self._workspace,
        )
        try:
            return self._converse(runtime, case, file)
        finally:
            runtime.close()

    def _converse(self, runtime: Runtime, case: ConversationCase, file: str) -> CaseResult:
        conversation = runtime.pipeline.do_start_conversation(case.channel, None)
        transcript: list[TranscriptLine] = []
        failures: list[str] = []
        for number, turn in enumerate(case.turns, start=1):
            transcript.append(TranscriptLine("customer", turn.customer))
            try:
                result = runtime.pipeline.do_receive_message(conversation.id, turn.customer)
            except (ProcessingFailed, InputError) as exc:
                failures.append(f"turn {number} failed: {_failure_detail(exc)}")
                break
            transcript += [TranscriptLine("deskpilot", reply.text) for reply in result.replies]
        actions, escalation = case_outcome(runtime, conversation.case_id)
        replies = [line.text for line in transcript if line.speaker == "deskpilot"]
        failures += check_expectations(case.expect, actions, escalation, replies)
        return CaseResult(
            name=case.name,
            file=file,
            failures=tuple(failures),
            transcript=tuple(transcript),
            actions=actions,
            escalation=escalation,
            store_changes=_changes(runtime, self._pristine),
        )


def _pack_for_tests(workspace: Workspace) -> DomainPack:
    pack = pack_of(workspace)
    if pack is None:
        raise InputError(
            f"{workspace.root / 'deskpilot.yaml'}: conversation tests run on a domain pack's "
            "records; the workspace names none (domain:)"
        )
    return pack


def _changes(runtime: Runtime, pristine: Tables) -> Any:
    assert runtime.store is not None  # a pack's runtime has its records
    return runtime.store.changes_since(pristine)


def case_outcome(
    runtime: Runtime, case_id: CaseId
) -> tuple[tuple[ExecutedAction, ...], Escalation]:
    """The writes that ran and succeeded, in order, and whether the case was handed off."""
    with runtime.db.transaction() as repo:
        case, _ = repo.get_case(case_id)
        calls = repo.list_action_calls(case_id)
    actions = tuple(
        ExecutedAction(call.action, call.args, call.result)
        for call in calls
        if call.side_effect == SideEffect.WRITE.value and call.status is ActionStatus.SUCCEEDED
    )
    if case.handoff is None:
        return actions, Escalation(escalated=False)
    return actions, Escalation(True, case.handoff.reason, case.handoff.queue)


def _failure_detail(exc: DeskpilotError) -> str:
    """Why a turn failed: the error behind ``ProcessingFailed``, not its generic message."""
    cause = exc.__cause__
    if isinstance(cause, DeskpilotError):
        return cause.message
    if cause is not None:
        return f"{type(cause).__name__}: {cause}"
    return exc.message


def run_case_files(
    paths: Sequence[Path], settings: Settings, *, registry: ComponentRegistry | None = None
) -> list[CaseResult]:
    """Run every case of every file; all files are validated before any case runs.

    The workspace is ``settings.workspace``; the store is ``settings.store`` or the generated
    demo store.
    """
    if not paths:
        raise InputError("name at least one conversation test file")
    files = [(str(path), load_cases(path)) for path in paths]
    workspace = load_workspace(settings.workspace)
    pack = _pack_for_tests(workspace)
    pristine = pack.load(ensure_demo_store(settings, pack))
    with ConversationTestRunner(settings, workspace, pristine, registry) as runner:
        return [runner.run_case(case, shown) for shown, loaded in files for case in loaded.cases]


def summary(results: Sequence[CaseResult]) -> str:
    """``N passed, M failed``."""
    failed = sum(1 for r in results if not r.passed)
    return f"{len(results) - failed} passed, {failed} failed"
