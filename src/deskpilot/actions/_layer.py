"""The action layer: the only way anything reaches the business's systems.

Every call is validated against the action's input model, passes the guard, and is audited as
events. Writes carry an idempotency key and are recorded before the backend is called, so a
retry after a crash or a timeout performs the write once and returns the stored result.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from deskpilot.actions._audit import mask_personal
from deskpilot.actions._guard import Guard, GuardContext, GuardVerdict, canonical_args
from deskpilot.actions._spec import ActionSpec, Connector, Refusal, SideEffect
from deskpilot.domain import ActionCall, ActionCallId, ActionStatus, EventType, new_id, utcnow
from deskpilot.errors import ActionError, ConnectorError
from deskpilot.store import Database

logger = logging.getLogger(__name__)


class EventSink(Protocol):
    """Where the action layer writes its audit events (the pipeline's recorder)."""

    def emit(self, type: EventType, data: dict[str, Any], *, actor: str) -> None:
        """Queue one event for the current case."""
        ...

    def flush(self) -> None:
        """Make every queued event durable now."""
        ...


@dataclass(frozen=True)
class ActionOutcome:
    """What became of one action request."""

    action: str
    args: dict[str, Any]
    status: ActionStatus
    result: Any = None
    refusal_code: str | None = None
    refusal_reason: str | None = None
    # The reason as a template of the workspace and its facts (``Refusal.said``), when the
    # connector gave one; a write replayed from its record has only ``refusal_reason``.
    refusal_said: tuple[str, Mapping[str, Any]] | None = None
    handoff: bool = False
    retryable: bool = False
    replayed: bool = False
    call_id: ActionCallId | None = None

    @property
    def ok(self) -> bool:
        """True when the action ran and succeeded."""
        return self.status is ActionStatus.SUCCEEDED


class ActionRegistry:
    """Every action by name, and the connector that implements it; filled at start-up."""

    def __init__(self) -> None:
        self._specs: dict[str, ActionSpec] = {}
        self._connectors: dict[str, Connector] = {}

    def register(self, connector: Connector) -> None:
        """Add a connector and all of its actions; a name used twice is an error."""
        if connector.name in self._connectors:
            raise ActionError(f"connector {connector.name!r} is registered twice")
        self._connectors[connector.name] = connector
        for spec in connector.specs():
            if spec.name in self._specs:
                raise ActionError(
                    f"action {spec.name!r} is declared by both "
                    f"{self._specs[spec.name].connector!r} and {spec.connector!r}"
                )
            self._specs[spec.name] = spec

    def spec(self, name: str) -> ActionSpec:
        """The declaration of action ``name``; ActionError listing valid names otherwise."""
        try:
            return self._specs[name]
        except KeyError:
            raise ActionError(
                f"unknown action {name!r}; known actions: {', '.join(sorted(self._specs))}",
                action=name,
            ) from None

    def connector_for(self, spec: ActionSpec) -> Connector:
        """The connector that runs ``spec``."""
        return self._connectors[spec.connector]

    def specs(self) -> Sequence[ActionSpec]:
        """All registered actions, by name."""
        return [self._specs[n] for n in sorted(self._specs)]


def idempotency_key(case_id: str, action: str, args: dict[str, Any], nonce: str = "") -> str:
    """The key that makes one confirmed write in one case run once, however often it is retried."""
    raw = f"{case_id}|{action}|{canonical_args(args)}|{nonce}"
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


class ActionLayer:
    """Validates, guards, runs and audits actions."""

    def __init__(self, registry: ActionRegistry, guard: Guard, db: Database) -> None:
        self.registry = registry
        self.guard = guard
        self.db = db

    def parse_args(self, spec: ActionSpec, raw: dict[str, Any]) -> BaseModel:
        """Validate raw arguments against the action's input model."""
        try:
            return spec.input_model.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(arguments)"
            raise ActionError(
                f"invalid arguments for {spec.name}: {where}: {first['msg']}", action=spec.name
            ) from exc

    def preview(self, name: str, raw_args: dict[str, Any], ctx: GuardContext) -> GuardVerdict:
        """Whether write ``name`` could run now for ``ctx`` but for the confirmation and the
        limits a person may lift (``Guard.preview``); nothing runs and nothing is recorded.
        Arguments it cannot read or a system that cannot be reached preview as allowed: the
        write itself will say."""
        spec = self.registry.spec(name)
        try:
            args = self.parse_args(spec, raw_args)
            return self.guard.preview(spec, args, self.registry.connector_for(spec), ctx)
        except (ActionError, ConnectorError) as exc:
            return GuardVerdict(True, "allowed", f"not previewed: {exc}", ())

    def call(
        self,
        name: str,
        raw_args: dict[str, Any],
        ctx: GuardContext,
        sink: EventSink,
        *,
        nonce: str = "",
    ) -> ActionOutcome:
        """Run action ``name`` for ``ctx`` through the guard; refusals come back as outcomes."""
        spec = self.registry.spec(name)
        args = self.parse_args(spec, raw_args)
        plain = args.model_dump(mode="json")
        connector = self.registry.connector_for(spec)
        sink.emit(
            EventType.ACTION_REQUESTED,
            {"action": name, "side_effect": spec.side_effect.value, "args": mask_personal(plain)},
            actor=ctx.actor,
        )
        # Only a write is kept under its key; a read runs again whenever it is asked.
        key = ""
        if spec.side_effect is SideEffect.WRITE:
            key = idempotency_key(ctx.case.id, name, plain, nonce)
            with self.db.transaction() as repo:
                existing = repo.find_action_call(ctx.case.id, key)
            if existing is not None:
                # The guard allowed this exact write before; its preconditions may no longer
                # hold *because* it ran. Resume or replay it, never re-decide it.
                return self._resume(spec, args, plain, connector, existing, sink)
        try:
            impact = self._impact(connector, spec, args)
            verdict = self.guard.evaluate(spec, args, connector, ctx, impact)
        except ConnectorError as exc:
            # The guard could not look at the system (an ownership or precondition lookup
            # failed): nothing runs, and the outcome says whether a retry may help.
            return self._failed(name, plain, exc, time.perf_counter(), sink)
        sink.emit(EventType.GUARD_DECISION, {"action": name, **verdict.as_event()}, actor="guard")
        if not verdict.allowed:
            return self._refused(name, plain, verdict, sink)
        if spec.side_effect is SideEffect.READ:
            return self._run_read(spec, args, plain, connector, sink)
        call = ActionCall(
            id=ActionCallId(new_id("act")),
            case_id=ctx.case.id,
            action=spec.name,
            args=plain,
            idempotency_key=key,
            actor=ctx.actor,
            side_effect=spec.side_effect.value,
        )
        # The request is durable before the backend sees it: a crash after the call is
        # retried with the same key, and the backend returns its stored result.
        sink.flush()
        with self.db.transaction() as repo:
            repo.insert_action_call(call)
        return self._run_write(spec, args, plain, connector, call, sink)

    def _resume(
        self,
        spec: ActionSpec,
        args: BaseModel,
        plain: dict[str, Any],
        connector: Connector,
        existing: ActionCall,
        sink: EventSink,
    ) -> ActionOutcome:
        if existing.status is ActionStatus.REQUESTED:
            sink.emit(
                EventType.ACTION_RESULT,
                {"action": spec.name, "status": "resumed", "call_id": existing.id},
                actor="action_layer",
            )
            return self._run_write(spec, args, plain, connector, existing, sink)
        sink.emit(
            EventType.ACTION_RESULT,
            {"action": spec.name, "status": existing.status.value, "replayed": True},
            actor="action_layer",
        )
        return self._outcome_from_call(existing, replayed=True)

    @staticmethod
    def _impact(connector: Connector, spec: ActionSpec, args: BaseModel) -> dict[str, Any]:
        estimate = getattr(connector, "impact", None)
        if estimate is None or spec.side_effect is SideEffect.READ:
            return {}
        try:
            found = estimate(spec.name, args)
        except Refusal:
            return {}
        return dict(found) if isinstance(found, dict) else {}

    def _refused(
        self, name: str, plain: dict[str, Any], verdict: GuardVerdict, sink: EventSink
    ) -> ActionOutcome:
        sink.emit(
            EventType.ACTION_RESULT,
            {"action": name, "status": "refused", "code": verdict.code, "duration_ms": 0.0},
            actor="guard",
        )
        return ActionOutcome(
            action=name,
            args=plain,
            status=ActionStatus.REFUSED,
            refusal_code=verdict.code,
            refusal_reason=verdict.reason,
            refusal_said=verdict.said,
            handoff=verdict.handoff,
        )

    def _run_read(
        self,
        spec: ActionSpec,
        args: BaseModel,
        plain: dict[str, Any],
        connector: Connector,
        sink: EventSink,
    ) -> ActionOutcome:
        started = time.perf_counter()
        try:
            result = connector.execute(spec.name, args, "")
        except Refusal as refusal:
            return self._finish_refusal(spec.name, plain, refusal, started, sink)
        except ConnectorError as exc:
            return self._failed(spec.name, plain, exc, started, sink)
        self._emit_result(sink, spec.name, "succeeded", started)
        return ActionOutcome(spec.name, plain, ActionStatus.SUCCEEDED, result=result)

    def _run_write(
        self,
        spec: ActionSpec,
        args: BaseModel,
        plain: dict[str, Any],
        connector: Connector,
        call: ActionCall,
        sink: EventSink,
    ) -> ActionOutcome:
        started = time.perf_counter()
        try:
            result = connector.execute(spec.name, args, call.idempotency_key)
        except Refusal as refusal:
            done = replace(
                call,
                status=ActionStatus.REFUSED,
                refusal_code=refusal.code,
                refusal_reason=refusal.reason,
                finished_at=utcnow(),
            )
            self._record_call(done)
            return self._finish_refusal(spec.name, plain, refusal, started, sink, done.id)
        except ConnectorError as exc:
            if not exc.retryable:
                self._record_call(replace(call, status=ActionStatus.FAILED, finished_at=utcnow()))
            return self._failed(spec.name, plain, exc, started, sink, call.id)
        # Kept for the audit with names, e-mails and addresses masked: the business's system
        # holds the record; the reply below is built from the full result.
        kept = mask_personal(result)
        done = replace(call, status=ActionStatus.SUCCEEDED, result=kept, finished_at=utcnow())
        self._record_call(done)
        self._emit_result(sink, spec.name, "succeeded", started, call_id=done.id)
        return ActionOutcome(
            spec.name, plain, ActionStatus.SUCCEEDED, result=result, call_id=done.id
        )

    def _record_call(self, call: ActionCall) -> None:
        with self.db.transaction() as repo:
            repo.finish_action_call(call)

    @staticmethod
    def _outcome_from_call(call: ActionCall, *, replayed: bool) -> ActionOutcome:
        return ActionOutcome(
            action=call.action,
            args=call.args,
            status=call.status,
            result=call.result,
            refusal_code=call.refusal_code,
            refusal_reason=call.refusal_reason,
            replayed=replayed,
            call_id=call.id,
        )

    def _finish_refusal(
        self,
        name: str,
        plain: dict[str, Any],
        refusal: Refusal,
        started: float,
        sink: EventSink,
        call_id: ActionCallId | None = None,
    ) -> ActionOutcome:
        self._emit_result(sink, name, "refused", started, code=refusal.code, call_id=call_id)
        return ActionOutcome(
            name,
            plain,
            ActionStatus.REFUSED,
            refusal_code=refusal.code,
            refusal_reason=refusal.reason,
            refusal_said=refusal.said,
            call_id=call_id,
        )

    def _failed(
        self,
        name: str,
        plain: dict[str, Any],
        exc: ConnectorError,
        started: float,
        sink: EventSink,
        call_id: ActionCallId | None = None,
    ) -> ActionOutcome:
        logger.warning("action %s failed: %s (retryable=%s)", name, exc.code, exc.retryable)
        self._emit_result(sink, name, "failed", started, code=exc.code, call_id=call_id)
        return ActionOutcome(
            name,
            plain,
            ActionStatus.FAILED,
            refusal_code=exc.code,
            refusal_reason="The system behind this request did not answer properly.",
            retryable=exc.retryable,
            call_id=call_id,
        )

    @staticmethod
    def _emit_result(
        sink: EventSink,
        name: str,
        status: str,
        started: float,
        *,
        code: str | None = None,
        call_id: str | None = None,
    ) -> None:
        data: dict[str, Any] = {
            "action": name,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 3),
        }
        if code is not None:
            data["code"] = code
        if call_id is not None:
            data["call_id"] = call_id
        sink.emit(EventType.ACTION_RESULT, data, actor="action_layer")
